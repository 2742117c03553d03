#include "metrics/task_metrics.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "facellava/core/error.h"

namespace facellava::training {
namespace {

void require_same_size(size_t a, size_t b) {
    if (a != b)
        throw Error("metric inputs differ in length: " + std::to_string(a) + " references, " +
                    std::to_string(b) + " predictions");
}

}  // namespace

ClassificationScores classification_scores(const std::vector<int>& references,
                                           const std::vector<int>& predictions) {
    require_same_size(references.size(), predictions.size());
    ClassificationScores s;
    s.count = int64_t(references.size());
    if (references.empty())
        return s;
    std::map<int, std::pair<int64_t, int64_t>> per_class;  // class → (correct, total)
    int64_t correct = 0;
    for (size_t i = 0; i < references.size(); ++i) {
        auto& c = per_class[references[i]];
        ++c.second;
        if (predictions[i] == references[i]) {
            ++c.first;
            ++correct;
        }
    }
    double recall_sum = 0;
    for (const auto& [cls, c] : per_class)
        recall_sum += double(c.first) / double(c.second);
    s.uar = recall_sum / double(per_class.size());
    s.war = double(correct) / double(references.size());
    return s;
}

double mean_f1(const std::vector<std::vector<int>>& references,
               const std::vector<std::vector<int>>& predictions, std::vector<int> labels) {
    require_same_size(references.size(), predictions.size());
    if (labels.empty()) {
        std::set<int> seen;
        for (const auto& r : references)
            seen.insert(r.begin(), r.end());
        labels.assign(seen.begin(), seen.end());
    }
    if (labels.empty())
        return 0.0;
    double sum = 0;
    for (int label : labels) {
        int64_t tp = 0, fp = 0, fn = 0;
        for (size_t i = 0; i < references.size(); ++i) {
            const bool in_ref =
                std::find(references[i].begin(), references[i].end(), label) != references[i].end();
            const bool in_pred = std::find(predictions[i].begin(), predictions[i].end(), label) !=
                                 predictions[i].end();
            tp += in_ref && in_pred;
            fp += !in_ref && in_pred;
            fn += in_ref && !in_pred;
        }
        sum += tp == 0 ? 0.0 : 2.0 * double(tp) / double(2 * tp + fp + fn);
    }
    return sum / double(labels.size());
}

double mean_attribute_accuracy(const std::vector<std::vector<int>>& references,
                               const std::vector<std::vector<int>>& predictions) {
    require_same_size(references.size(), predictions.size());
    if (references.empty())
        return 0.0;
    const size_t attributes = references.front().size();
    if (attributes == 0)
        return 0.0;
    double sum = 0;
    for (size_t a = 0; a < attributes; ++a) {
        int64_t correct = 0;
        for (size_t i = 0; i < references.size(); ++i) {
            if (references[i].size() != attributes || predictions[i].size() != attributes) {
                throw Error("attribute vectors differ in length at sample " + std::to_string(i));
            }
            correct += references[i][a] == predictions[i][a];
        }
        sum += double(correct) / double(references.size());
    }
    return sum / double(attributes);
}

RegressionScores age_scores(const std::vector<double>& references,
                            const std::vector<std::optional<double>>& predictions) {
    require_same_size(references.size(), predictions.size());
    RegressionScores s;
    double sum = 0;
    for (size_t i = 0; i < references.size(); ++i) {
        if (!predictions[i]) {
            ++s.unreadable;
            continue;
        }
        sum += std::fabs(*predictions[i] - references[i]);
        ++s.count;
    }
    s.mae = s.count > 0 ? sum / double(s.count) : 0.0;
    return s;
}

}  // namespace facellava::training
