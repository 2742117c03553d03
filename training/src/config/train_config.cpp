// TrainConfig ↔ JSON ↔ command-line flags through one table of fields, so a
// new option is added in one place and appears in the JSON file, the CLI and
// the GUI at once.
#include "facellava/training/train_config.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <regex>
#include <set>
#include <sstream>

#include "facellava/core/atomic_file.h"
#include "facellava/core/error.h"
#include "facellava/core/paths.h"
#include "facellava/training/lr_schedule.h"

namespace facellava::training {
namespace {

using Json = nlohmann::ordered_json;
// Aliases so the field table's accessor macro sees one type argument.
using StringList = std::vector<std::string>;
using FloatMap = std::map<std::string, double>;
using StringMap = std::map<std::string, std::string>;

// How a field's value is written on the command line.
enum class Kind { String, Int, Float, Bool, List, FloatMap, StringMap };

struct Field {
    ConfigFieldInfo info;
    Kind kind;
    std::function<Json(const TrainConfig&)> get;
    // Throws std::invalid_argument with the reason; the caller adds key and source.
    std::function<void(TrainConfig&, const Json&)> set;
};

[[noreturn]] void bad_value(const std::string& why) {
    throw std::invalid_argument(why);
}

template <typename T>
T json_to(const Json& v);

template <>
std::string json_to<std::string>(const Json& v) {
    if (!v.is_string())
        bad_value("expected a string, got " + v.dump());
    return v.get<std::string>();
}
template <>
int64_t json_to<int64_t>(const Json& v) {
    if (!v.is_number_integer())
        bad_value("expected an integer, got " + v.dump());
    return v.get<int64_t>();
}
template <>
int json_to<int>(const Json& v) {
    const int64_t x = json_to<int64_t>(v);
    if (x < INT32_MIN || x > INT32_MAX)
        bad_value("integer out of range: " + v.dump());
    return int(x);
}
template <>
uint64_t json_to<uint64_t>(const Json& v) {
    if (!v.is_number_integer())
        bad_value("expected a non-negative integer, got " + v.dump());
    if (v.is_number_unsigned())
        return v.get<uint64_t>();
    const int64_t x = v.get<int64_t>();
    if (x < 0)
        bad_value("expected a non-negative integer, got " + v.dump());
    return uint64_t(x);
}
template <>
double json_to<double>(const Json& v) {
    if (!v.is_number())
        bad_value("expected a number, got " + v.dump());
    const double x = v.get<double>();
    if (!std::isfinite(x))
        bad_value("expected a finite number");
    return x;
}
template <>
bool json_to<bool>(const Json& v) {
    if (!v.is_boolean())
        bad_value("expected true or false, got " + v.dump());
    return v.get<bool>();
}
template <>
std::vector<std::string> json_to<std::vector<std::string>>(const Json& v) {
    if (!v.is_array())
        bad_value("expected a list of strings, got " + v.dump());
    std::vector<std::string> out;
    for (const auto& item : v)
        out.push_back(json_to<std::string>(item));
    return out;
}
template <>
std::map<std::string, double> json_to<std::map<std::string, double>>(const Json& v) {
    if (!v.is_object())
        bad_value("expected an object of numbers, got " + v.dump());
    std::map<std::string, double> out;
    for (const auto& [k, x] : v.items())
        out[k] = json_to<double>(x);
    return out;
}
template <>
std::map<std::string, std::string> json_to<std::map<std::string, std::string>>(const Json& v) {
    if (!v.is_object())
        bad_value("expected an object of strings, got " + v.dump());
    std::map<std::string, std::string> out;
    for (const auto& [k, x] : v.items())
        out[k] = json_to<std::string>(x);
    return out;
}

template <typename T>
constexpr Kind kind_of() {
    if constexpr (std::is_same_v<T, std::string>)
        return Kind::String;
    if constexpr (std::is_same_v<T, bool>)
        return Kind::Bool;
    if constexpr (std::is_integral_v<T>)
        return Kind::Int;
    if constexpr (std::is_floating_point_v<T>)
        return Kind::Float;
    if constexpr (std::is_same_v<T, std::vector<std::string>>)
        return Kind::List;
    if constexpr (std::is_same_v<T, std::map<std::string, double>>)
        return Kind::FloatMap;
    return Kind::StringMap;
}

const char* default_value_name(Kind kind) {
    switch (kind) {
        case Kind::String:
            return "TEXT";
        case Kind::Int:
            return "N";
        case Kind::Float:
            return "X";
        case Kind::Bool:
            return "BOOL";
        case Kind::List:
            return "A,B,…";
        case Kind::FloatMap:
            return "K=X,…";
        case Kind::StringMap:
            return "K=V,…";
    }
    return "VALUE";
}

// A field bound to a member through an accessor returning a reference.
template <typename T>
Field field(std::string key, std::string flag, std::string help, T& (*ref)(TrainConfig&),
            std::string value_name = {}) {
    Field f;
    f.kind = kind_of<T>();
    f.info = {std::move(key), std::move(flag),
              value_name.empty() ? default_value_name(f.kind) : value_name, std::move(help)};
    f.get = [ref](const TrainConfig& c) { return Json(ref(const_cast<TrainConfig&>(c))); };
    f.set = [ref](TrainConfig& c, const Json& v) { ref(c) = json_to<T>(v); };
    return f;
}

// An enum field stored as its name.
template <typename E>
Field enum_field(std::string key, std::string flag, std::string help, E& (*ref)(TrainConfig&),
                 const char* (*name)(E), E (*parse)(const std::string&), std::string value_name) {
    Field f;
    f.kind = Kind::String;
    f.info = {std::move(key), std::move(flag), std::move(value_name), std::move(help)};
    f.get = [ref, name](const TrainConfig& c) {
        return Json(name(ref(const_cast<TrainConfig&>(c))));
    };
    f.set = [ref, parse](TrainConfig& c, const Json& v) {
        try {
            ref(c) = parse(json_to<std::string>(v));
        } catch (const Error& e) {
            bad_value(e.brief());
        }
    };
    return f;
}

#define FL_REF(type, member) +[](TrainConfig& c) -> type& { return c.member; }

const std::vector<Field>& fields() {
    static const std::vector<Field> table = [] {
        std::vector<Field> t;
        // model
        t.push_back(field("model.checkpoint", "checkpoint",
                          "Face-LLaVA checkpoint folder to start from",
                          FL_REF(std::string, model.checkpoint), "DIR"));
        t.push_back(field("model.device", "device", "auto, cpu, cuda or cuda:N",
                          FL_REF(std::string, model.device), "DEVICE"));
        t.push_back(field("model.precision", "precision",
                          "auto (bf16 autocast on CUDA, fp32 on CPU), fp32, bf16 (CUDA only; fp32 "
                          "master weights)",
                          FL_REF(std::string, model.precision), "P"));
        t.push_back(enum_field<TrainStage>("stage", "stage",
                                           "landmarks (stage 1: landmark projectors + FRGCA), full "
                                           "(stage 2), lora (stage 2, LoRA on the LLM)",
                                           FL_REF(TrainStage, stage), stage_name, parse_stage,
                                           "STAGE"));
        // data
        t.push_back(field("data.train_files", "train-files",
                          "FaceInstruct .json/.jsonl files to train on",
                          FL_REF(StringList, data.train_files), "FILES"));
        t.push_back(field("data.eval_files", "eval-files",
                          "held-out FaceInstruct files for evaluation",
                          FL_REF(StringList, data.eval_files), "FILES"));
        t.push_back(
            field("data.eval_fraction", "eval-fraction",
                  "share of the train samples held out for evaluation when no eval files are given",
                  FL_REF(double, data.eval_fraction)));
        t.push_back(field("data.image_root", "image-root",
                          "folder the image and image-landmark paths are relative to",
                          FL_REF(std::string, data.image_root), "DIR"));
        t.push_back(field("data.video_root", "video-root",
                          "folder the video and video-landmark paths are relative to",
                          FL_REF(std::string, data.video_root), "DIR"));
        t.push_back(
            field("data.task_weights", "task-weights",
                  "repeat factor per task, e.g. dfew=2,celeba=0.5 (1 = each sample once per epoch)",
                  FL_REF(FloatMap, data.task_weights)));
        t.push_back(enum_field<BadSamplePolicy>(
            "data.on_bad_sample", "on-bad-sample",
            "skip (report and train without) or fail (stop listing every bad sample)",
            FL_REF(BadSamplePolicy, data.on_bad_sample), bad_sample_policy_name,
            parse_bad_sample_policy, "POLICY"));
        t.push_back(field(
            "data.check_media", "check-media",
            "validate before training: media files exist, landmark files have the right shape",
            FL_REF(bool, data.check_media)));
        t.push_back(field("data.num_workers", "num-workers",
                          "threads preparing batches (0: on the training thread)",
                          FL_REF(int, data.num_workers)));
        t.push_back(field("data.prefetch_batches", "prefetch-batches",
                          "batches prepared ahead (bounded queue)",
                          FL_REF(int, data.prefetch_batches)));
        t.push_back(field("data.group_by_length", "group-by-length",
                          "batch samples of similar length together",
                          FL_REF(bool, data.group_by_length)));
        t.push_back(field("data.max_text_tokens", "max-text-tokens",
                          "text tokens per sample (spec: 2048)",
                          FL_REF(int64_t, data.max_text_tokens)));
        t.push_back(field("data.max_sequence_tokens", "max-sequence-tokens",
                          "text + visual tokens per sample (spec: 3072)",
                          FL_REF(int64_t, data.max_sequence_tokens)));
        t.push_back(field("data.num_frames", "num-frames", "frames per video (0: the model's)",
                          FL_REF(int64_t, data.num_frames)));
        t.push_back(
            field("data.video_frame_separator", "video-frame-separator",
                  "text between the <image> placeholders a <video> expands to (default one space)",
                  FL_REF(std::string, data.video_frame_separator)));
        t.push_back(field("data.landmark_scale", "landmark-scale",
                          "landmarks_2d are divided by this (crop side, 256)",
                          FL_REF(double, data.landmark_scale)));
        t.push_back(field("data.system_prompt", "system-prompt",
                          "system prompt (empty: vicuna v1's)",
                          FL_REF(std::string, data.system_prompt)));
        t.push_back(field("data.json_max_depth", "json-max-depth",
                          "deepest nesting accepted in a data file",
                          FL_REF(int, data.json_max_depth)));
        t.push_back(field("data.json_max_string_bytes", "json-max-string-bytes",
                          "longest string accepted in a data file",
                          FL_REF(int64_t, data.json_max_string_bytes)));
        t.push_back(field("data.json_max_file_bytes", "json-max-file-bytes",
                          "largest data file accepted", FL_REF(int64_t, data.json_max_file_bytes)));
        // LoRA
        t.push_back(field("lora.rank", "lora-rank", "LoRA rank r", FL_REF(int64_t, lora.rank)));
        t.push_back(field("lora.alpha", "lora-alpha", "LoRA alpha (scale = alpha / r)",
                          FL_REF(double, lora.alpha)));
        t.push_back(field("lora.dropout", "lora-dropout", "dropout on the LoRA branch input",
                          FL_REF(double, lora.dropout)));
        t.push_back(field(
            "lora.target_modules", "lora-targets",
            "LLM linear layers given LoRA: q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj",
            FL_REF(StringList, lora.target_modules), "NAMES"));
        // optimisation
        t.push_back(field("optim.learning_rate", "learning-rate", "peak learning rate",
                          FL_REF(double, optim.learning_rate)));
        t.push_back(
            field("optim.projector_learning_rate", "projector-learning-rate",
                  "learning rate of mm_projector and the landmark modules (0: learning-rate)",
                  FL_REF(double, optim.projector_learning_rate)));
        t.push_back(field("optim.weight_decay", "weight-decay", "AdamW weight decay",
                          FL_REF(double, optim.weight_decay)));
        t.push_back(field("optim.beta1", "beta1", "AdamW beta1", FL_REF(double, optim.beta1)));
        t.push_back(field("optim.beta2", "beta2", "AdamW beta2", FL_REF(double, optim.beta2)));
        t.push_back(
            field("optim.epsilon", "adam-epsilon", "AdamW epsilon", FL_REF(double, optim.epsilon)));
        t.push_back(field("optim.schedule", "schedule", "cosine, linear or constant (after warmup)",
                          FL_REF(std::string, optim.schedule), "NAME"));
        t.push_back(field("optim.warmup_ratio", "warmup-ratio",
                          "share of the steps spent warming up",
                          FL_REF(double, optim.warmup_ratio)));
        t.push_back(field("optim.warmup_steps", "warmup-steps",
                          "warmup steps (≥ 0 overrides warmup-ratio)",
                          FL_REF(int64_t, optim.warmup_steps)));
        t.push_back(field("optim.min_lr_ratio", "min-lr-ratio",
                          "floor of the schedule as a share of the peak",
                          FL_REF(double, optim.min_lr_ratio)));
        t.push_back(
            field("optim.epochs", "epochs", "passes over the data", FL_REF(int64_t, optim.epochs)));
        t.push_back(field("optim.max_steps", "max-steps",
                          "stop after this many optimiser steps (0: epochs decide)",
                          FL_REF(int64_t, optim.max_steps)));
        t.push_back(field("optim.batch_size", "batch-size", "samples per micro-batch",
                          FL_REF(int64_t, optim.batch_size)));
        t.push_back(field("optim.grad_accumulation", "grad-accumulation",
                          "micro-batches per optimiser step",
                          FL_REF(int64_t, optim.grad_accumulation)));
        t.push_back(field("optim.max_grad_norm", "max-grad-norm", "gradient clipping norm (0: off)",
                          FL_REF(double, optim.max_grad_norm)));
        t.push_back(
            field("optim.activation_checkpointing", "activation-checkpointing",
                  "recompute decoder layers in the backward pass (less memory, ~30 % slower)",
                  FL_REF(bool, optim.activation_checkpointing)));
        // checkpoints
        t.push_back(field("checkpoint.output_dir", "output-dir",
                          "run folder: checkpoints/, metrics.jsonl, final/",
                          FL_REF(std::string, checkpoint.output_dir), "DIR"));
        t.push_back(field("checkpoint.save_every", "save-every",
                          "optimiser steps between checkpoints (0: end and abort only)",
                          FL_REF(int64_t, checkpoint.save_every)));
        t.push_back(field("checkpoint.keep_last", "keep-last", "step checkpoints kept (0: all)",
                          FL_REF(int64_t, checkpoint.keep_last)));
        t.push_back(field("checkpoint.resume_from", "resume",
                          "\"latest\" or a checkpoint folder to continue from",
                          FL_REF(std::string, checkpoint.resume_from), "DIR"));
        t.push_back(field("checkpoint.save_final_model", "save-final-model",
                          "write output-dir/final, a model folder the chat can load (LoRA merged)",
                          FL_REF(bool, checkpoint.save_final_model)));
        // evaluation
        t.push_back(field("eval.every", "eval-every",
                          "optimiser steps between evaluations (0: at the end only)",
                          FL_REF(int64_t, eval.every)));
        t.push_back(field("eval.max_samples", "eval-max-samples",
                          "held-out samples answered per evaluation",
                          FL_REF(int64_t, eval.max_samples)));
        t.push_back(field("eval.max_new_tokens", "eval-max-new-tokens",
                          "answer length limit during evaluation",
                          FL_REF(int64_t, eval.max_new_tokens)));
        t.push_back(field(
            "eval.task_kinds", "eval-task-kinds",
            "metric family per task: expression, action_units, attributes, age, deepfake, gender",
            FL_REF(StringMap, eval.task_kinds)));
        // run
        t.push_back(field("seed", "seed", "seed of the data order, LoRA init and dropout",
                          FL_REF(uint64_t, seed)));
        t.push_back(field("cpu_threads", "cpu-threads", "LibTorch CPU threads (0: default)",
                          FL_REF(int, cpu_threads)));
        t.push_back(field("log_every", "log-every", "optimiser steps between metrics.jsonl lines",
                          FL_REF(int64_t, log_every)));
        // distributed (top-level keys, as torchrun users know them)
        t.push_back(field("nproc", "nproc",
                          "local processes to train with (data parallel, one per GPU on CUDA); "
                          "batch-size is per process",
                          FL_REF(int, dist.nproc)));
        t.push_back(field("dist_backend", "dist-backend",
                          "auto (nccl on CUDA when available, else gloo), gloo or nccl",
                          FL_REF(std::string, dist.backend), "NAME"));
        t.push_back(field("dist_timeout_s", "dist-timeout-s",
                          "seconds a rank waits for the others (rendezvous, each collective) "
                          "before it stops with an error",
                          FL_REF(double, dist.timeout_s)));
        t.push_back(field("dist_bucket_mb", "dist-bucket-mb",
                          "MiB of gradients per all-reduce bucket",
                          FL_REF(double, dist.bucket_mb)));
        t.push_back(field("dist_overlap", "dist-overlap",
                          "all-reduce gradient buckets during the backward pass (false: after it; "
                          "same results)",
                          FL_REF(bool, dist.overlap)));
        return t;
    }();
    return table;
}

#undef FL_REF

const Field* find_field(const std::string& key) {
    for (const auto& f : fields()) {
        if (f.info.key == key)
            return &f;
    }
    return nullptr;
}

void apply_json(TrainConfig& config, const Json& object, const std::string& prefix,
                const std::string& source) {
    for (const auto& [name, value] : object.items()) {
        const std::string key = prefix.empty() ? name : prefix + "." + name;
        const Field* f = find_field(key);
        if (f == nullptr && value.is_object()) {
            apply_json(config, value, key, source);
            continue;
        }
        if (f == nullptr) {
            throw Error(
                "unknown training option '" + key + "'", source,
                "remove it or correct its name (`facellava train --help` lists every option)");
        }
        if (value.is_null())
            continue;
        try {
            f->set(config, value);
        } catch (const std::invalid_argument& e) {
            throw Error("training option '" + key + "': " + e.what(), source, f->info.help);
        }
    }
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::string item;
    std::istringstream in(text);
    while (std::getline(in, item, ',')) {
        const auto b = item.find_first_not_of(" \t");
        const auto e = item.find_last_not_of(" \t");
        if (b != std::string::npos)
            out.push_back(item.substr(b, e - b + 1));
    }
    return out;
}

Json text_to_json(Kind kind, const std::string& text) {
    switch (kind) {
        case Kind::String:
            return Json(text);
        case Kind::Int: {
            errno = 0;
            char* end = nullptr;
            const long long x = std::strtoll(text.c_str(), &end, 10);
            if (text.empty() || *end != '\0' || errno != 0)
                bad_value("expected an integer, got '" + text + "'");
            return Json(int64_t(x));
        }
        case Kind::Float: {
            errno = 0;
            char* end = nullptr;
            const double x = std::strtod(text.c_str(), &end);
            if (text.empty() || *end != '\0' || errno != 0)
                bad_value("expected a number, got '" + text + "'");
            return Json(x);
        }
        case Kind::Bool:
            if (text == "true" || text == "1" || text == "yes" || text == "on")
                return Json(true);
            if (text == "false" || text == "0" || text == "no" || text == "off")
                return Json(false);
            bad_value("expected true or false, got '" + text + "'");
        case Kind::List:
            return Json(split_list(text));
        case Kind::FloatMap:
        case Kind::StringMap: {
            Json object = Json::object();
            for (const auto& item : split_list(text)) {
                const auto eq = item.find('=');
                if (eq == std::string::npos || eq == 0)
                    bad_value("expected key=value pairs, got '" + item + "'");
                const std::string value = item.substr(eq + 1);
                object[item.substr(0, eq)] =
                    kind == Kind::FloatMap ? text_to_json(Kind::Float, value) : Json(value);
            }
            return object;
        }
    }
    return Json();
}

bool valid_device(const std::string& device) {
    static const std::regex pattern("auto|cpu|cuda(:[0-9]+)?");
    return std::regex_match(device, pattern);
}

const std::set<std::string>& lora_target_names() {
    static const std::set<std::string> names = {"q_proj",    "k_proj",  "v_proj",   "o_proj",
                                                "gate_proj", "up_proj", "down_proj"};
    return names;
}

const std::set<std::string>& metric_families() {
    static const std::set<std::string> names = {"expression", "action_units", "attributes",
                                                "age",        "deepfake",     "gender"};
    return names;
}

}  // namespace

const std::vector<ConfigFieldInfo>& train_config_fields() {
    static const std::vector<ConfigFieldInfo> infos = [] {
        std::vector<ConfigFieldInfo> out;
        for (const auto& f : fields())
            out.push_back(f.info);
        return out;
    }();
    return infos;
}

TrainConfig parse_train_config(const std::string& json_text, const std::string& source) {
    Json json;
    try {
        json = Json::parse(json_text);
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("training config is not valid JSON: ") + e.what(), source,
                    "fix the JSON syntax");
    }
    if (!json.is_object())
        throw Error("training config must be a JSON object", source, "see docs/TRAINING.md");
    TrainConfig config;
    apply_json(config, json, "", source);
    return config;
}

TrainConfig load_train_config(const std::string& path) {
    return parse_train_config(read_file(path), path);
}

std::string train_config_to_json(const TrainConfig& config) {
    Json root = Json::object();
    for (const auto& f : fields()) {
        // Dotted key → nested objects, in table order.
        Json* node = &root;
        std::string key = f.info.key;
        size_t dot;
        while ((dot = key.find('.')) != std::string::npos) {
            node = &(*node)[key.substr(0, dot)];
            key = key.substr(dot + 1);
        }
        (*node)[key] = f.get(config);
    }
    return root.dump(2) + "\n";
}

void save_train_config(const TrainConfig& config, const std::string& path) {
    write_file_atomically(path, train_config_to_json(config));
}

void set_train_config_value(TrainConfig& config, const std::string& key, const std::string& text) {
    const Field* f = find_field(key);
    if (f == nullptr)
        throw Error("unknown training option '" + key + "'", "",
                    "`facellava train --help` lists every option");
    try {
        f->set(config, text_to_json(f->kind, text));
    } catch (const std::invalid_argument& e) {
        throw Error("--" + f->info.flag + ": " + e.what(), "", f->info.help);
    }
}

void validate_train_config(const TrainConfig& c) {
    std::vector<std::string> problems;
    auto check = [&](bool ok, const std::string& what) {
        if (!ok)
            problems.push_back(what);
    };
    check(!c.model.checkpoint.empty(),
          "model.checkpoint: name the checkpoint folder to start from");
    check(valid_device(c.model.device),
          "model.device: use auto, cpu, cuda or cuda:N (got '" + c.model.device + "')");
    check(c.model.precision == "auto" || c.model.precision == "fp32" || c.model.precision == "bf16",
          "model.precision: use auto, fp32 or bf16 (got '" + c.model.precision + "')");
    check(!c.data.train_files.empty(),
          "data.train_files: list at least one FaceInstruct .json/.jsonl file");
    check(c.data.eval_fraction >= 0 && c.data.eval_fraction < 1,
          "data.eval_fraction: must be in [0, 1)");
    for (const auto& [task, w] : c.data.task_weights) {
        check(w >= 0 && w <= 1000, "data.task_weights." + task + ": must be in [0, 1000]");
    }
    check(c.data.num_workers >= 0 && c.data.num_workers <= 64,
          "data.num_workers: must be in [0, 64]");
    check(c.data.prefetch_batches >= 1 && c.data.prefetch_batches <= 1024,
          "data.prefetch_batches: must be in [1, 1024]");
    check(c.data.max_text_tokens >= 8, "data.max_text_tokens: must be at least 8");
    check(c.data.max_sequence_tokens >= 8, "data.max_sequence_tokens: must be at least 8");
    check(c.data.num_frames >= 0 && c.data.num_frames <= 256,
          "data.num_frames: must be in [0, 256]");
    check(c.data.landmark_scale > 0, "data.landmark_scale: must be positive");
    check(c.data.json_max_depth >= 4 && c.data.json_max_depth <= 10000,
          "data.json_max_depth: must be in [4, 10000]");
    check(c.data.json_max_string_bytes >= 64, "data.json_max_string_bytes: must be at least 64");
    check(c.data.json_max_file_bytes >= 1024, "data.json_max_file_bytes: must be at least 1024");
    if (c.stage == TrainStage::Lora) {
        check(c.lora.rank >= 1, "lora.rank: must be at least 1");
        check(c.lora.alpha > 0, "lora.alpha: must be positive");
        check(c.lora.dropout >= 0 && c.lora.dropout < 1, "lora.dropout: must be in [0, 1)");
        check(!c.lora.target_modules.empty(), "lora.target_modules: name at least one layer");
        for (const auto& name : c.lora.target_modules) {
            check(lora_target_names().count(name) == 1,
                  "lora.target_modules: unknown layer '" + name +
                      "' (use q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj)");
        }
    }
    check(c.optim.learning_rate > 0, "optim.learning_rate: must be positive");
    check(c.optim.projector_learning_rate >= 0, "optim.projector_learning_rate: must be ≥ 0");
    check(c.optim.weight_decay >= 0, "optim.weight_decay: must be ≥ 0");
    check(c.optim.beta1 >= 0 && c.optim.beta1 < 1, "optim.beta1: must be in [0, 1)");
    check(c.optim.beta2 >= 0 && c.optim.beta2 < 1, "optim.beta2: must be in [0, 1)");
    check(c.optim.epsilon > 0, "optim.epsilon: must be positive");
    try {
        parse_lr_schedule_kind(c.optim.schedule);
    } catch (const Error&) {
        problems.push_back("optim.schedule: use cosine, linear or constant (got '" +
                           c.optim.schedule + "')");
    }
    check(c.optim.warmup_ratio >= 0 && c.optim.warmup_ratio <= 1,
          "optim.warmup_ratio: must be in [0, 1]");
    check(c.optim.min_lr_ratio >= 0 && c.optim.min_lr_ratio <= 1,
          "optim.min_lr_ratio: must be in [0, 1]");
    check(c.optim.epochs >= 1, "optim.epochs: must be at least 1");
    check(c.optim.max_steps >= 0, "optim.max_steps: must be ≥ 0");
    check(c.optim.batch_size >= 1, "optim.batch_size: must be at least 1");
    check(c.optim.grad_accumulation >= 1, "optim.grad_accumulation: must be at least 1");
    check(c.optim.max_grad_norm >= 0, "optim.max_grad_norm: must be ≥ 0");
    check(!c.checkpoint.output_dir.empty(),
          "checkpoint.output_dir: name the folder the run writes to");
    check(c.checkpoint.save_every >= 0, "checkpoint.save_every: must be ≥ 0");
    check(c.checkpoint.keep_last >= 0, "checkpoint.keep_last: must be ≥ 0");
    check(c.eval.every >= 0, "eval.every: must be ≥ 0");
    check(c.eval.max_samples >= 0, "eval.max_samples: must be ≥ 0");
    check(c.eval.max_new_tokens >= 1, "eval.max_new_tokens: must be at least 1");
    for (const auto& [task, kind] : c.eval.task_kinds) {
        check(metric_families().count(kind) == 1,
              "eval.task_kinds." + task + ": unknown family '" + kind +
                  "' (expression, action_units, attributes, age, deepfake, gender)");
    }
    check(c.cpu_threads >= 0, "cpu_threads: must be ≥ 0");
    check(c.log_every >= 1, "log_every: must be at least 1");
    check(c.dist.nproc >= 1 && c.dist.nproc <= 1024, "nproc: must be in [1, 1024]");
    check(c.dist.backend == "auto" || c.dist.backend == "gloo" || c.dist.backend == "nccl",
          "dist_backend: use auto, gloo or nccl (got '" + c.dist.backend + "')");
    check(c.dist.timeout_s >= 1 && c.dist.timeout_s <= 86400,
          "dist_timeout_s: must be in [1, 86400]");
    check(c.dist.bucket_mb > 0 && c.dist.bucket_mb <= 4096, "dist_bucket_mb: must be in (0, 4096]");
    if (problems.empty())
        return;
    std::string message = "invalid training configuration:";
    for (const auto& p : problems)
        message += "\n  - " + p;
    throw Error(message, "", "fix these options in the config file or on the command line");
}

const char* stage_name(TrainStage stage) {
    switch (stage) {
        case TrainStage::Landmarks:
            return "landmarks";
        case TrainStage::Full:
            return "full";
        case TrainStage::Lora:
            return "lora";
    }
    return "full";
}

TrainStage parse_stage(const std::string& name) {
    if (name == "landmarks" || name == "stage1")
        return TrainStage::Landmarks;
    if (name == "full" || name == "stage2")
        return TrainStage::Full;
    if (name == "lora")
        return TrainStage::Lora;
    throw Error("unknown training stage '" + name + "'", "",
                "use landmarks (stage 1), full (stage 2) or lora");
}

const char* bad_sample_policy_name(BadSamplePolicy policy) {
    return policy == BadSamplePolicy::Fail ? "fail" : "skip";
}

BadSamplePolicy parse_bad_sample_policy(const std::string& name) {
    if (name == "skip")
        return BadSamplePolicy::Skip;
    if (name == "fail")
        return BadSamplePolicy::Fail;
    throw Error("unknown bad-sample policy '" + name + "'", "", "use skip or fail");
}

}  // namespace facellava::training
