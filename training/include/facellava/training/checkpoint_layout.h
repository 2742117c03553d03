// Where a training run keeps its files inside its output folder, and the
// listing of its checkpoints. Torch-free: the trainer writes this layout
// (trainer/checkpoint_io.cpp), the GUI and scripts read it through here
// instead of re-deriving folder names.
//
//   <output_dir>/metrics.jsonl                 one JSON object per logged step / evaluation
//   <output_dir>/checkpoints/step-00000120/    trainable.safetensors, optimizer.pt,
//                                              rng.safetensors, trainer_state.json
//   <output_dir>/checkpoints/latest            name of the newest complete checkpoint
//   <output_dir>/final/                        loadable model (config.json, …)
//
// A checkpoint folder being written carries ".tmp" in its name and is never
// listed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace facellava::training {

// The files of a checkpoint folder, each needed to resume.
inline constexpr const char* kCheckpointTrainable = "trainable.safetensors";
inline constexpr const char* kCheckpointOptimizer = "optimizer.pt";
inline constexpr const char* kCheckpointRng = "rng.safetensors";
inline constexpr const char* kCheckpointState = "trainer_state.json";

std::string checkpoints_dir(const std::string& output_dir);         // <output_dir>/checkpoints
std::string latest_checkpoint_file(const std::string& output_dir);  // …/checkpoints/latest
std::string final_model_dir(const std::string& output_dir);         // <output_dir>/final
std::string metrics_log_path(const std::string& output_dir);        // <output_dir>/metrics.jsonl

// "step-00000120" for step 120 (zero-padded: name order is step order).
std::string checkpoint_folder_name(int64_t step);
// The step of a checkpoint folder name; nullopt for anything else (a
// ".tmp" folder being written, other files).
std::optional<int64_t> checkpoint_step_from_name(const std::string& name);

struct CheckpointInfo {
    std::string dir;
    int64_t step = 0;
    int64_t total_steps = 0;
    std::string reason;  // periodic, abort, error, final
    std::string stage;
    std::optional<double> last_loss;
    bool latest = false;    // named by checkpoints/latest
    bool complete = false;  // every file a resume needs is there and trainer_state.json reads
};

// The checkpoints of a run folder, newest first ({} when there are none).
// Reads files; never throws for what it finds (an unreadable
// trainer_state.json leaves the checkpoint listed as incomplete).
std::vector<CheckpointInfo> list_checkpoints(const std::string& output_dir);

// final_model_dir() when it holds a model (its config.json), else "".
std::string written_final_model(const std::string& output_dir);

}  // namespace facellava::training
