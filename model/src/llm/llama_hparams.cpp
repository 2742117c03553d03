#include "llm/llama_hparams.h"

#include <sstream>
#include <type_traits>

namespace facellava::model {

static_assert(std::is_trivially_copyable_v<LlamaHParams>, "hparams are copied into every module");

namespace {

// Special token ids may be absent or null (→ -1). Lists (several EOS ids) are
// rejected rather than silently reduced to one.
int64_t read_token_id(const io::JsonConfig& config, const std::string& key, int64_t fallback) {
    if (!config.raw().is_object() || !config.raw().contains(key))
        return fallback;
    const auto& value = config.raw().at(key);
    if (value.is_null())
        return -1;
    if (value.is_array())
        config.fail(key, "lists of token ids are not supported, got " + value.dump());
    return config.get<int64_t>(key);
}

// The RoPE base from `rope_parameters` (transformers ≥ 5), else the legacy
// top-level `rope_theta` + `rope_scaling`. Only the unscaled "default" RoPE is
// implemented, so any other rope type is an error rather than wrong output.
double read_rope_theta(const io::JsonConfig& config) {
    const auto check_type = [](const io::JsonConfig& cfg, const char* type_key) {
        const auto type = cfg.get_or<std::string>(type_key, "default");
        if (type != "default")
            cfg.fail(type_key, "unsupported rope type '" + type + "' (supported: default)");
    };
    if (config.has("rope_parameters")) {
        const auto rope = config.child("rope_parameters");
        check_type(rope, "rope_type");
        return rope.get_or<double>("rope_theta", config.get_or<double>("rope_theta", 10000.0));
    }
    if (config.has("rope_scaling")) {
        const auto scaling = config.child("rope_scaling");
        // Legacy configs spell it "type", newer ones "rope_type".
        check_type(scaling, scaling.has("rope_type") ? "rope_type" : "type");
    }
    return config.get_or<double>("rope_theta", 10000.0);
}

}  // namespace

LlamaHParams LlamaHParams::from_json(const io::JsonConfig& config) {
    LlamaHParams hp;
    hp.vocab_size = config.get<int64_t>("vocab_size");
    hp.hidden_size = config.get<int64_t>("hidden_size");
    hp.intermediate_size = config.get<int64_t>("intermediate_size");
    hp.num_hidden_layers = config.get<int64_t>("num_hidden_layers");
    hp.num_attention_heads = config.get<int64_t>("num_attention_heads");
    // HF LlamaConfig defaults for the keys a config may omit.
    hp.num_key_value_heads = config.get_or<int64_t>("num_key_value_heads", hp.num_attention_heads);
    if (hp.num_attention_heads > 0 && !config.has("head_dim")) {
        if (hp.hidden_size % hp.num_attention_heads != 0)
            config.fail("num_attention_heads", "does not divide hidden_size " +
                                                   std::to_string(hp.hidden_size) +
                                                   " and no head_dim is given");
        hp.head_dim = hp.hidden_size / hp.num_attention_heads;
    } else {
        hp.head_dim = config.get_or<int64_t>("head_dim", 0);
    }
    hp.rms_norm_eps = config.get_or<double>("rms_norm_eps", 1e-6);
    hp.rope_theta = read_rope_theta(config);
    hp.max_position_embeddings = config.get_or<int64_t>("max_position_embeddings", 2048);
    hp.bos_token_id = read_token_id(config, "bos_token_id", 1);
    hp.eos_token_id = read_token_id(config, "eos_token_id", 2);
    hp.pad_token_id = read_token_id(config, "pad_token_id", -1);
    hp.tie_word_embeddings = config.get_or<bool>("tie_word_embeddings", false);

    const auto act = config.get_or<std::string>("hidden_act", "silu");
    if (act != "silu")
        config.fail("hidden_act", "unsupported activation '" + act + "' (supported: silu)");
    if (config.get_or<bool>("attention_bias", false))
        config.fail("attention_bias", "biased attention projections are not supported");
    if (config.get_or<bool>("mlp_bias", false))
        config.fail("mlp_bias", "biased MLP projections are not supported");

    const auto positive = [&](const char* key, int64_t value) {
        if (value <= 0)
            config.fail(key, "must be positive, got " + std::to_string(value));
    };
    positive("vocab_size", hp.vocab_size);
    positive("hidden_size", hp.hidden_size);
    positive("intermediate_size", hp.intermediate_size);
    positive("num_hidden_layers", hp.num_hidden_layers);
    positive("num_attention_heads", hp.num_attention_heads);
    positive("num_key_value_heads", hp.num_key_value_heads);
    positive("head_dim", hp.head_dim);
    positive("max_position_embeddings", hp.max_position_embeddings);
    if (hp.num_attention_heads % hp.num_key_value_heads != 0)
        config.fail("num_key_value_heads", "does not divide num_attention_heads " +
                                               std::to_string(hp.num_attention_heads));
    if (hp.head_dim % 2 != 0)
        config.fail("head_dim",
                    "must be even for rotary embeddings, got " + std::to_string(hp.head_dim));
    if (!(hp.rms_norm_eps > 0.0))
        config.fail("rms_norm_eps", "must be positive");
    if (!(hp.rope_theta > 0.0))
        config.fail("rope_theta", "must be positive");
    return hp;
}

std::string LlamaHParams::describe() const {
    std::ostringstream out;
    out << "llama: vocab " << vocab_size << ", hidden " << hidden_size << ", intermediate "
        << intermediate_size << ", layers " << num_hidden_layers << ", heads "
        << num_attention_heads << " (kv " << num_key_value_heads << ", head_dim " << head_dim
        << "), rms_norm_eps " << rms_norm_eps << ", rope_theta " << rope_theta << ", max_positions "
        << max_position_embeddings << ", bos " << bos_token_id << ", eos " << eos_token_id
        << ", pad " << pad_token_id
        << (tie_word_embeddings ? ", tied lm_head" : ", untied lm_head");
    return out.str();
}

}  // namespace facellava::model
