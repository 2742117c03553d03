#include "engine/generation_defaults.h"

#include <filesystem>

#include "io/json_config.h"

namespace facellava::model {

std::optional<GenerationSettings> read_generation_defaults(const std::string& checkpoint_dir) {
    const auto path = std::filesystem::path(checkpoint_dir) / "generation_config.json";
    if (!std::filesystem::exists(path))
        return std::nullopt;
    const io::JsonConfig config(io::read_json_file(path.string()), path.string());
    GenerationSettings settings;
    if (config.get_or<bool>("do_sample", false)) {
        settings.temperature = float(config.get_or<double>("temperature", 1.0));
        settings.top_p = float(config.get_or<double>("top_p", 1.0));
        settings.top_k = int(config.get_or<int64_t>("top_k", 0));
    }
    settings.repetition_penalty = float(config.get_or<double>("repetition_penalty", 1.0));
    if (config.has("max_new_tokens"))
        settings.max_new_tokens = int(config.get<int64_t>("max_new_tokens"));
    return settings;
}

}  // namespace facellava::model
