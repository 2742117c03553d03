// eval_result_json(): what `facellava eval --json` writes.
#include <nlohmann/json.hpp>

#include "facellava/training/evaluation.h"

namespace facellava::training {

std::string eval_result_json(const EvalRunOptions& options, const EvalRunResult& result) {
    nlohmann::ordered_json j;
    j["checkpoint"] = options.checkpoint;
    j["data"] = options.data_files;
    j["device"] = result.device;
    j["max_new_tokens"] = options.max_new_tokens;
    j["cancelled"] = result.cancelled;
    j["samples"] = result.data.usable;
    j["answered"] = int64_t(result.answers.size());
    if (options.compute_loss) {
        j["eval_loss"] = result.loss;
        j["loss_tokens"] = result.loss_tokens;
    }
    j["metrics"] = result.metrics;  // "<task>/<metric>", sorted
    j["answers_per_task"] = result.answers_per_task;
    auto& answers = j["answers"] = nlohmann::ordered_json::array();
    for (const auto& a : result.answers) {
        answers.push_back({{"file", a.file},
                           {"index", a.index},
                           {"task", a.task},
                           {"reference", a.reference},
                           {"generated", a.generated}});
    }
    auto& skipped = j["skipped"] = nlohmann::ordered_json::array();
    for (const auto& issue : result.data.issues)
        skipped.push_back(issue.describe());
    for (const auto& issue : result.failures)
        skipped.push_back(issue.describe());
    return j.dump(2) + "\n";
}

}  // namespace facellava::training
