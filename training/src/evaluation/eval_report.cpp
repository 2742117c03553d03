// eval_result_json(): what `facellava eval --json` writes.
#include <nlohmann/json.hpp>

#include "facellava/training/evaluation.h"

namespace facellava::training {

std::string eval_result_json(const EvalRunOptions& options, const EvalRunResult& result) {
    nlohmann::ordered_json j;
    j["checkpoint"] = options.checkpoint;
    j["data"] = options.data_files;
    j["device"] = result.device;
    j["weights"] = result.weights;
    j["llm_weight_bytes"] = result.llm_weight_bytes;
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
    if (!result.comparisons.empty()) {
        // Each quantized copy against the float model above, same samples.
        std::map<std::string, std::string> reference;
        for (const auto& a : result.answers)
            reference[a.file + "#" + std::to_string(a.index)] = a.generated;
        auto& compare = j["compare_weights"] = nlohmann::ordered_json::array();
        for (const auto& c : result.comparisons) {
            nlohmann::ordered_json e;
            e["weights"] = c.weights;
            e["llm_weight_bytes"] = c.llm_weight_bytes;
            e["metrics"] = c.metrics;
            if (options.compute_loss) {
                e["eval_loss"] = c.loss;
                e["loss_tokens"] = c.loss_tokens;
            }
            e["compared_answers"] = c.compared_answers;
            e["identical_answers"] = c.identical_answers;
            e["answer_agreement"] = c.compared_answers > 0
                                        ? double(c.identical_answers) / double(c.compared_answers)
                                        : 0.0;
            e["teacher_forced"] = {{"positions", c.positions},
                                   {"top1_agreement", c.top1_agreement},
                                   {"mean_kl", c.mean_kl},
                                   {"max_kl", c.max_kl}};
            auto& differing = e["differing_answers"] = nlohmann::ordered_json::array();
            for (const auto& a : c.answers) {
                const auto it = reference.find(a.file + "#" + std::to_string(a.index));
                if (it == reference.end() || it->second == a.generated)
                    continue;
                differing.push_back({{"file", a.file},
                                     {"index", a.index},
                                     {"task", a.task},
                                     {"reference", a.reference},
                                     {"float32", it->second},
                                     {"generated", a.generated}});
            }
            compare.push_back(e);
        }
    }
    auto& skipped = j["skipped"] = nlohmann::ordered_json::array();
    for (const auto& issue : result.data.issues)
        skipped.push_back(issue.describe());
    for (const auto& issue : result.failures)
        skipped.push_back(issue.describe());
    return j.dump(2) + "\n";
}

}  // namespace facellava::training
