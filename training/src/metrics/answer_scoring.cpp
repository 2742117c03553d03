#include "metrics/answer_scoring.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "facellava/model/answer_parsers.h"
#include "metrics/task_metrics.h"

namespace facellava::training {
namespace {

std::vector<std::string> name_tokens(const std::string& task) {
    std::vector<std::string> tokens;
    std::string current;
    for (char ch : task) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c)) {
            current += char(std::tolower(c));
        } else if (!current.empty()) {
            tokens.push_back(current);
            current.clear();
        }
    }
    if (!current.empty())
        tokens.push_back(current);
    return tokens;
}

bool any_token_in(const std::vector<std::string>& tokens, const std::set<std::string>& words) {
    return std::any_of(tokens.begin(), tokens.end(),
                       [&](const std::string& t) { return words.count(t) == 1; });
}

}  // namespace

MetricFamily metric_family_for(const std::string& task,
                               const std::map<std::string, std::string>& overrides) {
    if (const auto it = overrides.find(task); it != overrides.end()) {
        if (auto family = parse_metric_family(it->second))
            return *family;
    }
    std::string lower = task;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    const auto tokens = name_tokens(task);
    // Deepfake first: "celeb-df" must not read as CelebA attributes.
    if (lower.find("ff++") != std::string::npos || lower.find("celeb-df") != std::string::npos ||
        any_token_in(tokens, {"deepfake", "deepfakes", "fake", "ffpp", "faceforensics", "forensics",
                              "dfdc"})) {
        return MetricFamily::Deepfake;
    }
    if (any_token_in(tokens, {"disfa", "bp4d", "au", "aus", "action", "actionunits", "facs"}))
        return MetricFamily::ActionUnits;
    // Before attributes: a "celeba_gender" task is one binary label, not 40.
    if (any_token_in(tokens, {"gender", "genders", "sex"}))
        return MetricFamily::Gender;
    if (any_token_in(tokens, {"celeba", "attribute", "attributes", "attr"}))
        return MetricFamily::Attributes;
    if (any_token_in(tokens, {"age", "morph", "morph2", "utk", "utkface"}))
        return MetricFamily::Age;
    if (any_token_in(tokens,
                     {"cremad", "crema", "dfew", "mafw", "ferv39k", "affectnet", "rafdb", "raf",
                      "fer", "ferplus", "emotion", "emotions", "expression", "expressions"})) {
        return MetricFamily::Expression;
    }
    return MetricFamily::None;
}

const char* metric_family_name(MetricFamily family) {
    switch (family) {
        case MetricFamily::Expression:
            return "expression";
        case MetricFamily::ActionUnits:
            return "action_units";
        case MetricFamily::Attributes:
            return "attributes";
        case MetricFamily::Age:
            return "age";
        case MetricFamily::Deepfake:
            return "deepfake";
        case MetricFamily::Gender:
            return "gender";
        case MetricFamily::None:
            return "none";
    }
    return "none";
}

std::optional<MetricFamily> parse_metric_family(const std::string& name) {
    for (auto f :
         {MetricFamily::Expression, MetricFamily::ActionUnits, MetricFamily::Attributes,
          MetricFamily::Age, MetricFamily::Deepfake, MetricFamily::Gender, MetricFamily::None}) {
        if (name == metric_family_name(f))
            return f;
    }
    return std::nullopt;
}

AnswerScorer::AnswerScorer(std::map<std::string, std::string> family_overrides)
    : overrides_(std::move(family_overrides)) {}

void AnswerScorer::add(const std::string& task, const std::string& reference,
                       const std::string& generated) {
    auto& d = tasks_[task];
    d.family = metric_family_for(task, overrides_);
    // One label order for every expression set: the metrics only compare
    // reference and prediction indices.
    constexpr auto kLabels = model::ExpressionLabelSet::RafDb7;
    switch (d.family) {
        case MetricFamily::Expression: {
            const auto ref = model::parse_expression(reference, kLabels);
            if (!ref) {
                ++d.unlabelled;
                return;
            }
            const auto pred = model::parse_expression(generated, kLabels);
            d.unreadable += pred ? 0 : 1;
            d.class_refs.push_back(ref->index);
            d.class_preds.push_back(pred ? pred->index : -1);
            return;
        }
        case MetricFamily::Deepfake: {
            const auto ref = model::parse_deepfake(reference);
            if (!ref) {
                ++d.unlabelled;
                return;
            }
            const auto pred = model::parse_deepfake(generated);
            d.unreadable += pred ? 0 : 1;
            d.class_refs.push_back(int(*ref));
            d.class_preds.push_back(pred ? int(*pred) : -1);
            return;
        }
        case MetricFamily::Gender: {
            const auto ref = model::parse_gender(reference);
            if (!ref) {
                ++d.unlabelled;
                return;
            }
            const auto pred = model::parse_gender(generated);
            d.unreadable += pred ? 0 : 1;
            d.class_refs.push_back(int(*ref));
            d.class_preds.push_back(pred ? int(*pred) : -1);
            return;
        }
        case MetricFamily::ActionUnits:
            // "No action units" is a valid (empty) label, so every answer reads.
            d.set_refs.push_back(model::parse_action_units(reference));
            d.set_preds.push_back(model::parse_action_units(generated));
            return;
        case MetricFamily::Attributes:
            d.set_refs.push_back(model::parse_attributes(reference));
            d.set_preds.push_back(model::parse_attributes(generated));
            return;
        case MetricFamily::Age: {
            const auto ref = model::parse_age(reference);
            if (!ref) {
                ++d.unlabelled;
                return;
            }
            const auto pred = model::parse_age(generated);
            d.unreadable += pred ? 0 : 1;
            d.age_refs.push_back(*ref);
            d.age_preds.push_back(pred);
            return;
        }
        case MetricFamily::None:
            ++d.unlabelled;
            return;
    }
}

std::map<std::string, double> AnswerScorer::results() const {
    std::map<std::string, double> out;
    for (const auto& [task, d] : tasks_) {
        const std::string p = task + "/";
        int64_t answered = 0;
        switch (d.family) {
            case MetricFamily::Expression: {
                if (d.class_refs.empty())
                    break;
                const auto s = classification_scores(d.class_refs, d.class_preds);
                out[p + "uar"] = s.uar;
                out[p + "war"] = s.war;
                answered = s.count;
                break;
            }
            case MetricFamily::Deepfake: {
                if (d.class_refs.empty())
                    break;
                const auto s = classification_scores(d.class_refs, d.class_preds);
                out[p + "deepfake_accuracy"] = s.war;
                answered = s.count;
                break;
            }
            case MetricFamily::Gender: {
                if (d.class_refs.empty())
                    break;
                const auto s = classification_scores(d.class_refs, d.class_preds);
                out[p + "gender_accuracy"] = s.war;
                answered = s.count;
                break;
            }
            case MetricFamily::ActionUnits:
                if (d.set_refs.empty())
                    break;
                out[p + "au_f1"] = mean_f1(d.set_refs, d.set_preds);
                answered = int64_t(d.set_refs.size());
                break;
            case MetricFamily::Attributes:
                if (d.set_refs.empty())
                    break;
                out[p + "attribute_accuracy"] = mean_attribute_accuracy(d.set_refs, d.set_preds);
                answered = int64_t(d.set_refs.size());
                break;
            case MetricFamily::Age: {
                if (d.age_refs.empty())
                    break;
                const auto s = age_scores(d.age_refs, d.age_preds);
                if (s.count > 0)
                    out[p + "age_mae"] = s.mae;
                answered = int64_t(d.age_refs.size());
                break;
            }
            case MetricFamily::None:
                break;
        }
        if (answered > 0) {
            out[p + "answered"] = double(answered);
            out[p + "unreadable"] = double(d.unreadable);
        }
    }
    return out;
}

}  // namespace facellava::training
