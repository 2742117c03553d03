#include "engine/facellava_model.h"

#include "runtime/host_upload.h"

#include "facellava/core/error.h"
#include "facellava/model/tokenizer.h"
#include "io/lora_merge.h"
#include "quant/llm_quantization.h"

namespace facellava::model {
namespace {

// Keys of the main checkpoint that belong to the multimodal adapter.
constexpr const char* kAdapterPrefixes[] = {"model.mm_projector.", "model.landmarks_projector.",
                                            "model.global_landmarks_projector.",
                                            "model.landmarks_cross_attn."};

}  // namespace

bool is_adapter_checkpoint_key(const std::string& key) {
    for (const char* prefix : kAdapterPrefixes) {
        if (key.rfind(prefix, 0) == 0)
            return true;
    }
    return false;
}

void append_load_report(io::LoadReport& into, const io::LoadReport& part,
                        const std::string& prefix) {
    for (const auto& k : part.missing)
        into.missing.push_back(prefix + k);
    for (const auto& k : part.unexpected)
        into.unexpected.push_back(prefix + k);
    for (const auto& k : part.wrong_shape)
        into.wrong_shape.push_back(prefix + k);
}

MultimodalAdapterImpl::MultimodalAdapterImpl(const FaceLlavaHParams& hp) {
    projector_ = register_module("mm_projector", MmProjector(hp.projector));
    if (hp.has_landmark_modules) {
        regions_ = register_module("landmarks_projector", LandmarkRegionProjector(hp.landmarks));
        global_ = register_module(
            "global_landmarks_projector",
            torch::nn::Linear(hp.landmarks.landmarks_hidden_size, hp.landmarks.hidden_size));
        frgca_ = register_module("landmarks_cross_attn", make_frgca(hp.frgca));
    }
}

VisualEncoding MultimodalAdapterImpl::forward(const torch::Tensor& features,
                                              const torch::Tensor& landmarks) {
    VisualEncoding out;
    out.features = features;
    auto projected = projector_(features);  // (B, [T,] N, Dv) → (B, [T,] N, H)
    if (!frgca_ || !landmarks.defined()) {
        out.tokens = projected;
        return out;
    }
    check_landmarks(landmarks);
    auto lm = landmarks.to(projected.dtype());
    auto tokens = landmark_tokens(regions_, global_, lm);  // (B, [T,] 9, H)
    auto frgca = frgca_->forward(projected, tokens, lm);
    out.tokens = frgca.out;
    out.attention = frgca.attention;
    return out;
}

FaceLlavaModel::FaceLlavaModel(const FaceLlavaHParams& hp, const torch::TensorOptions& options)
    : hp_(hp), options_(options) {
    llm_ = LlamaForCausalLM(hp.llm, options);
    adapter_ = MultimodalAdapter(hp);
    adapter_->to(options.device(), options.dtype().toScalarType());
    if (hp.image_tower) {
        image_tower_ = make_image_tower(*hp.image_tower);
        image_tower_->module().to(options.device(), options.dtype().toScalarType());
    }
    video_tower_ = make_video_tower(hp);
    if (!video_tower_.is_empty())
        video_tower_->to(options.device(), options.dtype().toScalarType());
    llm_->eval();
    adapter_->eval();
    if (image_tower_)
        image_tower_->module().eval();
    if (!video_tower_.is_empty())
        video_tower_->eval();
    const bool graphs = options.device().is_cuda();
    if (image_tower_) {
        image_graphs_ = std::make_unique<GraphedCall>(
            [this](const torch::Tensor& pixels) {
                return image_tower_->features(pixels, hp_.select);
            },
            graphs);
    }
    if (!video_tower_.is_empty()) {
        video_graphs_ = std::make_unique<GraphedCall>(
            [this](const torch::Tensor& pixels) {
                return video_tower_->forward(pixels, hp_.select.select_layer);
            },
            graphs);
    }
}

ImageTowerWeights FaceLlavaWeights::image_tower_weights() const {
    ImageTowerWeights w;
    w.dict = image_tower;
    w.source = image_tower_source;
    w.lora = image_tower_lora;
    w.assets = assets;
    return w;
}

VideoTower make_video_tower(const FaceLlavaHParams& hp) {
    if (!hp.video_tower)
        return VideoTower(nullptr);
    return VideoTower(*hp.video_tower, hp.num_frames);
}

void load_video_tower(VideoTower& tower, const io::StateDict& dict, const std::string& source,
                      const std::optional<io::LoraConfig>& lora) {
    io::load_into_module(*tower, clip_tower_dict(dict, source, lora, "video tower"), source,
                         /*strict=*/true);
}

void FaceLlavaModel::load(const FaceLlavaWeights& weights,
                          const std::optional<quant::QuantScheme>& llm_scheme) {
    io::LazyStateDict llm_keys;
    io::LazyStateDict adapter_keys;
    for (const auto& [key, tensor] : weights.main) {
        if (is_adapter_checkpoint_key(key)) {
            adapter_keys.emplace(key.substr(std::string("model.").size()), tensor);
        } else {
            llm_keys.emplace(key, tensor);
        }
    }
    // Both parts are checked (names and shapes only) before anything is read,
    // so one message lists every problem of the main checkpoint. The
    // adapter's unused top-level LayerNorm (landmarks_cross_attn.ln) is a
    // registered module, so it loads.
    if (weights.stored_scheme && !llm_scheme)
        throw Error(
            "this checkpoint's LLM weights are quantized (" + weights.stored_scheme->name() + ")",
            weights.main_source,
            "load it with --weights " + weights.stored_scheme->name() + " (or auto)");
    io::LoadReport report;
    if (!llm_scheme)
        append_load_report(report, io::check_against_module(*llm_, llm_keys), "");
    append_load_report(report, io::check_against_module(*adapter_, adapter_keys), "model.");
    if (!report.ok()) {
        throw Error("checkpoint does not match config.json: " + report.describe(),
                    weights.main_source, "use the config.json that came with these weights");
    }
    // The adapter first: it is small, and its problems are found before the
    // minutes a 7B quantization takes.
    io::load_into_module(*adapter_, adapter_keys, weights.main_source);
    if (llm_scheme)
        quant::load_quantized_llm(*llm_, llm_keys, *llm_scheme, weights.stored_scheme,
                                  weights.main_source);
    else
        io::load_into_module(*llm_, llm_keys, weights.main_source);
    if (image_tower_) {
        image_tower_->load(weights.image_tower_weights());
        // A face-api tower gets its tensors only now: move them like the rest.
        image_tower_->module().to(options_.device(), options_.dtype().toScalarType());
        image_tower_->module().eval();
    }
    if (!video_tower_.is_empty())
        load_video_tower(video_tower_, weights.video_tower, weights.video_tower_source,
                         weights.video_tower_lora);
    // Graphs read weights where they were at capture; a face-api tower's
    // tensors were just replaced.
    if (image_graphs_)
        image_graphs_->reset();
    if (video_graphs_)
        video_graphs_->reset();
}

int64_t FaceLlavaModel::parameter_count() {
    int64_t count = 0;
    auto add = [&](const torch::nn::Module& m) {
        for (const auto& p : m.parameters())
            count += p.numel();
    };
    add(*llm_);
    // A quantized layer's parameter holds codes (two per byte for int4): count weights.
    for (const auto& [key, linear] : quant::llm_linears(*llm_)) {
        if (linear->quantized())
            count += linear->out_features() * linear->in_features() - linear->weight().numel();
    }
    add(*adapter_);
    if (image_tower_)
        add(image_tower_->module());
    if (!video_tower_.is_empty())
        add(*video_tower_);
    return count;
}

torch::Device FaceLlavaModel::device() const {
    return options_.device();
}
torch::Dtype FaceLlavaModel::dtype() const {
    return options_.dtype().toScalarType();
}

VisualEncoding FaceLlavaModel::encode_images(const torch::Tensor& pixels,
                                             const torch::Tensor& landmarks) {
    if (!image_tower_) {
        throw Error("this checkpoint has no image tower", "",
                    "ask about a video, or load a checkpoint with an image tower");
    }
    auto features = (*image_graphs_)(upload(pixels, options_));  // (B, N, Dv)
    return adapter_->forward(features, landmarks.defined() ? landmarks.to(options_) : landmarks);
}

VisualEncoding FaceLlavaModel::encode_video(const torch::Tensor& pixels,
                                            const torch::Tensor& landmarks) {
    if (video_tower_.is_empty()) {
        throw Error("this checkpoint has no video tower", "",
                    "ask about an image, or load a checkpoint with a video tower");
    }
    auto features = (*video_graphs_)(upload(pixels, options_));  // (B, T, N+1, Dv)
    return adapter_->forward(features, landmarks.defined() ? landmarks.to(options_) : landmarks);
}

std::vector<torch::Tensor> visual_segments(const torch::Tensor& tokens) {
    // (B, N, H) → B × (N, H); (B, T, N, H) → B·T × (N, H), frames in order.
    auto flat = tokens.dim() == 4 ? tokens.flatten(0, 1) : tokens;
    std::vector<torch::Tensor> segments;
    for (int64_t i = 0; i < flat.size(0); ++i)
        segments.push_back(flat[i]);
    return segments;
}

torch::Tensor FaceLlavaModel::splice(const std::vector<int64_t>& ids,
                                     const std::vector<torch::Tensor>& segments) {
    int64_t sentinels = 0;
    for (int64_t id : ids)
        sentinels += id == kImageTokenId ? 1 : 0;
    if (sentinels != int64_t(segments.size())) {
        throw Error("the prompt has " + std::to_string(sentinels) + " <image> placeholders but " +
                        std::to_string(segments.size()) + " images/frames were given",
                    "", "put one <image> per image (a video needs one per frame)");
    }
    // Embed the text runs between sentinels and interleave the visual segments.
    std::vector<torch::Tensor> parts;
    size_t next_segment = 0;
    std::vector<int64_t> run;
    auto flush = [&] {
        if (run.empty())
            return;
        auto t = torch::tensor(run, torch::kInt64).to(options_.device()).unsqueeze(0);  // (1, n)
        parts.push_back(llm_->embed(t).squeeze(0));                                     // (n, H)
        run.clear();
    };
    for (int64_t id : ids) {
        if (id == kImageTokenId) {
            flush();
            parts.push_back(segments[next_segment++].to(options_));
        } else {
            run.push_back(id);
        }
    }
    flush();
    return torch::cat(parts, 0).unsqueeze(0);  // (1, L, H)
}

}  // namespace facellava::model
