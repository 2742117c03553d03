// Scores generated answers against the reference answers of held-out samples:
// both are turned into labels by the answer parsers (facellava/model/
// answer_parsers.h) and the task's metric family is computed (spec §9).
// FaceInstruct answers are "label + rationale", so parsing the reference
// answer gives the ground-truth label without a separate label file.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace facellava::training {

enum class MetricFamily { None, Expression, ActionUnits, Attributes, Age, Deepfake, Gender };

// From the task name ("dfew", "affectnet_emotion", "bp4d", "celeba", "utkface",
// "ffpp", "nano_gender"…) unless `overrides` names the task; None when nothing
// matches (e.g. "nano_describe": free descriptions have no label to score).
MetricFamily metric_family_for(const std::string& task,
                               const std::map<std::string, std::string>& overrides);
const char* metric_family_name(MetricFamily family);
std::optional<MetricFamily> parse_metric_family(const std::string& name);

class AnswerScorer {
  public:
    explicit AnswerScorer(std::map<std::string, std::string> family_overrides = {});

    // One held-out sample: its task, the reference answer and the model's.
    void add(const std::string& task, const std::string& reference, const std::string& generated);

    // "<task>/<metric>": uar, war (expression), au_f1, attribute_accuracy,
    // age_mae, deepfake_accuracy, gender_accuracy; plus "<task>/answered" (samples scored) and
    // "<task>/unreadable" (answers the parser could not read).
    std::map<std::string, double> results() const;

  private:
    struct TaskData {
        MetricFamily family = MetricFamily::None;
        std::vector<int> class_refs, class_preds;           // expression / deepfake / gender
        std::vector<std::vector<int>> set_refs, set_preds;  // AUs / attributes
        std::vector<double> age_refs;
        std::vector<std::optional<double>> age_preds;
        int64_t unreadable = 0;
        int64_t unlabelled = 0;  // reference answers without a readable label (not scored)
    };
    std::map<std::string, std::string> overrides_;
    std::map<std::string, TaskData> tasks_;
};

}  // namespace facellava::training
