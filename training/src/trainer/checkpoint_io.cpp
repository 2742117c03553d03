#include "trainer/checkpoint_io.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "facellava/core/atomic_file.h"
#include "facellava/core/error.h"
#include "facellava/core/paths.h"
#include "io/safetensors.h"

namespace facellava::training {
namespace fs = std::filesystem;
namespace {

// The layout is facellava/training/checkpoint_layout.h's, shared with the GUI.
constexpr const char* kTrainable = kCheckpointTrainable;
constexpr const char* kOptimizer = kCheckpointOptimizer;
constexpr const char* kRng = kCheckpointRng;
constexpr const char* kState = kCheckpointState;

nlohmann::json state_to_json(const TrainerState& s) {
    nlohmann::json j;
    j["step"] = s.step;
    j["epoch"] = s.epoch;
    j["next_batch"] = s.next_batch;
    j["global_batch"] = s.global_batch;
    j["epoch_segments"] = nlohmann::json::array();
    for (const auto& seg : s.earlier_segments)
        j["epoch_segments"].push_back({seg.global_batch, seg.batches_done});
    j["world_size"] = s.world_size;
    j["total_steps"] = s.total_steps;
    j["seed"] = s.seed;
    j["stage"] = s.stage;
    j["reason"] = s.reason;
    j["last_loss"] = s.last_loss;
    j["config"] = nlohmann::json::parse(s.config_json.empty() ? "{}" : s.config_json);
    return j;
}

TrainerState state_from_json(const nlohmann::json& j, const std::string& path) {
    try {
        TrainerState s;
        s.step = j.at("step").get<int64_t>();
        s.epoch = j.at("epoch").get<int64_t>();
        s.next_batch = j.at("next_batch").get<int64_t>();
        // Checkpoints from before distributed training: one process, whose
        // micro-batches held optim.batch_size samples.
        s.global_batch = j.contains("global_batch")
                             ? j["global_batch"].get<int64_t>()
                             : j.at("config").at("optim").at("batch_size").get<int64_t>();
        if (j.contains("epoch_segments")) {
            for (const auto& seg : j["epoch_segments"])
                s.earlier_segments.push_back({seg.at(0).get<int64_t>(), seg.at(1).get<int64_t>()});
        }
        s.world_size = j.value("world_size", 1);
        s.total_steps = j.at("total_steps").get<int64_t>();
        s.seed = j.at("seed").get<uint64_t>();
        s.stage = j.at("stage").get<std::string>();
        s.reason = j.value("reason", "");
        s.last_loss = j.value("last_loss", 0.0);
        if (j.contains("config"))
            s.config_json = j["config"].dump();
        return s;
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("trainer_state.json is incomplete: ") + e.what(), path,
                    "resume from another checkpoint (this one was not written by facellava train)");
    }
}

std::vector<fs::path> step_folders(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        if (e.is_directory() && checkpoint_step_from_name(e.path().filename().string()))
            out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());  // zero-padded: name order is step order
    return out;
}

}  // namespace

std::string save_checkpoint(const std::string& output_dir, const TrainerState& state,
                            const NamedTensors& trainable, torch::optim::Optimizer& optimizer,
                            int64_t keep_last) {
    const fs::path root = checkpoints_dir(output_dir);
    fs::create_directories(root);
    const fs::path final_dir = root / checkpoint_folder_name(state.step);
    const fs::path temp_dir = create_temporary_folder(final_dir.string());
    try {
        std::map<std::string, torch::Tensor> tensors;
        for (const auto& [name, t] : trainable)
            tensors[name] = t.detach().to(torch::kCPU);
        io::save_safetensors((temp_dir / kTrainable).string(), tensors);

        torch::serialize::OutputArchive archive;
        optimizer.save(archive);
        archive.save_to((temp_dir / kOptimizer).string());

        std::map<std::string, torch::Tensor> rng;
        {
            auto gen = at::detail::getDefaultCPUGenerator();
            std::lock_guard<std::mutex> lock(gen.mutex());
            rng["cpu"] = gen.get_state();
        }
        if (torch::cuda::is_available()) {
            for (int64_t i = 0; i < int64_t(torch::cuda::device_count()); ++i) {
                auto gen = at::globalContext().defaultGenerator(
                    at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(i)));
                std::lock_guard<std::mutex> lock(gen.mutex());
                rng["cuda:" + std::to_string(i)] = gen.get_state();
            }
        }
        io::save_safetensors((temp_dir / kRng).string(), rng);
        write_file_atomically((temp_dir / kState).string(), state_to_json(state).dump(2) + "\n");

        // A checkpoint of the same step (abort right after a periodic save)
        // is replaced as a whole.
        if (fs::exists(final_dir)) {
            const fs::path old = create_temporary_folder(final_dir.string() + ".old");
            rename_durably(final_dir.string(), old.string());  // over the empty folder
            std::string problem;
            if (remove_tree(old.string(), &problem) < 0)
                throw Error("cannot remove the replaced checkpoint: " + problem, old.string(),
                            "check the folder's permissions and free space");
        }
        commit_folder(temp_dir.string(), final_dir.string());  // its files synced first
        write_file_atomically(latest_checkpoint_file(output_dir),
                              final_dir.filename().string() + "\n");
    } catch (...) {
        remove_tree(temp_dir.string());
        throw;
    }
    if (keep_last > 0) {
        auto folders = step_folders(root);
        const auto excess = int64_t(folders.size()) - keep_last;
        for (int64_t i = 0; i < excess; ++i) {
            if (folders[size_t(i)] == final_dir)
                continue;
            remove_tree(folders[size_t(i)]
                            .string());  // best effort: an old checkpoint left over is harmless
        }
    }
    return final_dir.string();
}

std::string resolve_resume_dir(const std::string& resume_from, const std::string& output_dir) {
    if (resume_from == "latest") {
        const fs::path latest = latest_checkpoint_file(output_dir);
        if (!fs::exists(latest)) {
            throw Error("no checkpoint to resume from", latest.string(),
                        "start a fresh run (leave resume empty) or name a checkpoint folder");
        }
        std::string name = read_file(latest.string());
        name.erase(name.find_last_not_of(" \r\n\t") + 1);
        return (fs::path(checkpoints_dir(output_dir)) / name).string();
    }
    if (!fs::is_directory(resume_from))
        throw Error("checkpoint folder not found", resume_from, "pick one from checkpoints/");
    return resume_from;
}

TrainerState load_checkpoint(const std::string& dir, const NamedTensors& trainable,
                             torch::optim::Optimizer& optimizer) {
    for (const char* f : {kTrainable, kOptimizer, kRng, kState}) {
        if (!fs::exists(fs::path(dir) / f)) {
            throw Error(std::string("checkpoint is incomplete: ") + f + " is missing", dir,
                        "resume from another checkpoint");
        }
    }
    const auto state_path = (fs::path(dir) / kState).string();
    TrainerState state;
    try {
        state = state_from_json(nlohmann::json::parse(read_file(state_path)), state_path);
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("trainer_state.json is not valid JSON: ") + e.what(), state_path);
    }

    io::SafetensorsFile file((fs::path(dir) / kTrainable).string());
    std::vector<std::string> problems;
    for (const auto& [name, t] : trainable) {
        if (!file.contains(name)) {
            problems.push_back("missing " + name);
            continue;
        }
        if (file.entry(name).shape != t.sizes().vec())
            problems.push_back("shape of " + name + " differs");
    }
    if (file.entries().size() != trainable.size()) {
        problems.push_back(std::to_string(file.entries().size()) + " tensors saved, " +
                           std::to_string(trainable.size()) + " trained now");
    }
    if (!problems.empty()) {
        std::string message = "checkpoint does not match this run's trained parameters:";
        for (size_t i = 0; i < std::min<size_t>(problems.size(), 10); ++i)
            message += "\n  " + problems[i];
        throw Error(
            message, dir,
            "resume with the same model, stage and LoRA settings the checkpoint was written with");
    }
    {
        torch::NoGradGuard no_grad;
        for (const auto& [name, t] : trainable)
            t.copy_(file.tensor(name, t.scalar_type()));
    }
    try {
        torch::serialize::InputArchive archive;
        archive.load_from((fs::path(dir) / kOptimizer).string(),
                          trainable.empty() ? torch::kCPU : trainable.front().second.device());
        optimizer.load(archive);
    } catch (const c10::Error& e) {
        throw Error(std::string("optimizer state unreadable: ") + e.what_without_backtrace(), dir,
                    "resume with the same stage and settings, or from another checkpoint");
    }
    io::SafetensorsFile rng((fs::path(dir) / kRng).string());
    {
        auto gen = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(gen.mutex());
        gen.set_state(rng.tensor("cpu"));
    }
    if (torch::cuda::is_available()) {
        for (int64_t i = 0; i < int64_t(torch::cuda::device_count()); ++i) {
            const std::string key = "cuda:" + std::to_string(i);
            if (!rng.contains(key))
                continue;
            auto gen = at::globalContext().defaultGenerator(
                at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(i)));
            std::lock_guard<std::mutex> lock(gen.mutex());
            gen.set_state(rng.tensor(key));
        }
    }
    return state;
}

}  // namespace facellava::training
