#include "multimodal/frgca.h"

#include <cmath>

#include "facellava/core/error.h"
#include "facellava/model/face_regions.h"

namespace facellava::model {
namespace {

constexpr const char* kSupported = "simple, masked";

torch::nn::LayerNorm layer_norm(int64_t dim, double eps) {
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(eps));
}

std::string dims_string(const torch::Tensor& t) {
    std::string s = "(";
    for (int64_t i = 0; i < t.dim(); ++i)
        s += (i ? ", " : "") + std::to_string(t.size(i));
    return s + ")";
}

// Per-head attention written out (not torch::nn::MultiheadAttention, which
// averages the weights over heads). q: (S, N, D), k and v: (S, L, D), already
// projected; bias: additive logits broadcastable to (S, H, N, L) or undefined.
// → {(S, N, D), softmax weights (S, H, N, L)}
std::pair<torch::Tensor, torch::Tensor> attend(const torch::Tensor& q, const torch::Tensor& k,
                                               const torch::Tensor& v, int64_t heads,
                                               const torch::Tensor& bias) {
    const int64_t S = q.size(0), N = q.size(1), L = k.size(1), D = q.size(2);
    const int64_t dh = D / heads;
    // (S, len, D) → (S, len, H, dh) → (S, H, len, dh)
    auto qh = q.view({S, N, heads, dh}).transpose(1, 2);
    auto kh = k.reshape({S, L, heads, dh}).transpose(1, 2);
    auto vh = v.reshape({S, L, heads, dh}).transpose(1, 2);
    // (S, H, N, dh) × (S, H, dh, L) → (S, H, N, L)
    auto logits = torch::matmul(qh, kh.transpose(-2, -1)) / std::sqrt(static_cast<double>(dh));
    if (bias.defined())
        logits = logits + bias;
    auto weights = torch::softmax(logits, -1);
    // (S, H, N, L) × (S, H, L, dh) → (S, H, N, dh) → (S, N, H, dh) → (S, N, D)
    auto out = torch::matmul(weights, vh).transpose(1, 2).reshape({S, N, D});
    return {out, weights};
}

// Images come as (B, N, D) with tokens (B, 9, D): treat them as one-frame clips.
struct FrameBatch {
    torch::Tensor visual;  // (B, T, N, D)
    torch::Tensor tokens;  // (B, T, 9, D)
    bool was_image = false;
};

FrameBatch as_frames(const torch::Tensor& visual, const torch::Tensor& tokens, int64_t width) {
    const bool image = visual.dim() == 3;
    if ((visual.dim() != 3 && visual.dim() != 4) || tokens.dim() != visual.dim() ||
        visual.size(-1) != width || tokens.size(-1) != width ||
        tokens.size(-2) != kNumFaceRegions || visual.size(0) != tokens.size(0) ||
        (!image && visual.size(1) != tokens.size(1))) {
        throw Error("FRGCA inputs do not fit: visual tokens " + dims_string(visual) +
                        ", landmark tokens " + dims_string(tokens) + "; expected (B, [T,] N, " +
                        std::to_string(width) + ") and (B, [T,] 9, " + std::to_string(width) + ")",
                    "", "project the tower features and landmarks with the same checkpoint");
    }
    return {image ? visual.unsqueeze(1) : visual, image ? tokens.unsqueeze(1) : tokens, image};
}

}  // namespace

FrgcaHParams FrgcaHParams::from_json(const io::JsonConfig& config) {
    FrgcaHParams hp;
    hp.type = config.get_or<std::string>("cross_attn_type", "simple");
    hp.hidden_size = config.get<int64_t>("hidden_size");
    hp.num_heads = config.get_or<int64_t>("frgca_num_heads", 8);
    hp.branch_scale = config.get_or<double>("frgca_branch_scale", 0.1);
    if (hp.type != "simple" && hp.type != "masked")
        config.fail("cross_attn_type",
                    "unsupported value '" + hp.type + "' (supported: " + kSupported + ")");
    if (hp.num_heads <= 0 || hp.hidden_size % hp.num_heads != 0)
        config.fail("frgca_num_heads",
                    "must be positive and divide hidden_size " + std::to_string(hp.hidden_size));
    return hp;
}

std::shared_ptr<FrgcaModule> make_frgca(const FrgcaHParams& hp) {
    if (hp.type == "simple")
        return std::make_shared<FrgcaSimpleImpl>(hp);
    if (hp.type == "masked")
        return std::make_shared<FrgcaMaskedImpl>(hp);
    throw Error("unsupported cross_attn_type '" + hp.type + "' (supported: " + kSupported + ")", "",
                "use a checkpoint whose config.json names a supported FRGCA variant");
}

// --- packed multi-head attention ---------------------------------------------

PackedMultiheadAttentionImpl::PackedMultiheadAttentionImpl(int64_t embed_dim, int64_t num_heads)
    : num_heads_(num_heads) {
    in_proj_weight = register_parameter("in_proj_weight", torch::empty({3 * embed_dim, embed_dim}));
    in_proj_bias = register_parameter("in_proj_bias", torch::zeros({3 * embed_dim}));
    torch::nn::init::xavier_uniform_(in_proj_weight);  // nn.MultiheadAttention's init
    out_proj = register_module("out_proj", torch::nn::Linear(embed_dim, embed_dim));
}

std::pair<torch::Tensor, torch::Tensor> PackedMultiheadAttentionImpl::forward(
    const torch::Tensor& query, const torch::Tensor& key_value) {
    // Rows [0, D) project queries, [D, 2D) keys, [2D, 3D) values.
    auto w = in_proj_weight.chunk(3, 0);
    auto b = in_proj_bias.chunk(3, 0);
    auto q = torch::linear(query, w[0], b[0]);      // (S, N, D)
    auto k = torch::linear(key_value, w[1], b[1]);  // (S, L, D)
    auto v = torch::linear(key_value, w[2], b[2]);  // (S, L, D)
    auto [out, weights] = attend(q, k, v, num_heads_, {});
    return {out_proj(out), weights};
}

// --- "simple" -------------------------------------------------------------------

FrgcaSimpleImpl::FrgcaSimpleImpl(const FrgcaHParams& hp) : FrgcaModule(hp) {
    const int64_t D = hp.hidden_size;
    // cross_attn only groups attn and ln in the checkpoint (cross_attn.attn.*, cross_attn.ln.*).
    auto cross_attn = register_module("cross_attn", std::make_shared<torch::nn::Module>());
    attn = cross_attn->register_module("attn", PackedMultiheadAttention(D, hp.num_heads));
    cross_ln = cross_attn->register_module("ln", layer_norm(D, hp.layer_norm_eps));
    linear_proj = register_module("linear_proj", torch::nn::Linear(D, D));
    ln = register_module("ln", layer_norm(D, hp.layer_norm_eps));
}

FrgcaOutput FrgcaSimpleImpl::forward(const torch::Tensor& visual, const torch::Tensor& tokens,
                                     const torch::Tensor& /*landmarks*/) {
    auto in = as_frames(visual, tokens, hp_.hidden_size);
    const int64_t B = in.visual.size(0), T = in.visual.size(1), N = in.visual.size(2);
    const int64_t D = hp_.hidden_size;
    // Frames into the batch: (B, T, N, D) → (B·T, N, D); (B, T, 9, D) → (B·T, 9, D)
    auto cur_v = in.visual.reshape({B * T, N, D});
    auto cur_l = in.tokens.reshape({B * T, kNumFaceRegions, D});

    auto [a, weights] = attn(cur_v, cur_l);  // (B·T, N, D), (B·T, H, N, 9)
    auto u = cross_ln(cur_v + a);            // residual + LayerNorm
    auto branch = linear_proj(u).view({B, T, N, D});
    auto out = in.visual + hp_.branch_scale * branch;  // (B, T, N, D)

    FrgcaOutput result;
    result.out = in.was_image ? out.squeeze(1) : out;
    result.attention = weights;
    return result;
}

// --- "masked" -------------------------------------------------------------------

FrgcaMaskedImpl::FrgcaMaskedImpl(const FrgcaHParams& hp) : FrgcaModule(hp) {
    const int64_t D = hp.hidden_size;
    auto cross_attn = register_module("cross_attn", std::make_shared<torch::nn::Module>());
    q_proj = cross_attn->register_module("q_proj", torch::nn::Linear(D, D));
    k_proj = cross_attn->register_module("k_proj", torch::nn::Linear(D, D));
    v_proj = cross_attn->register_module("v_proj", torch::nn::Linear(D, D));
    cross_ln = cross_attn->register_module("ln", layer_norm(D, hp.layer_norm_eps));
    linear_proj = register_module("linear_proj", torch::nn::Linear(D, D));
    ln = register_module("ln", layer_norm(D, hp.layer_norm_eps));
}

torch::Tensor FrgcaMaskedImpl::region_mask(const torch::Tensor& landmarks, int64_t num_tokens) {
    const auto grid = static_cast<int64_t>(std::llround(std::sqrt(double(num_tokens - 1))));
    if (num_tokens < 2 || grid * grid != num_tokens - 1) {
        throw Error("masked FRGCA needs CLS + a square patch grid, got " +
                        std::to_string(num_tokens) + " visual tokens",
                    "", "use the video tower (CLS kept) or cross_attn_type \"simple\"");
    }
    if (landmarks.dim() != 3 || landmarks.size(-1) != 2 * kNumLandmarks)
        throw Error("masked FRGCA needs landmarks (B, T, 136), got " + dims_string(landmarks), "",
                    "pass the 68 landmarks of every image or frame");
    const int64_t B = landmarks.size(0), T = landmarks.size(1);

    // Region centroids: (B, T, 136) → (B, T, 68, 2) → 9 × (B, T, 2) → (B, T, 9, 2), as (x, y)
    auto points = landmarks.view({B, T, kNumLandmarks, 2});
    std::vector<torch::Tensor> centroids;
    for (const FaceRegion& region : kFaceRegions)
        centroids.push_back(points.slice(2, region.first, region.last + 1).mean(2));
    auto centres = torch::stack(centroids, 2);

    // Patch centres (i + 0.5)/g built as the authors do: meshgrid "ij" makes the
    // pair (row, col), which is then compared with (x, y) landmarks. Kept as is:
    // the checkpoints were trained with this prior.
    const double half = 0.5 / static_cast<double>(grid);
    auto axis = torch::linspace(half, 1.0 - half, grid, landmarks.options());
    auto mesh = torch::meshgrid({axis, axis}, "ij");
    auto coords = torch::stack({mesh[0], mesh[1]}, -1).view({grid * grid, 2});  // (g², 2)
    coords = torch::cat({torch::zeros({1, 2}, coords.options()), coords}, 0);   // (N, 2), CLS first

    // (1, 1, N, 1, 2) − (B, T, 1, 9, 2) → Euclidean length over (·, ·) → (B, T, N, 9)
    auto offsets = coords.view({1, 1, num_tokens, 1, 2}) - centres.unsqueeze(2);
    auto distances = offsets.pow(2).sum(-1).sqrt();
    distances.select(2, 0).zero_();  // CLS: equally near every region
    return torch::softmax(-distances, -1);
}

FrgcaOutput FrgcaMaskedImpl::forward(const torch::Tensor& visual, const torch::Tensor& tokens,
                                     const torch::Tensor& landmarks) {
    auto in = as_frames(visual, tokens, hp_.hidden_size);
    const int64_t B = in.visual.size(0), T = in.visual.size(1), N = in.visual.size(2);
    const int64_t D = hp_.hidden_size;
    if (!landmarks.defined())
        throw Error("masked FRGCA needs the raw landmarks", "", "pass landmarks with the image");
    // Images: (B, 136) → (B, 1, 136)
    auto frame_landmarks = landmarks.dim() == 2 ? landmarks.unsqueeze(1) : landmarks;
    auto mask = region_mask(frame_landmarks.to(in.visual.scalar_type()), N);  // (B, T, N, 9)

    // (B, T, N, D) → (B·T, N, D); (B, T, 9, D) → (B·T, 9, D)
    auto cur_v = in.visual.reshape({B * T, N, D});
    auto cur_l = in.tokens.reshape({B * T, kNumFaceRegions, D});
    // The prior is added to the logits of every head: (B, T, N, 9) → (B·T, 1, N, 9)
    auto bias = mask.reshape({B * T, 1, N, kNumFaceRegions});
    auto [a, weights] = attend(q_proj(cur_v), k_proj(cur_l), v_proj(cur_l), hp_.num_heads, bias);
    auto u = cross_ln(cur_v + a);  // no output projection in this variant
    auto branch = linear_proj(u).view({B, T, N, D});
    auto out = in.visual + hp_.branch_scale * branch;

    FrgcaOutput result;
    result.out = in.was_image ? out.squeeze(1) : out;
    result.attention = weights;
    result.region_mask = mask;
    return result;
}

}  // namespace facellava::model
