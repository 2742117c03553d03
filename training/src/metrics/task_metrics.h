// The benchmark metrics of FACELLAVA_SPEC §9, on labels already extracted
// from answers. Pure functions, no torch.
//
// Conventions (documented in docs/TRAINING.md):
//  - a prediction the parser could not read is −1 (classification) or absent
//    (age) and counts as wrong / is left out of MAE but counted;
//  - UAR averages recall over the classes present in the references;
//  - AU F1 is the mean over AUs of per-AU F1 (the DISFA/BP4D protocol), over
//    the AUs given, or, when none are given, those present in the references.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace facellava::training {

struct ClassificationScores {
    double uar = 0;  // unweighted average recall (mean per-class recall)
    double war = 0;  // weighted average recall = overall accuracy
    int64_t count = 0;
};
// references[i] ≥ 0; predictions[i] ≥ 0 or −1 (unreadable).
ClassificationScores classification_scores(const std::vector<int>& references,
                                           const std::vector<int>& predictions);

// Mean per-label F1 over `labels` (empty: every label in the references).
// A label with no true positive scores 0.
double mean_f1(const std::vector<std::vector<int>>& references,
               const std::vector<std::vector<int>>& predictions, std::vector<int> labels = {});

// Mean over attributes of the per-attribute accuracy (CelebA protocol);
// rows are 0/1 vectors of equal length.
double mean_attribute_accuracy(const std::vector<std::vector<int>>& references,
                               const std::vector<std::vector<int>>& predictions);

struct RegressionScores {
    double mae = 0;     // over the readable predictions
    int64_t count = 0;  // readable predictions
    int64_t unreadable = 0;
};
RegressionScores age_scores(const std::vector<double>& references,
                            const std::vector<std::optional<double>>& predictions);

}  // namespace facellava::training
