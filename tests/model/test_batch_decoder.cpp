// Batched decoding over shared prefixes (llm/ragged_batch.h,
// generation/batch_decoder.h) against the LLaMA fixtures (HF
// LlamaForCausalLM's logits and greedy ids) and against batch-1 generation:
// a prefix prefilled once and forked into several sequences gives each the
// logits of its own full prefill; continuous batching with prompts of
// different lengths, different stop points and sequences joining mid-flight
// picks batch 1's greedy tokens. Sizes come from the fixture files.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "facellava/core/error.h"
#include "generation/batch_decoder.h"
#include "generation/generator.h"
#include "io/json_config.h"
#include "io/safetensors.h"
#include "io/state_dict.h"
#include "llama_fixture.h"
#include "llm/llama_model.h"
#include "llm/ragged_batch.h"
#include "tensor_compare.h"
#include "test_support.h"
#include "torch_pch.h"

namespace facellava::model {
namespace {

const std::vector<std::string> kFixtures = {"llama_mha", "llama_gqa"};

LlamaForCausalLM load_model(const std::string& name) {
    return test::load_llama_fixture(name);
}

torch::Tensor io_tensor(const std::string& name, const std::string& key) {
    return test::llama_fixture_tensor(name, key);
}

std::vector<int64_t> to_ids(const torch::Tensor& t) {
    const auto flat = t.reshape({-1}).to(torch::kInt64).contiguous();
    return {flat.data_ptr<int64_t>(), flat.data_ptr<int64_t>() + flat.numel()};
}

std::string bracket_decode(const std::vector<int64_t>& ids) {
    std::string s;
    for (const int64_t id : ids)
        s += "<" + std::to_string(id) + ">";
    return s;
}

class BatchDecoding : public ::testing::TestWithParam<std::string> {};

// One ragged forward of hand-made entries → logits (1, N, V).
torch::Tensor ragged_logits(LlamaForCausalLM& lm, RaggedBatch& batch, const torch::Tensor& ids) {
    batch.prepare(torch::kCPU);
    return lm->logits(lm->hidden_states_ragged(lm->embed(ids), batch));
}

// Both ways the one-token rows are attended on the CPU: the row kernel
// (llm/cpu_decode_attention.h, the default) and the ATen operators (what a
// GPU runs), selected by FACELLAVA_CPU_ATTENTION.
class ScopedAttentionPath {
  public:
    explicit ScopedAttentionPath(const char* path) { setenv("FACELLAVA_CPU_ATTENTION", path, 1); }
    ~ScopedAttentionPath() { unsetenv("FACELLAVA_CPU_ATTENTION"); }
};

void forked_prefixes_give_reference_logits(const std::string& fixture);

TEST_P(BatchDecoding, ForkedPrefixesGiveTheReferenceLogitsOfSeparatePrefills) {
    forked_prefixes_give_reference_logits(GetParam());
}

TEST_P(BatchDecoding, ForkedPrefixesGiveTheReferenceLogitsThroughAtenOperators) {
    const ScopedAttentionPath aten("aten");
    forked_prefixes_give_reference_logits(GetParam());
}

void forked_prefixes_give_reference_logits(const std::string& fixture) {
    torch::NoGradGuard no_grad;
    auto lm = load_model(fixture);
    const auto& hp = lm->hparams();
    const auto ids = io_tensor(fixture, "input_ids");    // (1, T)
    const auto expected = io_tensor(fixture, "logits");  // (1, T, V)
    const int64_t t = ids.size(1), p = t / 2;
    ASSERT_GE(t - p, 3) << "the fixture prompt is too short to fork";
    const auto tok = [&](int64_t first, int64_t count) { return ids.narrow(1, first, count); };
    const auto ref = [&](int64_t first, int64_t count) { return expected.narrow(1, first, count); };

    // Two prefixes of the same tokens from one batched prefill (each a view of
    // its row), so a step holds two prefix groups.
    auto cache = lm->make_cache(p);
    lm->hidden_states(lm->embed(tok(0, p).expand({2, p})), &cache);
    const auto prefixes = PrefixKv::from_cache(cache);
    ASSERT_EQ(prefixes.size(), 2u);
    EXPECT_EQ(prefixes[0]->length, p);
    EXPECT_GT(prefixes[0]->bytes(), 0);

    SuffixSlots slots(hp.num_hidden_layers, 4);
    slots.ensure(hp.num_key_value_heads, hp.head_dim, t + 2, lm->embed(tok(0, 1)).options());

    // Step 1: a whole suffix forked from prefix 0 (several tokens), one
    // token forked from prefix 1 and from prefix 0 (shared-prefix decode
    // rows, not in slots 0..n-1), and a sequence without prefix.
    RaggedBatch first;
    first.slots = &slots;
    first.entries = {{prefixes[0].get(), 0, 0, t - p},
                     {prefixes[1].get(), 1, 0, 1},
                     {nullptr, 2, 0, p + 1},
                     {prefixes[0].get(), 3, 0, 1}};
    const auto inputs = torch::cat({tok(p, t - p), tok(p, 1), tok(0, p + 1), tok(p, 1)}, 1);
    const auto out = ragged_logits(lm, first, inputs);
    EXPECT_FALSE(first.single_compact);
    EXPECT_EQ(first.groups.size(), 2u);
    int64_t at = 0;
    EXPECT_TRUE(test::tensors_close(out.narrow(1, at, t - p), ref(p, t - p), 1e-4));
    at += t - p;
    EXPECT_TRUE(test::tensors_close(out.narrow(1, at, 1), ref(p, 1), 1e-4));
    at += 1;
    EXPECT_TRUE(test::tensors_close(out.narrow(1, at, p + 1), ref(0, p + 1), 1e-4));
    at += p + 1;
    EXPECT_TRUE(test::tensors_close(out.narrow(1, at, 1), ref(p, 1), 1e-4));

    // Step 2: slot 3 compacted into slot 0 (the first sequence left), then
    // the three remaining sequences decode their next token together, in
    // slots 0..2: the suffixes are read in place.
    slots.set_length(0, t - p);
    slots.set_length(1, 1);
    slots.set_length(2, p + 1);
    slots.set_length(3, 1);
    slots.move(3, 0);
    EXPECT_EQ(slots.length(0), 1);
    EXPECT_EQ(slots.length(3), 0);
    RaggedBatch second;
    second.slots = &slots;
    second.entries = {
        {prefixes[0].get(), 0, 1, 1}, {prefixes[1].get(), 1, 1, 1}, {nullptr, 2, p + 1, 1}};
    const auto out2 = ragged_logits(lm, second, tok(p + 1, 1).expand({1, 3}));
    EXPECT_TRUE(second.single_compact);
    for (int64_t i = 0; i < 3; ++i)
        EXPECT_TRUE(test::tensors_close(out2.narrow(1, i, 1), ref(p + 1, 1), 1e-4)) << i;

    // A slot too small for the entry is refused before any work.
    RaggedBatch overflow;
    overflow.slots = &slots;
    overflow.entries = {{nullptr, 0, slots.capacity(), 1}};
    EXPECT_THROW(overflow.prepare(torch::kCPU), Error);
}

// What batch 1 generates for each prompt (generate(), whose greedy ids the
// LLaMA tests hold to the fixture's).
struct Case {
    int64_t prompt = 0;  // tokens of input_ids
    int64_t prefix = 0;  // of which a shared prefix
    int max_new = 0;
    bool stop = false;  // stop at the text of its third token
};

TEST_P(BatchDecoding, ContinuousBatchingPicksBatchOnesGreedyTokens) {
    torch::NoGradGuard no_grad;
    auto lm = load_model(GetParam());
    const auto ids = io_tensor(GetParam(), "input_ids");
    const int64_t t = ids.size(1);
    ASSERT_GE(t, 6);
    const auto greedy_ids = to_ids(io_tensor(GetParam(), "greedy_ids"));
    const int reference_new = int(greedy_ids.size()) - int(t);
    ASSERT_GE(reference_new, 4);

    // Prompts of different lengths, some sharing a prefix prefill, different
    // stop points; more sequences than the batch holds, so most join while
    // others are decoding.
    const std::vector<Case> cases = {{t, t / 2, reference_new, false},
                                     {t - 1, t / 2, 3, false},
                                     {t, t - 1, reference_new, true},
                                     {t - 2, 0, reference_new - 1, false},
                                     {t, t / 2, 1, false},
                                     {t - 1, 2, reference_new, false}};
    std::map<int64_t, std::shared_ptr<const PrefixKv>> prefixes;  // by length, prefilled once
    const auto prefix_of = [&](int64_t length) -> std::shared_ptr<const PrefixKv> {
        if (length == 0)
            return nullptr;
        auto& slot = prefixes[length];
        if (!slot) {
            auto cache = lm->make_cache(length);
            lm->hidden_states(lm->embed(ids.narrow(1, 0, length)), &cache);
            slot = PrefixKv::from_cache(cache).front();
        }
        return slot;
    };

    std::vector<GenerationResult> expected;
    std::vector<BatchSequence> sequences;
    for (const auto& c : cases) {
        const auto prompt = ids.narrow(1, 0, c.prompt);
        SamplingParams params;
        params.max_new_tokens = c.max_new;
        GenerationCallbacks callbacks;
        callbacks.decode = bracket_decode;
        auto reference = generate(lm, lm->embed(prompt), to_ids(prompt), params, callbacks);
        if (c.stop && reference.ids.size() >= 3) {
            // Ends at the third token's text: the stop string cuts the answer there.
            params.stop_strings = {"<" + std::to_string(reference.ids[2]) + ">"};
            reference = generate(lm, lm->embed(prompt), to_ids(prompt), params, callbacks);
            EXPECT_EQ(reference.stop_reason, StopReason::StopString);
        }
        expected.push_back(reference);
        BatchSequence s;
        s.prefix = prefix_of(c.prefix);
        s.suffix_embeds = lm->embed(ids.narrow(1, c.prefix, c.prompt - c.prefix));
        s.context_ids = to_ids(prompt);
        s.params = params;
        s.decode = bracket_decode;
        sequences.push_back(std::move(s));
    }
    // The full prompt's reference is the fixture's own greedy continuation.
    EXPECT_EQ(expected[0].ids,
              std::vector<int64_t>(greedy_ids.begin() + t,
                                   greedy_ids.begin() + t + int64_t(expected[0].ids.size())));

    for (int64_t max_batch : {1, 2, 4}) {
        BatchDecoder decoder(lm, max_batch);
        std::map<int64_t, size_t> case_of;  // sequence id → case
        std::map<size_t, GenerationResult> got;
        size_t next = 0;
        int64_t most_active = 0;
        while (next < sequences.size() || decoder.active() > 0) {
            while (next < sequences.size() && !decoder.full()) {
                case_of[decoder.add(sequences[next])] = next;
                ++next;
            }
            most_active = std::max(most_active, decoder.active());
            for (auto& f : decoder.step())
                got[case_of.at(f.id)] = std::move(f.result);
        }
        EXPECT_EQ(most_active, std::min<int64_t>(max_batch, int64_t(cases.size())));
        ASSERT_EQ(got.size(), cases.size());
        for (size_t i = 0; i < cases.size(); ++i) {
            EXPECT_EQ(got[i].ids, expected[i].ids) << "case " << i << ", batch " << max_batch;
            EXPECT_EQ(got[i].stop_reason, expected[i].stop_reason) << "case " << i;
            EXPECT_EQ(got[i].text, expected[i].text) << "case " << i;
            EXPECT_EQ(got[i].timings.prompt_tokens, cases[i].prompt);
        }
    }
}

TEST_P(BatchDecoding, ACancelledSequenceLeavesAndTheOthersGoOn) {
    torch::NoGradGuard no_grad;
    auto lm = load_model(GetParam());
    const auto ids = io_tensor(GetParam(), "input_ids");
    const int64_t t = ids.size(1);
    SamplingParams params;
    params.max_new_tokens = 6;
    const auto reference = generate(lm, lm->embed(ids), to_ids(ids), params);

    std::atomic<bool> stop{false};
    BatchDecoder decoder(lm, 2);
    for (int i = 0; i < 2; ++i) {
        BatchSequence s;
        s.suffix_embeds = lm->embed(ids);
        s.context_ids = to_ids(ids);
        s.params = params;
        s.cancel = i == 0 ? &stop : nullptr;
        decoder.add(std::move(s));
    }
    std::map<int64_t, GenerationResult> got;
    for (int step = 0; decoder.active() > 0; ++step) {
        if (step == 2)
            stop = true;
        for (auto& f : decoder.step())
            got[f.id] = std::move(f.result);
    }
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0].stop_reason, StopReason::Cancelled);
    EXPECT_EQ(got[0].ids.size(), 2u);
    EXPECT_EQ(got[1].ids, reference.ids);
    (void)t;
}

INSTANTIATE_TEST_SUITE_P(LlamaFixtures, BatchDecoding, ::testing::ValuesIn(kFixtures),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace facellava::model
