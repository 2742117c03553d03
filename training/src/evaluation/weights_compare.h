// `facellava eval --compare-weights`: how far a quantized LLM's predictions
// are from the float32 model's on the same inputs, over the answer tokens of
// held-out samples (teacher-forced, so one early difference does not decide
// every later position as it does in a greedy answer).
#pragma once

#include <atomic>
#include <vector>

#include "dataset/sample_loader.h"
#include "trainer/llama_train_forward.h"
#include "trainer/trainable_model.h"

namespace facellava::training {

struct TokenAgreement {
    int64_t positions = 0;  // answer tokens compared
    int64_t same_top1 = 0;  // positions where both models' argmax agree
    double kl_sum = 0;      // Σ KL(reference ‖ other), nats
    double kl_max = 0;
};

// Each sample's spliced prompt and answer (the reference model's towers and
// adapter; the compared model shares their weights' values) through both
// LLMs; positions are those the training loss scores. Samples that fail to
// load are skipped (the evaluation reports them).
TokenAgreement compare_answer_tokens(TrainableFaceLlava& reference_model,
                                     LlamaTrainForward& reference, LlamaTrainForward& other,
                                     const std::vector<SampleRecord>& samples,
                                     const SampleLoaderOptions& loader, bool autocast,
                                     const std::atomic<bool>* cancel);

}  // namespace facellava::training
