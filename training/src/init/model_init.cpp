// init_model(): config + tokenizer → a checkpoint folder with fresh weights.
// Everything is checked and built in memory first, so a failure leaves no
// half-written folder behind.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/checkpoint_paths.h"
#include "engine/facellava_hparams.h"
#include "facellava/core/atomic_file.h"
#include "facellava/core/error.h"
#include "facellava/model/tokenizer.h"
#include "facellava/training/model_init.h"
#include "init/weight_init.h"
#include "io/json_config.h"
#include "io/safetensors.h"

namespace facellava::training {
namespace fs = std::filesystem;
namespace {

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error("cannot read the file", path, "check the path");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

bool is_non_empty_dir(const fs::path& dir) {
    return fs::is_directory(dir) && fs::directory_iterator(dir) != fs::directory_iterator();
}

// Files the checkpoint loaders read from a folder: replaced with --force, so
// stale shards cannot be loaded together with the new weights.
bool is_checkpoint_file(const fs::path& file) {
    const std::string name = file.filename().string();
    const auto ext = file.extension().string();
    return name == "config.json" || name == "tokenizer.model" || ext == ".safetensors" ||
           name == "model.safetensors.index.json" ||
           (name.rfind("pytorch_model", 0) == 0 && ext == ".bin");
}

// vocab_size: absent, null, 0 or "tokenizer" take the tokenizer's size; a
// number must hold every piece. Special ids must agree with the tokenizer.
void apply_tokenizer(io::Json& config, const model::Tokenizer& tokenizer,
                     const std::string& config_path, const std::string& tokenizer_path) {
    const int64_t pieces = tokenizer.vocab_size();
    const auto& v = config.contains("vocab_size") ? config["vocab_size"] : io::Json();
    if (v.is_null() || (v.is_number_integer() && v.get<int64_t>() == 0) ||
        (v.is_string() && v.get<std::string>() == "tokenizer")) {
        config["vocab_size"] = pieces;
    } else if (!v.is_number_integer() || v.get<int64_t>() < pieces) {
        throw Error("vocab_size " + v.dump() + " does not hold the tokenizer's " +
                        std::to_string(pieces) + " pieces (" + tokenizer_path + ")",
                    config_path, "set \"vocab_size\": \"tokenizer\" (or 0) to take its size");
    }
    const std::pair<const char*, int64_t> specials[] = {{"bos_token_id", tokenizer.bos_id()},
                                                        {"eos_token_id", tokenizer.eos_id()}};
    for (const auto& [key, id] : specials) {
        if (!config.contains(key) || config[key].is_null()) {
            config[key] = id;
        } else if (config[key] != id) {
            throw Error(std::string(key) + " is " + config[key].dump() +
                            " but the tokenizer's is " + std::to_string(id),
                        config_path, "remove the key (it is then taken from the tokenizer)");
        }
    }
}

// Tower paths relative to the config's folder become absolute (the new
// folder is elsewhere); a tower in the conventional sub-folder next to the
// config is named explicitly.
struct TowerKeys {
    const char* path_key;
    const char* embedded_key;
    const char* folder;
};
constexpr TowerKeys kTowers[] = {{"mm_image_tower", "image_tower_config", "image_tower"},
                                 {"mm_video_tower", "video_tower_config", "video_tower"}};

void locate_towers(io::Json& config, const fs::path& config_dir) {
    for (const auto& t : kTowers) {
        if (config.contains(t.path_key) && config[t.path_key].is_string()) {
            const fs::path named = config[t.path_key].get<std::string>();
            if (named.is_relative() && fs::exists(config_dir / named))
                config[t.path_key] = fs::absolute(config_dir / named).lexically_normal().string();
        } else if (config.contains(t.embedded_key) && fs::exists(config_dir / t.folder)) {
            config[t.path_key] = fs::absolute(config_dir / t.folder).lexically_normal().string();
        }
    }
}

// The config as the loaders parse it: tower configs not embedded are read
// from the tower folders (as plan_run and TrainableFaceLlava::load do).
io::Json with_tower_configs(io::Json config) {
    for (const auto& t : kTowers) {
        if (config.contains(t.embedded_key) || !config.contains(t.path_key) ||
            !config[t.path_key].is_string())
            continue;
        if (auto tower = model::tower_config(config[t.path_key].get<std::string>()))
            config[t.embedded_key] = *tower;
    }
    return config;
}

}  // namespace

InitModelResult init_model(const InitModelOptions& options) {
    const fs::path out(options.output_dir);
    if (options.output_dir.empty())
        throw Error("no output folder given", "", "pass --output DIR");
    if (fs::exists(out) && !fs::is_directory(out))
        throw Error("the output exists and is not a folder", options.output_dir);
    if (is_non_empty_dir(out) && !options.force) {
        throw Error("the output folder is not empty", options.output_dir,
                    "choose a new folder, or pass --force to replace its checkpoint files");
    }
    const model::Tokenizer tokenizer = model::Tokenizer::load(options.tokenizer);
    io::Json config = io::read_json_file(options.config);
    if (!config.is_object())
        throw Error("config.json is not a JSON object", options.config);
    apply_tokenizer(config, tokenizer, options.config, options.tokenizer);
    const fs::path config_dir = fs::absolute(options.config).parent_path();
    locate_towers(config, config_dir);

    // Parsing the hyper-parameters checks the whole config before anything
    // is written.
    const io::Json parsed = with_tower_configs(config);
    const auto hp = model::FaceLlavaHParams::from_json(io::JsonConfig(parsed, options.config));

    InitModelResult result;
    result.initializer_range =
        io::JsonConfig(config, options.config).get_or<double>("initializer_range", 0.02);
    if (!(result.initializer_range > 0)) {
        throw Error("initializer_range must be positive", options.config,
                    "use 0.02 (LLaMA's value)");
    }
    io::StateDict weights = fresh_main_state_dict(hp);
    WeightInitOptions init;
    init.initializer_range = result.initializer_range;
    init.pad_token_id = hp.llm.pad_token_id;
    init.seed = options.seed;
    initialise_weights(weights, init);
    for (const auto& [name, t] : weights)
        result.parameters += t.numel();
    result.tensors = int64_t(weights.size());
    result.vocab_size = hp.llm.vocab_size;

    fs::create_directories(out);
    if (options.force) {
        for (const auto& entry : fs::directory_iterator(out)) {
            if (entry.is_regular_file() && is_checkpoint_file(entry.path()))
                fs::remove(entry.path());
        }
    }
    write_file_atomically((out / "tokenizer.model").string(), read_bytes(options.tokenizer));
    write_file_atomically((out / "config.json").string(), config.dump(1) + "\n");
    result.weights_path = (out / "model.safetensors").string();
    io::save_safetensors(result.weights_path, weights, {{"format", "pt"}});
    return result;
}

}  // namespace facellava::training
