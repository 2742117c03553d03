#include "generation/decode_step.h"

#include "facellava/core/error.h"

namespace facellava::model {

DecodeStepRunner::DecodeStepRunner(LlamaForCausalLM lm, KvCache& cache, int64_t batch,
                                   const torch::Device& device, bool use_graphs,
                                   int64_t window_step)
    : lm_(std::move(lm)),
      cache_(cache),
      window_step_(window_step),
      use_graphs_(use_graphs && CudaGraph::supported() && device.is_cuda()) {
    if (batch < 1 || window_step < 1)
        throw Error("a decode runner needs batch ≥ 1 and window step ≥ 1, got " +
                    std::to_string(batch) + " and " + std::to_string(window_step));
    const auto i64 = torch::TensorOptions().dtype(torch::kInt64).device(device);
    ids_ = torch::zeros({batch, 1}, i64);
    position_ = torch::zeros({1}, i64);
    inv_freq_ = lm_->decoder()->rope().inv_freq().to(device);
}

bool DecodeStepRunner::graphs_wanted(const torch::Device& device) {
    return device.is_cuda() && CudaGraph::enabled();
}

torch::Tensor DecodeStepRunner::run(int64_t window) {
    const StaticDecode fixed{position_, inv_freq_, window};
    const auto hidden = lm_->decoder()->decode_static(ids_, fixed, cache_);  // (B, 1, H)
    return lm_->logits(hidden.select(1, 0));                                 // (B, V)
}

torch::Tensor DecodeStepRunner::step(const torch::Tensor& ids) {
    const int64_t pos = cache_.length();
    if (pos == 0)
        throw Error("static decode steps continue a prefilled KV cache; this one is empty", {},
                    "run the prompt through the model with the cache first");
    if (pos >= cache_.capacity())
        throw Error("the KV cache is full (" + std::to_string(cache_.capacity()) +
                        " positions): no room for another decode step",
                    {}, "reserve room for every new token before the prefill");
    if (ids.sizes() != ids_.sizes())
        throw Error("decode step ids must be " + c10::str(ids_.sizes()) + ", got " +
                    c10::str(ids.sizes()));
    // Windows grow in steps so one graph serves window_step positions.
    const int64_t window = std::min((pos / window_step_ + 1) * window_step_, cache_.capacity());
    ids_.copy_(ids);
    position_.fill_(pos);

    torch::Tensor logits;
    if (use_graphs_ && graphs_buffers_ != cache_.allocations()) {
        graphs_.clear();  // captured on buffers the cache has since replaced
        graphs_buffers_ = cache_.allocations();
    }
    if (use_graphs_) {
        auto& entry = graphs_[window];
        if (!entry) {
            auto fresh = std::make_unique<WindowGraph>();
            graph_error_ = capture_or_warn(
                fresh->graph, [&] { fresh->logits = run(window); }, "decoding");
            if (graph_error_.empty()) {
                entry = std::move(fresh);
                ++captures_;
            } else {
                // Keep answering: the eager static step computes the same.
                use_graphs_ = false;
                graphs_.clear();
            }
        }
        if (use_graphs_) {
            entry->graph.replay();
            logits = entry->logits;
        }
    }
    if (!logits.defined())
        logits = run(window);
    cache_.advance(1);
    ++steps_;
    return logits;
}

torch::Tensor DecodeStepRunner::step(int64_t id) {
    const int64_t vocab = lm_->hparams().vocab_size;
    if (id < 0 || id >= vocab)
        throw Error("token id " + std::to_string(id) + " is outside the vocabulary of " +
                    std::to_string(vocab));
    if (ids_.numel() != 1)
        throw Error("a single token id feeds batch 1; this runner has batch " +
                    std::to_string(ids_.size(0)));
    ids_.fill_(id);
    return step(ids_);
}

}  // namespace facellava::model
