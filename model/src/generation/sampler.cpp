#include "generation/sampler.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "facellava/core/error.h"

namespace facellava::model {

namespace {

constexpr float kRemoved = -std::numeric_limits<float>::infinity();

[[noreturn]] void bad_param(const std::string& what) {
    throw Error("invalid sampling parameter: " + what, {}, "change it in the generation settings");
}

}  // namespace

void SamplingParams::validate() const {
    if (!(temperature >= 0.0f) || !std::isfinite(temperature))
        bad_param("temperature must be ≥ 0, got " + std::to_string(temperature));
    if (!(top_p > 0.0f && top_p <= 1.0f))
        bad_param("top_p must be in (0, 1], got " + std::to_string(top_p));
    if (top_k < 0)
        bad_param("top_k must be ≥ 0, got " + std::to_string(top_k));
    if (!(repetition_penalty > 0.0f) || !std::isfinite(repetition_penalty))
        bad_param("repetition_penalty must be > 0, got " + std::to_string(repetition_penalty));
    if (max_new_tokens < 0)
        bad_param("max_new_tokens must be ≥ 0, got " + std::to_string(max_new_tokens));
    for (const auto& s : stop_strings)
        if (s.empty())
            bad_param("stop strings must not be empty");
}

torch::Tensor apply_repetition_penalty(const torch::Tensor& logits,
                                       const std::vector<int64_t>& seen, float penalty) {
    if (penalty == 1.0f || seen.empty())
        return logits;
    const int64_t vocab = logits.size(-1);
    std::vector<int64_t> ids;
    ids.reserve(seen.size());
    for (const int64_t id : seen)
        if (id >= 0 && id < vocab)
            ids.push_back(id);  // e.g. skips -200 image sentinels
    if (ids.empty())
        return logits;
    const auto index = torch::tensor(ids, torch::kInt64).to(logits.device());
    const auto score = logits.index_select(-1, index);
    const auto penalised = torch::where(score < 0, score * penalty, score / penalty);
    return logits.index_copy(-1, index, penalised);  // duplicates write the same value
}

torch::Tensor apply_top_k(const torch::Tensor& logits, int k) {
    if (k <= 0)
        return logits;
    const int64_t keep = std::min<int64_t>(k, logits.size(-1));
    const auto kth = std::get<0>(logits.topk(keep, -1)).narrow(-1, keep - 1, 1);  // (…, 1)
    return logits.masked_fill(logits < kth, kRemoved);
}

torch::Tensor apply_top_p(const torch::Tensor& logits, float p) {
    if (p >= 1.0f)
        return logits;
    // Ascending order as HF: drop the low tail whose mass is ≤ 1 - p, never the top token.
    const auto sorted = logits.sort(-1, /*descending=*/false);
    const auto& sorted_logits = std::get<0>(sorted);
    const auto& sorted_index = std::get<1>(sorted);
    const auto cumulative = sorted_logits.softmax(-1).cumsum(-1);
    auto remove_sorted = cumulative <= (1.0f - p);
    remove_sorted.narrow(-1, remove_sorted.size(-1) - 1, 1).fill_(false);
    const auto remove = remove_sorted.scatter(-1, sorted_index, remove_sorted);
    return logits.masked_fill(remove, kRemoved);
}

Sampler::Sampler(const SamplingParams& params)
    : params_(params), generator_(at::detail::createCPUGenerator(params.seed)) {
    params_.validate();
}

torch::Tensor Sampler::process(const torch::Tensor& logits,
                               const std::vector<int64_t>& seen) const {
    if (logits.dim() != 1 || logits.size(0) == 0)
        throw Error("the sampler needs one non-empty row of logits, got " +
                    c10::str(logits.sizes()));
    auto cur = logits.detach().to(torch::kCPU, torch::kFloat32).clone();  // (V)
    cur = apply_repetition_penalty(cur, seen, params_.repetition_penalty);
    if (params_.temperature == 0.0f)
        return cur;
    cur = cur / params_.temperature;
    cur = apply_top_k(cur, params_.top_k);
    cur = apply_top_p(cur, params_.top_p);
    return cur;
}

int64_t Sampler::sample(const torch::Tensor& logits, const std::vector<int64_t>& seen) {
    const auto cur = process(logits, seen);
    // Greedy: the first maximum, as torch.argmax.
    if (params_.temperature == 0.0f)
        return cur.argmax().item<int64_t>();

    // Inverse CDF: the first token whose cumulative probability exceeds u.
    // Removed tokens have probability 0 and so can never be chosen.
    const auto cdf = cur.softmax(-1).to(torch::kFloat64).cumsum(-1);  // (V)
    const double total = cdf[-1].item<double>();
    const double u = torch::rand({1}, generator_, torch::kFloat64).item<double>() * total;
    int64_t id = (cdf <= u).sum().item<int64_t>();
    if (id >= cdf.size(0))
        id = cur.argmax().item<int64_t>();  // u rounded onto the total
    return id;
}

}  // namespace facellava::model
