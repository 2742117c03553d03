#include "facellava/training/checkpoint_layout.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace facellava::training {
namespace fs = std::filesystem;
namespace {

constexpr const char* kPrefix = "step-";

std::string read_small_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Fills what trainer_state.json says; false when it cannot be read.
bool read_state(const fs::path& path, CheckpointInfo& info) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return false;
    const auto j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object() || j.empty())
        return false;
    if (j.contains("step") && j["step"].is_number_integer())
        info.step = j["step"].get<int64_t>();
    if (j.contains("total_steps") && j["total_steps"].is_number_integer())
        info.total_steps = j["total_steps"].get<int64_t>();
    if (j.contains("reason") && j["reason"].is_string())
        info.reason = j["reason"].get<std::string>();
    if (j.contains("stage") && j["stage"].is_string())
        info.stage = j["stage"].get<std::string>();
    if (j.contains("last_loss") && j["last_loss"].is_number())
        info.last_loss = j["last_loss"].get<double>();
    return true;
}

}  // namespace

std::string checkpoints_dir(const std::string& output_dir) {
    return (fs::path(output_dir) / "checkpoints").string();
}

std::string latest_checkpoint_file(const std::string& output_dir) {
    return (fs::path(checkpoints_dir(output_dir)) / "latest").string();
}

std::string final_model_dir(const std::string& output_dir) {
    return (fs::path(output_dir) / "final").string();
}

std::string metrics_log_path(const std::string& output_dir) {
    return (fs::path(output_dir) / "metrics.jsonl").string();
}

std::string checkpoint_folder_name(int64_t step) {
    char name[32];
    std::snprintf(name, sizeof(name), "%s%08lld", kPrefix, static_cast<long long>(step));
    return name;
}

std::optional<int64_t> checkpoint_step_from_name(const std::string& name) {
    const std::string prefix = kPrefix;
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0)
        return std::nullopt;
    const std::string digits = name.substr(prefix.size());
    if (digits.size() > 18 ||
        !std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); }))
        return std::nullopt;  // "step-00000003.tmp-…" (being written) and other names
    return std::stoll(digits);
}

std::vector<CheckpointInfo> list_checkpoints(const std::string& output_dir) {
    std::vector<CheckpointInfo> out;
    if (output_dir.empty())
        return out;
    const fs::path root = checkpoints_dir(output_dir);
    std::error_code ec;
    if (!fs::is_directory(root, ec))
        return out;
    std::string latest = read_small_file(latest_checkpoint_file(output_dir));
    latest.erase(latest.find_last_not_of(" \r\n\t") + 1);
    for (const auto& entry : fs::directory_iterator(root, ec)) {
        const std::string name = entry.path().filename().string();
        const auto step = checkpoint_step_from_name(name);
        if (!step || !entry.is_directory(ec))
            continue;
        CheckpointInfo info;
        info.dir = entry.path().string();
        info.step = *step;
        info.latest = name == latest;
        info.complete = true;
        for (const char* f :
             {kCheckpointTrainable, kCheckpointOptimizer, kCheckpointRng, kCheckpointState})
            info.complete = info.complete && fs::exists(entry.path() / f, ec);
        if (!read_state(entry.path() / kCheckpointState, info))
            info.complete = false;
        out.push_back(std::move(info));
    }
    std::sort(out.begin(), out.end(),
              [](const CheckpointInfo& a, const CheckpointInfo& b) { return a.step > b.step; });
    return out;
}

std::string written_final_model(const std::string& output_dir) {
    if (output_dir.empty())
        return {};
    const std::string dir = final_model_dir(output_dir);
    std::error_code ec;
    return fs::exists(fs::path(dir) / "config.json", ec) ? dir : std::string();
}

}  // namespace facellava::training
