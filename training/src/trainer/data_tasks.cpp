#include "trainer/data_tasks.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "facellava/model/trained_tasks.h"
#include "metrics/answer_scoring.h"

namespace facellava::training {
namespace {

// "nano_describe" → {"nano", "describe"}, as metric_family_for splits names.
std::set<std::string> lower_words(const std::string& name) {
    std::set<std::string> words;
    std::string word;
    for (const char ch : name + " ") {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c)) {
            word += char(std::tolower(c));
        } else if (!word.empty()) {
            words.insert(word);
            word.clear();
        }
    }
    return words;
}

bool names_a_description(const std::string& data_task) {
    static const std::set<std::string> kWords = {"describe", "description", "descriptions",
                                                 "caption",  "captions",    "captioning"};
    const auto words = lower_words(data_task);
    return std::any_of(words.begin(), words.end(),
                       [](const std::string& w) { return kWords.count(w) == 1; });
}

}  // namespace

std::vector<std::string> model_tasks_in_data(const std::vector<std::string>& data_tasks,
                                             const std::map<std::string, double>& task_weights,
                                             const std::map<std::string, std::string>& task_kinds) {
    std::set<std::string> found;
    for (const auto& task : std::set<std::string>(data_tasks.begin(), data_tasks.end())) {
        if (const auto w = task_weights.find(task); w != task_weights.end() && !(w->second > 0))
            continue;  // left out of every epoch
        const MetricFamily family = metric_family_for(task, task_kinds);
        if (family != MetricFamily::None)
            found.insert(metric_family_name(family));  // the same names as the config key's
        else if (names_a_description(task))
            found.insert("description");
    }
    std::vector<std::string> ordered;
    for (const auto& name : model::known_task_names())
        if (found.count(name))
            ordered.push_back(name);
    return ordered;
}

}  // namespace facellava::training
