#include "engine/checkpoint_assembly.h"

#include <filesystem>

#include "facellava/core/error.h"
#include "vision/image_tower.h"

namespace facellava::model {
namespace fs = std::filesystem;

void complete_config(io::Json& config, const ResolvedTower& image, const ResolvedTower& video) {
    if (image.wanted && !image.faceapi && image.config && !config.contains("image_tower_config"))
        config["image_tower_config"] = *image.config;
    if (video.wanted && video.config && !config.contains("video_tower_config"))
        config["video_tower_config"] = *video.config;
    // The temporal embeddings were trained for the video tower's frame count
    // (LanguageBind's vision_config.num_frames); a released config has none.
    if (!config.contains("num_frames") && config.contains("video_tower_config")) {
        const auto& tower = config.at("video_tower_config");
        if (tower.contains("num_frames") && tower.at("num_frames").is_number_integer())
            config["num_frames"] = tower.at("num_frames");
    }
}

namespace {

// A built-in tower architecture is accepted only when the embedded weights
// have its shapes: the patch embedding, the positions, the MLP width and the
// layer count say which ViT it is. Returns the first disagreement, or "".
std::string builtin_config_mismatch(const ResolvedTower& tower, const io::LazyStateDict& main) {
    const io::Json& c = *tower.config;
    const int64_t hidden = c.at("hidden_size"), patch = c.at("patch_size");
    const int64_t grid = c.at("image_size").get<int64_t>() / patch;
    const std::string p = tower.embedded_prefix;
    const std::vector<std::pair<std::string, std::vector<int64_t>>> expected = {
        {p + "embeddings.patch_embedding.weight", {hidden, 3, patch, patch}},
        {p + "embeddings.position_embedding.weight", {grid * grid + 1, hidden}},
        {p + "encoder.layers.0.mlp.fc1.weight", {c.at("intermediate_size"), hidden}}};
    for (const auto& [key, shape] : expected) {
        auto it = main.find(key);
        if (it == main.end())
            return key + " is missing";
        if (it->second.shape != shape)
            return key + " is " + io::shape_text(it->second.shape) + ", the table says " +
                   io::shape_text(shape);
    }
    const int64_t layers = c.at("num_hidden_layers");
    const std::string last = p + "encoder.layers." + std::to_string(layers - 1) + ".";
    const std::string beyond = p + "encoder.layers." + std::to_string(layers) + ".";
    auto has_prefix = [&](const std::string& prefix) {
        auto it = main.lower_bound(prefix);
        return it != main.end() && it->first.rfind(prefix, 0) == 0;
    };
    if (!has_prefix(last) || has_prefix(beyond))
        return "the weights do not have the table's " + std::to_string(layers) + " layers";
    return "";
}

}  // namespace

AssembledCheckpoint assemble_checkpoint(const std::string& dir, const TowerLocations& towers) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        throw Error("checkpoint folder not found", dir,
                    "pass the folder that holds config.json, tokenizer.model and the weights");
    }
    AssembledCheckpoint c;
    c.dir = dir;
    c.config_path = (fs::path(dir) / "config.json").string();
    if (!fs::exists(c.config_path, ec)) {
        throw Error("config.json not found in the checkpoint folder", c.config_path,
                    "a Face-LLaVA checkpoint folder needs its config.json");
    }
    c.config = io::read_json_file(c.config_path);
    if (!c.config.is_object())
        throw Error("config.json is not a JSON object", c.config_path,
                    "use the config.json that came with the checkpoint");
    c.tokenizer = (fs::path(dir) / "tokenizer.model").string();
    if (!fs::exists(c.tokenizer, ec)) {
        c.problems.emplace_back("tokenizer.model not found in the checkpoint folder", c.tokenizer,
                                "copy the model's SentencePiece tokenizer.model next to "
                                "config.json");
    }
    std::set<std::string> main_keys;
    try {
        c.main_files = io::checkpoint_weight_files(dir);
        c.main = io::open_weight_files(c.main_files);
        for (const auto& [key, tensor] : c.main)
            main_keys.insert(key);
    } catch (const Error& e) {
        c.problems.push_back(e);
    }
    for (auto* tower : {&c.image, &c.video}) {
        TowerQuery query;
        query.part = tower == &c.image ? "image" : "video";
        query.checkpoint_dir = dir;
        query.config = &c.config;
        query.explicit_dir = tower == &c.image ? towers.image_tower : towers.video_tower;
        query.main_keys = &main_keys;
        *tower = resolve_tower(query);
        if (tower->builtin_config) {
            const std::string mismatch = builtin_config_mismatch(*tower, c.main);
            if (!mismatch.empty()) {
                tower->looked_in.push_back(tower->config_origin + ": does not match (" + mismatch +
                                           ")");
                tower->config.reset();
                tower->config_origin.clear();
                tower->builtin_config = false;
            }
        }
        if (!tower->found())
            c.problems.emplace_back(tower->missing_message(), dir, tower->fix());
    }
    complete_config(c.config, c.image, c.video);
    // transformers keeps the tokenizer's limit in tokenizer_config.json.
    const auto tokenizer_config = fs::path(dir) / "tokenizer_config.json";
    if (!c.config.contains("tokenizer_model_max_length") && fs::exists(tokenizer_config, ec)) {
        const auto json = io::read_json_file(tokenizer_config.string());
        if (json.contains("model_max_length") && json.at("model_max_length").is_number_integer() &&
            json.at("model_max_length").get<int64_t>() < (int64_t(1) << 31))
            c.config["tokenizer_model_max_length"] = json.at("model_max_length");
    }
    return c;
}

void throw_unless_loadable(const AssembledCheckpoint& checkpoint) {
    if (checkpoint.problems.empty())
        return;
    if (checkpoint.problems.size() == 1)
        throw checkpoint.problems.front();  // names its own file and fix
    std::string what = "the checkpoint cannot be loaded:";
    for (const auto& problem : checkpoint.problems)
        what += "\n" + std::string(problem.what());
    throw Error(what, checkpoint.dir,
                "run `facellava checkpoint inspect " + checkpoint.dir + "` for the full report");
}

io::LazyStateDict take_tower_weights(const ResolvedTower& tower, io::LazyStateDict& main,
                                     std::vector<std::string>* skipped) {
    io::LazyStateDict lazy;
    if (tower.origin == "embedded")
        lazy = io::take_prefixed(main, tower.embedded_prefix, "vision_model.");
    else if (!tower.weights.empty())
        lazy = io::open_state_dict(tower.weights);
    // A LanguageBind repo's text encoder is never read: skipped by name.
    for (auto it = lazy.begin(); it != lazy.end();) {
        if (is_unused_tower_repo_key(it->first)) {
            if (skipped)
                skipped->push_back(it->first);
            it = lazy.erase(it);
        } else {
            ++it;
        }
    }
    return lazy;
}

FaceLlavaWeights tower_and_main_weights(AssembledCheckpoint& c, torch::Dtype dtype) {
    FaceLlavaWeights w;
    // One tower's weights, where they came from, and its LoRA settings
    // (an adapter_config.json only ever sits in a tower folder).
    auto read = [&](const ResolvedTower& tower, io::StateDict& dict, std::string& source,
                    std::optional<io::LoraConfig>& lora) {
        const bool embedded = tower.origin == "embedded";
        source = embedded ? c.dir + " (" + tower.embedded_prefix + "*)" : tower.weights;
        dict = io::materialize(take_tower_weights(tower, c.main), dtype);
        if (!embedded)
            lora = tower_lora_config(tower.weights);
    };
    if (c.image.wanted && !c.image.faceapi)
        read(c.image, w.image_tower, w.image_tower_source, w.image_tower_lora);
    if (c.video.wanted)
        read(c.video, w.video_tower, w.video_tower_source, w.video_tower_lora);
    w.main_source = c.dir;
    w.main = std::move(c.main);
    return w;
}

}  // namespace facellava::model
