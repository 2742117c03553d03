// Everything a fine-tuning run needs, as one plain struct with the authors'
// recipe (FACELLAVA_SPEC §8) as defaults, read from and written to JSON.
//
// Every field has a dotted JSON key ("optim.learning_rate") and a command-line
// flag ("--learning-rate"); train_config_fields() lists them once, so the CLI,
// the GUI and the JSON reader cannot drift apart. Torch-free.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace facellava::training {

// What is trained (spec §8); towers are always frozen.
enum class TrainStage {
    Landmarks,  // stage 1: landmark projectors + FRGCA only
    Full,       // stage 2: LLM + mm_projector + landmark modules
    Lora,       // stage 2 with LoRA adapters on the LLM instead of its weights
};

enum class BadSamplePolicy {
    Skip,  // report the sample (file + index) and train without it
    Fail,  // stop with an error listing every bad sample
};

struct DataConfig {
    std::vector<std::string>
        train_files;  // FaceInstruct .json (a list) or .jsonl (a sample per line)
    std::vector<std::string>
        eval_files;              // held-out split; empty: split eval_fraction off the train set
    double eval_fraction = 0.0;  // share of train samples held out when eval_files is empty
    std::string image_root;      // image (and image landmark) paths are relative to this
    std::string video_root;      // video (and video landmark) paths are relative to this
    // Repeat factor per task (1: every sample once per epoch, 0.5: a random
    // half, 2: twice, 0: left out). Tasks not listed use 1.
    std::map<std::string, double> task_weights;
    BadSamplePolicy on_bad_sample = BadSamplePolicy::Skip;
    bool check_media =
        true;             // validation opens every landmark file and checks every media file exists
    int num_workers = 2;  // threads decoding media and tokenising ahead of the trainer
    int prefetch_batches = 4;            // bounded queue: batches prepared ahead of the one in use
    bool group_by_length = true;         // batches of similar length (less padding)
    int64_t max_text_tokens = 2048;      // spec §4: text ids per sample
    int64_t max_sequence_tokens = 3072;  // spec §4: text + visual tokens per sample
    int64_t num_frames = 0;              // frames per video; 0: the model's num_frames
    // Between the `<image>` placeholders a `<video>` expands to. " " matches
    // the inference prompt (conversation.h); the authors' training code used "".
    std::string video_frame_separator = " ";
    double landmark_scale = 256.0;  // landmarks_2d are pixels in the 256-px crop: divided by this
    std::string system_prompt;      // empty: the vicuna-v1 system prompt
    // Limits of the JSON reader, so a corrupt or hostile file cannot exhaust memory.
    int json_max_depth = 32;
    int64_t json_max_string_bytes = 1 << 20;
    int64_t json_max_file_bytes = int64_t(8) << 30;
};

struct ModelSettings {
    std::string
        checkpoint;  // Face-LLaVA checkpoint folder (config.json, tokenizer.model, weights, towers)
    std::string device = "auto";  // "auto" (CUDA when available), "cpu", "cuda", "cuda:N"
    std::string precision =
        "auto";  // "auto" (bf16 on CUDA, fp32 on CPU), "fp32", "bf16" (CUDA autocast)
};

struct LoraSettings {
    int64_t rank = 128;    // spec §8 (earlier authors' scripts): r 128
    double alpha = 256.0;  // scale = alpha / rank
    double dropout = 0.05;
    std::vector<std::string> target_modules = {"q_proj",    "k_proj",  "v_proj",   "o_proj",
                                               "gate_proj", "up_proj", "down_proj"};
};

struct OptimSettings {
    double learning_rate = 2e-5;           // stage 2 recipe; stage 1 used 1e-4
    double projector_learning_rate = 0.0;  // mm_projector + landmark modules; 0: learning_rate
    double weight_decay = 0.0;             // AdamW; not applied to biases and norm weights
    double beta1 = 0.9;
    double beta2 = 0.999;
    double epsilon = 1e-8;
    std::string schedule = "cosine";  // cosine | linear | constant
    double warmup_ratio = 0.03;
    int64_t warmup_steps = -1;  // ≥ 0 overrides warmup_ratio
    double min_lr_ratio = 0.0;
    int64_t epochs = 1;
    int64_t max_steps = 0;          // > 0: stop after this many optimiser steps (overrides epochs)
    int64_t batch_size = 4;         // samples per micro-batch
    int64_t grad_accumulation = 1;  // micro-batches per optimiser step
    double max_grad_norm = 1.0;     // 0: no clipping
    bool activation_checkpointing = false;  // recompute decoder layers in the backward pass
};

struct CheckpointSettings {
    std::string output_dir;    // checkpoints/, metrics.jsonl, final/ (loadable model) go here
    int64_t save_every = 500;  // optimiser steps between checkpoints; 0: only at the end / on abort
    int64_t keep_last = 3;     // older step checkpoints are deleted; 0: keep all
    std::string
        resume_from;  // "" (fresh run), "latest" (newest in output_dir) or a checkpoint folder
    bool save_final_model = true;  // write output_dir/final: a full model folder (LoRA merged)
};

struct EvalSettings {
    int64_t every = 0;          // optimiser steps between evaluations; 0: only at the end
    int64_t max_samples = 200;  // held-out samples answered per evaluation
    int64_t max_new_tokens = 128;
    // Task → metric family ("expression", "action_units", "attributes", "age",
    // "deepfake", "gender") for tasks whose name does not say it.
    std::map<std::string, std::string> task_kinds;
};

// Data-parallel training over several processes (torchrun's environment, see
// training/src/distributed/). Written as top-level keys: nproc, dist_backend,
// dist_timeout_s, dist_bucket_mb, dist_overlap.
struct DistributedSettings {
    // Local processes `facellava train` starts, each a rank with
    // optim.batch_size samples per micro-batch (global batch = batch_size ×
    // ranks × grad_accumulation). Ignored by a process started as a rank
    // (WORLD_SIZE set by torchrun, srun or the launcher).
    int nproc = 1;
    std::string backend = "auto";  // auto (nccl on CUDA when built with it, else gloo), gloo, nccl
    double timeout_s = 600;        // rendezvous and each collective; a rank whose peers are gone
                                   // or stuck stops with an error after this
    double bucket_mb = 25;         // gradient all-reduce bucket size (MiB)
    // Start each bucket's all-reduce during the backward pass as soon as its
    // gradients are final (DDP-style); false: all buckets after backward.
    // Same results either way.
    bool overlap = true;
};

struct TrainConfig {
    ModelSettings model;
    DataConfig data;
    TrainStage stage = TrainStage::Full;
    LoraSettings lora;
    OptimSettings optim;
    CheckpointSettings checkpoint;
    EvalSettings eval;
    DistributedSettings dist;
    uint64_t seed = 42;     // data order, LoRA init, dropout
    int cpu_threads = 0;    // 0: LibTorch's default
    int64_t log_every = 1;  // optimiser steps between metrics.jsonl lines
};

// One configurable value: its JSON key, flag and help, for the CLI and GUI.
struct ConfigFieldInfo {
    std::string key;         // dotted JSON path, e.g. "optim.learning_rate"
    std::string flag;        // command-line flag without dashes, e.g. "learning-rate"
    std::string value_name;  // "N", "X", "PATH", "LIST", "MAP", "BOOL", …
    std::string help;
};
const std::vector<ConfigFieldInfo>& train_config_fields();

// JSON text ↔ config. Unknown keys and wrong types throw facellava::Error
// naming `source` and the key; missing keys keep their defaults.
TrainConfig parse_train_config(const std::string& json_text, const std::string& source);
TrainConfig load_train_config(const std::string& path);
std::string train_config_to_json(const TrainConfig& config);  // every field, pretty-printed
void save_train_config(const TrainConfig& config, const std::string& path);  // atomic

// Sets one field from command-line text (numbers, true/false, lists as
// "a,b", maps as "k=v,k2=v2"); throws facellava::Error naming the key.
void set_train_config_value(TrainConfig& config, const std::string& key, const std::string& text);

// Every problem of the config in one facellava::Error (empty paths, ranges,
// names); returns normally when the config can run.
void validate_train_config(const TrainConfig& config);

const char* stage_name(TrainStage stage);
TrainStage parse_stage(const std::string& name);  // landmarks|full|lora (stage1|stage2 accepted)
const char* bad_sample_policy_name(BadSamplePolicy policy);
BadSamplePolicy parse_bad_sample_policy(const std::string& name);  // skip|fail

}  // namespace facellava::training
