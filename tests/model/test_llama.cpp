// LLaMA decoder and generation against the golden fixtures llama_mha / llama_gqa
// (HF LlamaForCausalLM outputs), plus KV-cache and generation-control checks.
// Every size and id comes from the fixture files.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "attention_reference.h"
#include "facellava/core/error.h"
#include "generation/generator.h"
#include "io/json_config.h"
#include "io/safetensors.h"
#include "io/state_dict.h"
#include "llm/adjacent_rows.h"
#include "llm/attention_math.h"
#include "llm/llama_hparams.h"
#include "llm/llama_model.h"
#include "llm/rotary_embedding.h"
#include "tensor_compare.h"
#include "test_support.h"
#include "torch_pch.h"

namespace facellava::model {
namespace {

const std::vector<std::string> kFixtures = {"llama_mha", "llama_gqa"};

io::Json fixture_config_json(const std::string& name) {
    return io::read_json_file(test::fixture(name + ".config.json"));
}

LlamaHParams fixture_hparams(const std::string& name) {
    const auto path = test::fixture(name + ".config.json");
    return LlamaHParams::from_json(io::JsonConfig(io::read_json_file(path), path));
}

LlamaForCausalLM load_model(const std::string& name, const LlamaHParams& hp) {
    LlamaForCausalLM lm(hp);
    const auto weights = test::fixture(name + ".weights.safetensors");
    io::load_into_module(*lm, io::load_state_dict(weights), weights, /*strict=*/true);
    lm->eval();
    return lm;
}

LlamaForCausalLM load_model(const std::string& name) {
    return load_model(name, fixture_hparams(name));
}

torch::Tensor io_tensor(const std::string& name, const std::string& key) {
    return io::SafetensorsFile(test::fixture(name + ".io.safetensors")).tensor(key);
}

std::vector<int64_t> to_ids(const torch::Tensor& t) {
    const auto flat = t.reshape({-1}).to(torch::kInt64).contiguous();
    return {flat.data_ptr<int64_t>(), flat.data_ptr<int64_t>() + flat.numel()};
}

// The reference's new greedy tokens: greedy_ids minus the input_ids prefix.
std::vector<int64_t> reference_new_ids(const std::string& name) {
    const auto input = to_ids(io_tensor(name, "input_ids"));
    const auto greedy = to_ids(io_tensor(name, "greedy_ids"));
    EXPECT_GT(greedy.size(), input.size());
    EXPECT_TRUE(std::equal(input.begin(), input.end(), greedy.begin()))
        << "greedy_ids must extend input_ids";
    return {greedy.begin() + static_cast<std::ptrdiff_t>(input.size()), greedy.end()};
}

SamplingParams greedy(int max_new_tokens) {
    SamplingParams p;
    p.max_new_tokens = max_new_tokens;
    return p;
}

// Ids as bracketed numbers, so a stop string can only match whole tokens.
std::string bracket_decode(const std::vector<int64_t>& ids) {
    std::string s;
    for (const int64_t id : ids)
        s += "<" + std::to_string(id) + ">";
    return s;
}

io::JsonConfig config_from(const std::string& text) {
    return io::JsonConfig(io::Json::parse(text), "test.json");
}

// ---------------------------------------------------------------- hparams

TEST(LlamaHParams, FixtureConfigsParseToTheirValues) {
    for (const auto& name : kFixtures) {
        SCOPED_TRACE(name);
        const auto json = fixture_config_json(name);
        const auto hp = fixture_hparams(name);
        EXPECT_EQ(hp.vocab_size, json.at("vocab_size").get<int64_t>());
        EXPECT_EQ(hp.hidden_size, json.at("hidden_size").get<int64_t>());
        EXPECT_EQ(hp.intermediate_size, json.at("intermediate_size").get<int64_t>());
        EXPECT_EQ(hp.num_hidden_layers, json.at("num_hidden_layers").get<int64_t>());
        EXPECT_EQ(hp.num_attention_heads, json.at("num_attention_heads").get<int64_t>());
        EXPECT_EQ(hp.num_key_value_heads, json.at("num_key_value_heads").get<int64_t>());
        EXPECT_EQ(hp.head_dim, json.at("head_dim").get<int64_t>());
        EXPECT_DOUBLE_EQ(hp.rms_norm_eps, json.at("rms_norm_eps").get<double>());
        EXPECT_DOUBLE_EQ(hp.rope_theta, json.at("rope_parameters").at("rope_theta").get<double>());
        EXPECT_EQ(hp.eos_token_id, json.at("eos_token_id").get<int64_t>());
        EXPECT_EQ(hp.tie_word_embeddings, json.at("tie_word_embeddings").get<bool>());
    }
}

TEST(LlamaHParams, LegacyConfigUsesTopLevelRopeThetaAndHfDefaults) {
    const auto hp = LlamaHParams::from_json(config_from(R"({
        "vocab_size": 100, "hidden_size": 32, "intermediate_size": 48, "num_hidden_layers": 1,
        "num_attention_heads": 4, "rope_theta": 500000.0, "rope_scaling": null,
        "pad_token_id": null})"));
    EXPECT_EQ(hp.num_key_value_heads, 4);  // = heads
    EXPECT_EQ(hp.head_dim, 8);             // = hidden / heads
    EXPECT_DOUBLE_EQ(hp.rope_theta, 500000.0);
    EXPECT_EQ(hp.pad_token_id, -1);
    EXPECT_NE(hp.describe().find("rope_theta 500000"), std::string::npos);
}

TEST(LlamaHParams, RejectsUnsupportedValuesWithClearErrors) {
    const std::string base = R"("vocab_size": 100, "hidden_size": 32, "intermediate_size": 48,
        "num_hidden_layers": 1, "num_attention_heads": 4)";
    const auto message = [&](const std::string& extra) -> std::string {
        try {
            LlamaHParams::from_json(config_from("{" + base + ", " + extra + "}"));
        } catch (const Error& e) {
            return e.what();
        }
        return "no error";
    };
    EXPECT_NE(message(R"("rope_parameters": {"rope_type": "yarn", "rope_theta": 1.0})")
                  .find("supported: default"),
              std::string::npos);
    EXPECT_NE(message(R"("rope_scaling": {"type": "linear", "factor": 2.0})").find("linear"),
              std::string::npos);
    EXPECT_NE(message(R"("hidden_act": "gelu")").find("supported: silu"), std::string::npos);
    EXPECT_NE(message(R"("num_key_value_heads": 3)").find("num_key_value_heads"),
              std::string::npos);
    EXPECT_NE(message(R"("attention_bias": true)").find("attention_bias"), std::string::npos);
    EXPECT_THROW(LlamaHParams::from_json(config_from(R"({"vocab_size": 100})")), Error);
}

// ---------------------------------------------------------------- parity

class LlamaParity : public ::testing::TestWithParam<std::string> {};

TEST_P(LlamaParity, ParameterNamesMatchCheckpointKeys) {
    const auto hp = fixture_hparams(GetParam());
    LlamaForCausalLM lm(hp);
    std::set<std::string> module_keys;
    for (const auto& item : lm->named_parameters())
        module_keys.insert(item.key());
    EXPECT_TRUE(lm->named_buffers().is_empty());
    std::set<std::string> file_keys;
    const io::SafetensorsFile weights(test::fixture(GetParam() + ".weights.safetensors"));
    for (const auto& entry : weights.entries())
        file_keys.insert(entry.name);
    EXPECT_EQ(module_keys, file_keys);
}

TEST_P(LlamaParity, LogitsMatchReference) {
    torch::NoGradGuard no_grad;
    auto lm = load_model(GetParam());
    const auto logits = lm->forward(io_tensor(GetParam(), "input_ids"));
    EXPECT_TRUE(test::tensors_close(logits, io_tensor(GetParam(), "logits"), 1e-4));
}

// q/k/v and gate/up are row blocks of one matrix each, filled in place by the
// loader, so inference multiplies once per block group (llm/adjacent_rows.h);
// with gradients recorded each projection runs on its own. Both give the
// reference logits.
TEST_P(LlamaParity, FusedProjectionsStaySharedAfterLoadingAndEqualTheSeparateOnes) {
    auto lm = load_model(GetParam());
    const auto params = lm->named_parameters();
    const auto param = [&](const std::string& name) { return *params.find(name); };
    for (int64_t layer = 0; layer < lm->hparams().num_hidden_layers; ++layer) {
        const auto p = "model.layers." + std::to_string(layer) + ".";
        const auto qkv = adjacent_rows({param(p + "self_attn.q_proj.weight"),
                                        param(p + "self_attn.k_proj.weight"),
                                        param(p + "self_attn.v_proj.weight")});
        ASSERT_TRUE(qkv.defined()) << "layer " << layer;
        EXPECT_TRUE(torch::equal(qkv.narrow(0, 0, param(p + "self_attn.q_proj.weight").size(0)),
                                 param(p + "self_attn.q_proj.weight")));
        ASSERT_TRUE(
            adjacent_rows({param(p + "mlp.gate_proj.weight"), param(p + "mlp.up_proj.weight")})
                .defined())
            << "layer " << layer;
    }
    // Out of order, or another layer's block: not one matrix.
    EXPECT_FALSE(adjacent_rows({param("model.layers.0.self_attn.k_proj.weight"),
                                param("model.layers.0.self_attn.q_proj.weight")})
                     .defined());
    EXPECT_FALSE(adjacent_rows({param("model.layers.0.mlp.gate_proj.weight"),
                                param("model.layers.0.self_attn.q_proj.weight")})
                     .defined());

    const auto ids = io_tensor(GetParam(), "input_ids");
    const auto expected = io_tensor(GetParam(), "logits");
    torch::Tensor fused;
    {
        torch::NoGradGuard no_grad;
        fused = lm->forward(ids);
    }
    const auto separate = lm->forward(ids);  // records gradients: per-projection products
    EXPECT_TRUE(separate.requires_grad());
    EXPECT_TRUE(test::tensors_close(fused, expected, 1e-4));
    EXPECT_TRUE(test::tensors_close(separate.detach(), expected, 1e-4));
    EXPECT_TRUE(test::tensors_close(fused, separate.detach(), 1e-5));

    // Weights replaced by a cast no longer share one matrix: the layers fall
    // back to one product each and still compute the same.
    torch::NoGradGuard no_grad;
    lm->to(torch::kFloat64);
    const auto cast = lm->named_parameters();
    EXPECT_FALSE(adjacent_rows({*cast.find("model.layers.0.self_attn.q_proj.weight"),
                                *cast.find("model.layers.0.self_attn.k_proj.weight"),
                                *cast.find("model.layers.0.self_attn.v_proj.weight")})
                     .defined());
    EXPECT_TRUE(test::tensors_close(lm->forward(ids).to(torch::kFloat32), expected, 1e-4));
}

TEST_P(LlamaParity, GreedyGenerationThroughKvCacheMatchesReference) {
    auto lm = load_model(GetParam());
    const auto input = io_tensor(GetParam(), "input_ids");
    const auto expected = reference_new_ids(GetParam());
    torch::NoGradGuard no_grad;
    const auto result =
        generate(lm, lm->embed(input), to_ids(input), greedy(static_cast<int>(expected.size())));
    // The reference ran without stopping at EOS; if it produced one, we stop there.
    const auto eos = std::find(expected.begin(), expected.end(), lm->hparams().eos_token_id);
    EXPECT_EQ(result.ids, std::vector<int64_t>(expected.begin(), eos));
    EXPECT_EQ(result.stop_reason, eos == expected.end() ? StopReason::MaxTokens : StopReason::Eos);
    EXPECT_EQ(result.timings.prompt_tokens, input.size(1));
    EXPECT_GT(result.timings.prefill_ms, 0.0);
    EXPECT_GE(result.timings.total_ms, result.timings.prefill_ms);
    EXPECT_GT(result.timings.decode_tokens_per_s, 0.0);
}

TEST_P(LlamaParity, PrefillEqualsTokenByTokenCache) {
    torch::NoGradGuard no_grad;
    auto lm = load_model(GetParam());
    const auto ids = io_tensor(GetParam(), "input_ids");
    const auto full = lm->forward(ids);  // (1, T, V)
    auto cache = lm->make_cache();
    std::vector<torch::Tensor> steps;
    for (int64_t t = 0; t < ids.size(1); ++t) {
        steps.push_back(lm->forward(ids.narrow(1, t, 1), &cache));  // (1, 1, V)
        EXPECT_EQ(cache.length(), t + 1);
    }
    EXPECT_TRUE(test::tensors_close(torch::cat(steps, 1), full, 1e-5));
}

TEST_P(LlamaParity, ChunkedPrefillOnTopOfCacheEqualsFullPrefill) {
    // A multi-token forward on a non-empty cache needs the offset causal mask.
    torch::NoGradGuard no_grad;
    auto lm = load_model(GetParam());
    const auto ids = io_tensor(GetParam(), "input_ids");
    const int64_t t = ids.size(1), head = t / 3;
    const auto full = lm->forward(ids);
    auto cache = lm->make_cache();
    const auto a = lm->forward(ids.narrow(1, 0, head), &cache);
    const auto b = lm->forward(ids.narrow(1, head, t - head), &cache);
    EXPECT_EQ(cache.length(), t);
    EXPECT_TRUE(test::tensors_close(torch::cat({a, b}, 1), full, 1e-5));
}

TEST_P(LlamaParity, RecordHookNamesEveryIntermediate) {
    torch::NoGradGuard no_grad;
    auto lm = load_model(GetParam());
    const auto ids = io_tensor(GetParam(), "input_ids");
    std::map<std::string, torch::Tensor> seen;
    const RecordFn record = [&](const std::string& name, const torch::Tensor& v) {
        seen[name] = v;
    };
    const auto logits = lm->forward(ids, nullptr, &record);
    const auto& hp = lm->hparams();
    EXPECT_EQ(seen.size(), 3u + 3u * static_cast<size_t>(hp.num_hidden_layers));
    const auto last = "layers." + std::to_string(hp.num_hidden_layers - 1) + ".out";
    ASSERT_TRUE(seen.count(last) && seen.count("norm") && seen.count("logits"));
    EXPECT_EQ(seen.at(last).sizes(), (std::vector<int64_t>{1, ids.size(1), hp.hidden_size}));
    EXPECT_TRUE(test::tensors_close(seen.at("logits"), logits, 0.0));
}

INSTANTIATE_TEST_SUITE_P(LlamaFixtures, LlamaParity, ::testing::ValuesIn(kFixtures),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                             return info.param;
                         });

// ---------------------------------------------------------------- KV cache

// RoPE with rotate-half's sign folded into the sin table gives HF's bits
// (x·cos + [-x2, x1]·sin), in both head layouts.
TEST(LlamaRope, FoldedSignTablesGiveHfRotateHalfBits) {
    for (const auto dtype : {torch::kFloat32, torch::kBFloat16}) {
        torch::manual_seed(5);
        const int64_t d = 16;
        const auto x = torch::randn({2, 3, 7, d}).to(dtype);  // (B, heads, T, D)
        const RotaryEmbedding rope(d, 10000.0);
        const auto tables = rope.tables(40, 7, x);
        const auto positions = torch::arange(40, 47, torch::kInt64).to(torch::kFloat32);
        const auto freqs = positions.unsqueeze(1) * rope.inv_freq().unsqueeze(0);  // (T, D/2)
        const auto emb = torch::cat({freqs, freqs}, -1);
        const auto cos = emb.cos().to(dtype), sin = emb.sin().to(dtype);
        const auto x1 = x.narrow(-1, 0, d / 2), x2 = x.narrow(-1, d / 2, d / 2);
        const auto hf = x * cos + torch::cat({-x2, x1}, -1) * sin;
        EXPECT_TRUE(torch::equal(RotaryEmbedding::apply(x, tables), hf)) << dtype;
        const auto heads_last = RotaryEmbedding::apply_heads_last(x.transpose(1, 2), tables);
        EXPECT_TRUE(torch::equal(heads_last.transpose(1, 2), hf)) << dtype;
    }
}

// attend() takes keys and values with fewer heads than the queries: query
// head i must read key/value head i / group (not i % kv), for a causal block,
// one new query and a prefill on top of a cache; attend_visible() likewise
// with its bias.
TEST(LlamaAttention, GroupedQueryHeadsReadTheirOwnKeyValueHead) {
    torch::NoGradGuard no_grad;
    torch::manual_seed(11);
    const int64_t heads = 6, d = 8;
    const double scale = 1.0 / std::sqrt(double(d));
    for (const int64_t kv : {6, 3, 1}) {
        for (const auto& [queries, keys] :
             std::vector<std::pair<int64_t, int64_t>>{{7, 7}, {1, 9}, {4, 9}}) {
            SCOPED_TRACE("kv " + std::to_string(kv) + ", " + std::to_string(queries) +
                         " queries over " + std::to_string(keys) + " keys");
            const auto q = torch::randn({2, heads, queries, d});
            const auto k = torch::randn({2, kv, keys, d}), v = torch::randn({2, kv, keys, d});
            EXPECT_TRUE(test::tensors_close(attend(q, k, v, scale),
                                            test::naive_grouped_attention(q, k, v, scale), 1e-5));
        }
        const auto q = torch::randn({2, heads, 1, d});
        const auto k = torch::randn({2, kv, 9, d}), v = torch::randn({2, kv, 9, d});
        auto visible = torch::rand({9}) > 0.4;
        visible[0] = true;
        EXPECT_TRUE(test::tensors_close(
            attend_visible(q, k, v, visibility_bias(visible, q.options()), scale),
            test::naive_grouped_attention(q, k, v, scale, visible), 1e-5))
            << "kv " << kv;
    }
}

TEST(LlamaKvCache, GrowsByDoublingOnlyWhenNeededAndKeepsContents) {
    torch::NoGradGuard no_grad;
    auto lm = load_model(kFixtures.front());
    const auto ids = io_tensor(kFixtures.front(), "input_ids");
    const int64_t t = ids.size(1);
    ASSERT_GE(t, 4);
    auto cache = lm->make_cache(2);
    std::vector<torch::Tensor> parts;
    parts.push_back(lm->forward(ids.narrow(1, 0, 2), &cache));
    EXPECT_EQ(cache.capacity(), 2);  // fits exactly
    parts.push_back(lm->forward(ids.narrow(1, 2, 1), &cache));
    EXPECT_EQ(cache.capacity(), 4);  // doubled
    parts.push_back(lm->forward(ids.narrow(1, 3, 1), &cache));
    EXPECT_EQ(cache.capacity(), 4);  // no growth while it fits
    parts.push_back(lm->forward(ids.narrow(1, 4, t - 4), &cache));
    EXPECT_EQ(cache.capacity(), std::max<int64_t>(8, t));
    EXPECT_TRUE(test::tensors_close(torch::cat(parts, 1), lm->forward(ids), 1e-5));
}

TEST(LlamaKvCache, TruncateResetAndMisuseAreChecked) {
    torch::NoGradGuard no_grad;
    auto lm = load_model(kFixtures.front());
    const auto ids = io_tensor(kFixtures.front(), "input_ids");
    auto cache = lm->make_cache(ids.size(1));
    const auto first = lm->forward(ids, &cache);
    EXPECT_THROW(cache.truncate(ids.size(1) + 1), Error);
    cache.truncate(ids.size(1) - 1);
    const auto again = lm->forward(ids.narrow(1, ids.size(1) - 1, 1), &cache);
    EXPECT_TRUE(test::tensors_close(again, first.narrow(1, ids.size(1) - 1, 1), 1e-5));
    // A filled cache refuses an input of another batch size until reset.
    EXPECT_THROW(lm->forward(ids.repeat({2, 1}), &cache), Error);
    cache.reset();
    EXPECT_EQ(lm->forward(ids.repeat({2, 1}), &cache).size(0), 2);
    KvCache wrong_layers(lm->hparams().num_hidden_layers + 1);
    EXPECT_THROW(lm->forward(ids, &wrong_layers), Error);
}

TEST(LlamaModelInput, RejectsIdsOutsideVocabularyAndBadEmbeddings) {
    torch::NoGradGuard no_grad;
    auto lm = load_model(kFixtures.front());
    const int64_t vocab = lm->hparams().vocab_size;
    EXPECT_THROW(lm->embed(torch::tensor({{1, -200}}, torch::kInt64)), Error);
    EXPECT_THROW(lm->embed(torch::tensor({{vocab}}, torch::kInt64)), Error);
    EXPECT_THROW(
        lm->forward_embeddings(torch::zeros({1, 3, lm->hparams().hidden_size + 1}), nullptr),
        Error);
}

// ---------------------------------------------------------------- generation control

TEST(Generation, TruncateAndRegenerateGivesSameIds) {
    const auto& name = kFixtures.back();
    auto lm = load_model(name);
    const auto input = io_tensor(name, "input_ids");
    const int64_t t = input.size(1);
    const int n = static_cast<int>(reference_new_ids(name).size());
    torch::NoGradGuard no_grad;
    auto cache = lm->make_cache();
    const auto first = generate(lm, cache, lm->embed(input), to_ids(input), greedy(n));
    EXPECT_EQ(cache.length(), t + static_cast<int64_t>(first.ids.size()) - 1);
    // Back to the prompt minus its last token, which is fed again to get its logits.
    cache.truncate(t - 1);
    const auto second =
        generate(lm, cache, lm->embed(input.narrow(1, t - 1, 1)), to_ids(input), greedy(n));
    EXPECT_EQ(second.ids, first.ids);
    EXPECT_EQ(second.timings.prompt_tokens, 1);
}

TEST(Generation, CancellationStopsWithinOneToken) {
    const auto& name = kFixtures.front();
    auto lm = load_model(name);
    const auto input = io_tensor(name, "input_ids");
    std::atomic<bool> cancel{false};
    GenerationCallbacks callbacks;
    callbacks.cancel = &cancel;
    int streamed = 0;
    callbacks.on_token = [&](int64_t) {
        if (++streamed == 3)
            cancel = true;
        return true;
    };
    const auto result = generate(lm, lm->embed(input), {}, greedy(50), callbacks);
    EXPECT_EQ(result.stop_reason, StopReason::Cancelled);
    EXPECT_EQ(result.ids.size(), 3u);
    // Already cancelled: nothing is generated.
    const auto none = generate(lm, lm->embed(input), {}, greedy(50), callbacks);
    EXPECT_EQ(none.stop_reason, StopReason::Cancelled);
    EXPECT_TRUE(none.ids.empty());
}

TEST(Generation, OnTokenReturningFalseStopsAndStreamsEveryToken) {
    const auto& name = kFixtures.front();
    auto lm = load_model(name);
    const auto input = io_tensor(name, "input_ids");
    std::vector<int64_t> streamed;
    GenerationCallbacks callbacks;
    callbacks.on_token = [&](int64_t id) {
        streamed.push_back(id);
        return streamed.size() < 2;
    };
    const auto result = generate(lm, lm->embed(input), {}, greedy(50), callbacks);
    EXPECT_EQ(result.stop_reason, StopReason::Callback);
    EXPECT_EQ(result.ids, streamed);
    EXPECT_EQ(result.ids.size(), 2u);
}

TEST(Generation, StopStringEndsGenerationAndIsTrimmed) {
    const auto& name = kFixtures.front();
    auto lm = load_model(name);
    const auto input = io_tensor(name, "input_ids");
    const auto expected = reference_new_ids(name);
    ASSERT_GE(expected.size(), 3u);
    // Stop at the first occurrence of the reference's third new token.
    const int64_t target = expected[2];
    const auto stop_at = std::find(expected.begin(), expected.end(), target) - expected.begin();
    SamplingParams params = greedy(static_cast<int>(expected.size()));
    params.stop_strings = {"<no-such-token>", "<" + std::to_string(target) + ">"};
    GenerationCallbacks callbacks;
    callbacks.decode = bracket_decode;
    std::vector<int64_t> streamed;
    callbacks.on_token = [&](int64_t id) {
        streamed.push_back(id);
        return true;
    };
    const auto result = generate(lm, lm->embed(input), {}, params, callbacks);
    EXPECT_EQ(result.stop_reason, StopReason::StopString);
    EXPECT_EQ(result.stop_string, params.stop_strings[1]);
    const std::vector<int64_t> before(expected.begin(), expected.begin() + stop_at);
    EXPECT_EQ(result.ids.size(), static_cast<size_t>(stop_at + 1));
    EXPECT_EQ(result.text, bracket_decode(before));
    EXPECT_EQ(streamed, before);  // the token completing the stop string is not streamed
}

TEST(Generation, EosTokenStopsAndIsNotReturned) {
    const auto& name = kFixtures.front();
    const auto expected = reference_new_ids(name);
    ASSERT_GE(expected.size(), 2u);
    auto hp = fixture_hparams(name);
    hp.eos_token_id = expected[1];  // pretend the second new token is EOS
    auto lm = load_model(name, hp);
    const auto input = io_tensor(name, "input_ids");
    GenerationCallbacks callbacks;
    callbacks.decode = bracket_decode;
    const auto result = generate(lm, lm->embed(input), {}, greedy(50), callbacks);
    EXPECT_EQ(result.stop_reason, StopReason::Eos);
    EXPECT_EQ(result.ids, std::vector<int64_t>(expected.begin(), expected.begin() + 1));
    EXPECT_EQ(result.text, bracket_decode(result.ids));
}

TEST(Generation, ZeroMaxTokensAndBadInputs) {
    const auto& name = kFixtures.front();
    auto lm = load_model(name);
    const auto embeds = lm->embed(io_tensor(name, "input_ids"));
    const auto none = generate(lm, embeds, {}, greedy(0));
    EXPECT_EQ(none.stop_reason, StopReason::MaxTokens);
    EXPECT_TRUE(none.ids.empty());
    EXPECT_THROW(generate(lm, embeds.squeeze(0), {}, greedy(4)), Error);
    EXPECT_THROW(generate(lm, embeds.repeat({2, 1, 1}), {}, greedy(4)), Error);
    SamplingParams stops = greedy(4);
    stops.stop_strings = {"x"};
    EXPECT_THROW(generate(lm, embeds, {}, stops), Error);  // stop strings need decode
    EXPECT_STREQ(stop_reason_name(StopReason::StopString), "stop_string");
}

}  // namespace
}  // namespace facellava::model
