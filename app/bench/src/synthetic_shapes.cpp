#include "synthetic_shapes.h"

#include "facellava/core/error.h"

namespace facellava::model::bench {
namespace {

LlamaHParams llama(int64_t hidden, int64_t intermediate, int64_t layers, int64_t heads,
                   int64_t kv_heads) {
    LlamaHParams hp;
    hp.vocab_size = 32000;
    hp.hidden_size = hidden;
    hp.intermediate_size = intermediate;
    hp.num_hidden_layers = layers;
    hp.num_attention_heads = heads;
    hp.num_key_value_heads = kv_heads;
    hp.head_dim = hidden / heads;
    hp.max_position_embeddings = 4096;
    hp.eos_token_id =
        -1;  // random weights would stop at a random EOS: always decode the full count
    return hp;
}

}  // namespace

std::vector<std::string> llama_shape_names() {
    return {"tiny", "200m", "1b", "7b"};
}

LlamaHParams llama_shape(const std::string& name) {
    if (name == "tiny")
        return llama(256, 688, 4, 4, 4);
    if (name == "200m")
        return llama(1024, 2816, 12, 16, 16);
    if (name == "1b")
        return llama(2048, 5632, 22, 32, 4);
    if (name == "7b")
        return llama(4096, 11008, 32, 32, 32);
    throw Error("unknown synthetic shape '" + name + "'", "", "use tiny, 200m, 1b or 7b");
}

ClipVisionHParams clip_vit_l14() {
    ClipVisionHParams hp;  // the defaults are ViT-L/14 at 224
    hp.hidden_size = 1024;
    hp.intermediate_size = 4096;
    hp.num_hidden_layers = 24;
    hp.num_attention_heads = 16;
    hp.image_size = 224;
    hp.patch_size = 14;
    return hp;
}

void randomise(torch::nn::Module& module, uint64_t seed) {
    torch::NoGradGuard no_grad;
    torch::manual_seed(seed);
    if (torch::cuda::is_available())
        torch::cuda::manual_seed_all(seed);
    for (auto& p : module.parameters()) {
        if (p.dim() == 1)
            p.fill_(1.0);
        else
            p.normal_(0.0, 0.02);
    }
}

}  // namespace facellava::model::bench
