#include "trainer/trainable_model.h"

#include "runtime/host_upload.h"

#include <algorithm>
#include <filesystem>

#include "facellava/core/error.h"
#include "io/lora_merge.h"

namespace facellava::training {
namespace fs = std::filesystem;
namespace {

constexpr const char* kLandmarkPrefixes[] = {"landmarks_projector.", "global_landmarks_projector.",
                                             "landmarks_cross_attn."};

bool starts_with(const std::string& s, const char* prefix) {
    return s.rfind(prefix, 0) == 0;
}

bool is_landmark_name(const std::string& adapter_name) {
    for (const char* p : kLandmarkPrefixes) {
        if (starts_with(adapter_name, p))
            return true;
    }
    return false;
}

NamedTensors named(torch::nn::Module& module, const std::string& prefix) {
    NamedTensors out;
    for (const auto& item : module.named_parameters())
        out.emplace_back(prefix + item.key(), item.value());
    return out;
}

}  // namespace

std::unique_ptr<TrainableFaceLlava> TrainableFaceLlava::load(const std::string& checkpoint_dir,
                                                             const torch::Device& device,
                                                             bool allow_new_landmark_modules,
                                                             std::string* log) {
    if (!fs::is_directory(checkpoint_dir)) {
        throw Error("checkpoint folder not found", checkpoint_dir,
                    "set model.checkpoint to the folder holding config.json, tokenizer.model and "
                    "the weights");
    }
    const std::string config_path = (fs::path(checkpoint_dir) / "config.json").string();
    if (!fs::exists(config_path))
        throw Error("config.json not found in the checkpoint folder", config_path);
    std::unique_ptr<TrainableFaceLlava> m(new TrainableFaceLlava());
    m->config_json_ = io::read_json_file(config_path);
    m->paths_ = model::resolve_checkpoint(checkpoint_dir, m->config_json_);
    if (!m->paths_.image_tower.empty() && !m->config_json_.contains("image_tower_config")) {
        if (auto tower = model::tower_config(m->paths_.image_tower))
            m->config_json_["image_tower_config"] = *tower;
    }
    if (!m->paths_.video_tower.empty() && !m->config_json_.contains("video_tower_config")) {
        if (auto tower = model::tower_config(m->paths_.video_tower))
            m->config_json_["video_tower_config"] = *tower;
    }
    m->hp_ = model::FaceLlavaHParams::from_json(io::JsonConfig(m->config_json_, config_path));
    m->device_ = device;
    const auto options = torch::TensorOptions().dtype(torch::kFloat32).device(device);

    torch::NoGradGuard no_grad;
    m->llm_ = model::LlamaForCausalLM(m->hp_.llm, options);
    m->adapter_ = model::MultimodalAdapter(m->hp_);
    if (m->hp_.image_tower)
        m->image_tower_ = model::make_image_tower(*m->hp_.image_tower);
    m->video_tower_ = model::make_video_tower(m->hp_);

    io::StateDict llm_keys, adapter_keys;
    for (auto& [key, tensor] : io::load_state_dict(checkpoint_dir)) {
        if (model::is_adapter_checkpoint_key(key)) {
            adapter_keys.emplace(key.substr(6), tensor);  // drop "model."
        } else {
            llm_keys.emplace(key, tensor);
        }
    }
    // Stage 1 starts from a checkpoint without landmark modules: keep their
    // fresh initialisation (PyTorch's defaults, as the authors' builder).
    std::vector<std::string> fresh;
    bool any_landmark_key = false;
    for (const auto& [key, t] : adapter_keys)
        any_landmark_key = any_landmark_key || is_landmark_name(key);
    if (allow_new_landmark_modules && m->adapter_->has_landmark_modules() && !any_landmark_key) {
        for (const auto& item : m->adapter_->named_parameters()) {
            if (is_landmark_name(item.key()))
                fresh.push_back(item.key());
        }
        // nn.MultiheadAttention zeroes its output bias.
        for (const auto& item : m->adapter_->named_parameters()) {
            if (item.key().find("attn.out_proj.bias") != std::string::npos)
                item.value().zero_();
        }
        if (log)
            *log +=
                "the checkpoint has no landmark modules: they start from a fresh initialisation\n";
    }
    io::LoadReport report;
    model::append_load_report(report, io::check_against_module(*m->llm_, llm_keys), "");
    model::append_load_report(report, io::check_against_module(*m->adapter_, adapter_keys),
                              "model.");
    // Freshly initialised modules are expected to be missing.
    std::vector<std::string> missing;
    for (const auto& k : report.missing) {
        const bool expected = starts_with(k, "model.") &&
                              std::find(fresh.begin(), fresh.end(), k.substr(6)) != fresh.end();
        if (!expected)
            missing.push_back(k);
    }
    report.missing = missing;
    if (!report.ok()) {
        throw Error("checkpoint does not match config.json: " + report.describe(), checkpoint_dir,
                    "use the config.json that came with these weights");
    }
    io::load_into_module(*m->llm_, llm_keys, checkpoint_dir);
    io::load_into_module(*m->adapter_, adapter_keys, checkpoint_dir, /*strict=*/fresh.empty());
    if (m->image_tower_) {
        model::ImageTowerWeights tower;
        if (!m->paths_.image_tower.empty()) {  // CLIP; the face-api tower has no folder
            tower.source = m->paths_.image_tower;
            tower.dict = io::load_state_dict(m->paths_.image_tower);
            tower.lora = model::tower_lora_config(m->paths_.image_tower);
        }
        m->image_tower_->load(tower);
    }
    if (!m->video_tower_.is_empty()) {
        model::load_video_tower(m->video_tower_, io::load_state_dict(m->paths_.video_tower),
                                m->paths_.video_tower,
                                model::tower_lora_config(m->paths_.video_tower));
    }
    m->adapter_->to(device);
    if (m->image_tower_) {
        m->image_tower_->module().to(device);
        m->image_tower_->module().eval();
    }
    if (!m->video_tower_.is_empty()) {
        m->video_tower_->to(device);
        m->video_tower_->eval();
    }
    for (auto& t : m->tower_parameters())
        t.second.set_requires_grad(false);
    return m;
}

model::VisualEncoding TrainableFaceLlava::encode_images(const torch::Tensor& pixels,
                                                        const torch::Tensor& landmarks) {
    if (!image_tower_) {
        throw Error("this checkpoint has no image tower", paths_.dir,
                    "train on video samples, or use a checkpoint with an image tower");
    }
    torch::Tensor features;
    {
        torch::NoGradGuard frozen;
        const auto on_device = model::upload(
            pixels, torch::TensorOptions().device(device_).dtype(image_tower_->dtype()));
        features = image_tower_->features(on_device, hp_.select).to(torch::kFloat32);  // (B, N, Dv)
    }
    return adapter_->forward(features, landmarks.defined() ? landmarks.to(device_) : landmarks);
}

model::VisualEncoding TrainableFaceLlava::encode_video(const torch::Tensor& pixels,
                                                       const torch::Tensor& landmarks) {
    if (video_tower_.is_empty()) {
        throw Error("this checkpoint has no video tower", paths_.dir,
                    "train on image samples, or use a checkpoint with a video tower");
    }
    torch::Tensor features;
    {
        torch::NoGradGuard frozen;
        const auto dtype = video_tower_->parameters().front().scalar_type();
        const auto on_device =
            model::upload(pixels, torch::TensorOptions().device(device_).dtype(dtype));
        features = video_tower_->forward(on_device, hp_.select.select_layer)
                       .to(torch::kFloat32);  // (B, T, N+1, Dv)
    }
    return adapter_->forward(features, landmarks.defined() ? landmarks.to(device_) : landmarks);
}

int64_t TrainableFaceLlava::tokens_per_image() const {
    return hp_.image_tower ? hp_.image_tower->tokens_per_image(hp_.select) : 0;
}

int64_t TrainableFaceLlava::tokens_per_frame() const {
    if (!hp_.video_tower)
        return 0;
    const int64_t g = hp_.video_tower->grid();
    return g * g + 1;  // the video tower keeps CLS (spec §2)
}

NamedTensors TrainableFaceLlava::llm_parameters() {
    return named(*llm_, "");
}

NamedTensors TrainableFaceLlava::projector_parameters() {
    NamedTensors out;
    for (auto& [name, t] : named(*adapter_, "")) {
        if (!is_landmark_name(name))
            out.emplace_back("model." + name, t);
    }
    return out;
}

NamedTensors TrainableFaceLlava::landmark_parameters() {
    NamedTensors out;
    for (auto& [name, t] : named(*adapter_, "")) {
        if (is_landmark_name(name))
            out.emplace_back("model." + name, t);
    }
    return out;
}

NamedTensors TrainableFaceLlava::tower_parameters() {
    NamedTensors out;
    if (image_tower_) {
        for (auto& p : named(image_tower_->module(), "image_tower."))
            out.push_back(p);
    }
    if (!video_tower_.is_empty()) {
        for (auto& p : named(*video_tower_, "video_tower."))
            out.push_back(p);
    }
    return out;
}

io::StateDict TrainableFaceLlava::main_state_dict() {
    io::StateDict dict;
    for (const auto& item : llm_->named_parameters())
        dict[item.key()] = item.value().detach();
    for (const auto& item : llm_->named_buffers())
        dict[item.key()] = item.value().detach();
    for (const auto& item : adapter_->named_parameters())
        dict["model." + item.key()] = item.value().detach();
    for (const auto& item : adapter_->named_buffers())
        dict["model." + item.key()] = item.value().detach();
    return dict;
}

void TrainableFaceLlava::cast_frozen(torch::Dtype dtype, bool llm_frozen) {
    torch::NoGradGuard no_grad;
    if (image_tower_)
        image_tower_->module().to(dtype);
    if (!video_tower_.is_empty())
        video_tower_->to(dtype);
    if (llm_frozen)
        llm_->to(dtype);
}

}  // namespace facellava::training
