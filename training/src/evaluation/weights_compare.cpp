#include "evaluation/weights_compare.h"

#include "batching/batch_builder.h"
#include "batching/conversation_tokens.h"
#include "trainer/mixed_precision.h"

namespace facellava::training {
namespace {

// Log-probabilities (N, V) float32 of the positions that predict a label.
torch::Tensor answer_log_probs(LlamaTrainForward& llm, const torch::Tensor& embeds,
                               const torch::Tensor& mask) {
    const auto hidden = llm.hidden_states(embeds);           // (1, L, H)
    const auto h = hidden.narrow(1, 0, hidden.size(1) - 1);  // (1, L−1, H) predicting
    return torch::log_softmax(llm.logits(h.index({mask})), -1, torch::kFloat32);  // (N, V)
}

}  // namespace

TokenAgreement compare_answer_tokens(TrainableFaceLlava& reference_model,
                                     LlamaTrainForward& reference, LlamaTrainForward& other,
                                     const std::vector<SampleRecord>& samples,
                                     const SampleLoaderOptions& loader, bool autocast,
                                     const std::atomic<bool>* cancel) {
    torch::NoGradGuard no_grad;
    AutocastGuard autocast_guard(autocast);
    TokenAgreement out;
    for (const auto& record : samples) {
        if (cancel && cancel->load())
            break;
        auto batch = load_batch({&record}, loader);
        if (batch.samples.empty())
            continue;
        const auto spliced = splice_batch(reference_model, reference, batch.samples);
        if (spliced.embeds.size(1) < 2)
            continue;
        // (1, L−1): position t predicts token t + 1.
        const auto mask = spliced.labels.narrow(1, 1, spliced.labels.size(1) - 1).ne(kIgnoreLabel);
        const auto ref = answer_log_probs(reference, spliced.embeds, mask);  // (N, V)
        const auto cmp = answer_log_probs(other, spliced.embeds, mask);      // (N, V)
        if (ref.size(0) == 0)
            continue;
        const auto kl = (ref.exp() * (ref - cmp)).sum(-1).to(torch::kFloat64);  // (N)
        out.positions += ref.size(0);
        out.same_top1 += ref.argmax(-1).eq(cmp.argmax(-1)).sum().item<int64_t>();
        out.kl_sum += kl.sum().item<double>();
        out.kl_max = std::max(out.kl_max, kl.max().item<double>());
    }
    return out;
}

}  // namespace facellava::training
