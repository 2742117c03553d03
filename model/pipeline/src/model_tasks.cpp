#include "facellava/pipeline/model_tasks.h"

#include "facellava/core/csv.h"
#include "facellava/core/error.h"
#include "facellava/model/answer_parsers.h"

namespace facellava::pipeline {
namespace {

bool in_table(const std::string& name) {
    for (const auto& task : model_tasks())
        if (name == task.name)
            return true;
    return false;
}

std::string join(const std::vector<std::string>& items, char separator) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty())
            out.push_back(separator);
        out += item;
    }
    return out;
}

std::string expression_label(std::string_view answer) {
    const auto parsed = model::parse_expression(answer, model::ExpressionLabelSet::RafDb7);
    return parsed ? parsed->label : std::string();
}

std::string action_units_label(std::string_view answer) {
    std::vector<std::string> units;
    for (int au : model::parse_action_units(answer))
        units.push_back(std::to_string(au));
    return join(units, ';');
}

std::string attributes_label(std::string_view answer) {
    const auto values = model::parse_attributes(answer);
    const auto& names = model::celeba_attribute_names();
    std::vector<std::string> present;
    for (size_t i = 0; i < values.size() && i < names.size(); ++i)
        if (values[i] == 1)
            present.push_back(names[i]);
    return join(present, ';');
}

std::string age_label(std::string_view answer) {
    const auto years = model::parse_age(answer);
    std::string out;
    if (years)
        append_fixed(out, *years, 1);
    return out;
}

std::string deepfake_label(std::string_view answer) {
    const auto verdict = model::parse_deepfake(answer);
    if (!verdict)
        return {};
    return *verdict == model::Authenticity::Real ? "real" : "fake";
}

}  // namespace

const std::vector<ModelTask>& model_tasks() {
    // Worded like FaceInstruct-1M's instructions (a question, then the label
    // and a rationale in the answer), which the parsers are written for.
    static const std::vector<ModelTask> tasks = {
        {"expression",
         "What is the facial expression of this person? Name the emotion, then explain.",
         expression_label},
        {"action_units",
         "Which facial action units are active on this face? List them as AU numbers.",
         action_units_label},
        {"attributes", "Describe the facial attributes of this person.", attributes_label},
        {"age", "How old is this person? Give an age in years.", age_label},
        {"deepfake", "Is this face real or manipulated? Answer real or fake, then explain.",
         deepfake_label},
    };
    return tasks;
}

const ModelTask& find_model_task(const std::string& name) {
    for (const auto& task : model_tasks())
        if (name == task.name)
            return task;
    throw Error("unknown Face-LLaVA task '" + name + "'", "",
                "use one of: " + all_model_task_names());
}

std::string all_model_task_names() {
    std::vector<std::string> names;
    for (const auto& task : model_tasks())
        names.push_back(task.name);
    return join(names, ',');
}

std::vector<std::string> supported_model_task_names(const model::TrainedTasks& trained) {
    std::vector<std::string> names;
    for (const auto& task : model_tasks())
        if (trained.knows(task.name))
            names.push_back(task.name);
    return names;
}

void check_model_tasks_supported(const std::vector<std::string>& asked,
                                 const model::TrainedTasks& trained) {
    const std::string supported = join(supported_model_task_names(trained), ',');
    const std::string fix =
        supported.empty()
            ? "this checkpoint answers none of the batch tasks (" + all_model_task_names() +
                  "); ask it in the chat, or use a checkpoint trained for them"
            : "ask for some of " + supported + " (the tasks this checkpoint was trained for)";
    const std::string listed =
        trained.listed ? "its config.json lists " +
                             (trained.names.empty() ? std::string("no task") : trained.joined())
                       : "it knows the paper's tasks";
    for (const auto& name : asked) {
        if (!in_table(name))
            throw Error("unknown Face-LLaVA task '" + name + "' (" + listed + ")",
                        trained.config_path, fix);
        if (!trained.knows(name))
            throw Error(
                "this checkpoint was not trained for the task '" + name + "' (" + listed + ")",
                trained.config_path, fix);
    }
}

}  // namespace facellava::pipeline
