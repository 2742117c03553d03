// `facellava train`: fine-tunes Face-LLaVA on FaceInstruct-format data.
// Options come from a JSON config (--config) and/or flags; every config field
// is also a flag (the table in facellava/training/train_config.h), flags win.
// --dry-run reads and checks the data and prints the resolved config and the
// dataset statistics without loading any weights.
//
// Ctrl-C (SIGINT) or SIGTERM — what the GUI's Abort sends — stops after the
// current step and saves a checkpoint to resume from.
//
// --nproc N (N > 1) starts N ranks of this command (local_launch.h) on the
// resolved config and waits for them; a process started as a rank (WORLD_SIZE
// set: by the launcher, torchrun or srun) trains, and only rank 0 prints
// progress and logs.
//
// --progress jsonl writes the progress and the outcome as JSON lines on
// stdout (progress_json.h, docs/TRAINING.md "Progress as JSON lines"): what
// the workbench reads. The human lines then all go to stderr.
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "command.h"
#include "facellava/core/error.h"
#include "facellava/training/local_launch.h"
#include "facellava/training/progress_json.h"
#include "facellava/training/training.h"
#include "interrupt.h"
#include "json_output.h"

namespace facellava::cli {
namespace {

using training::TrainConfig;

std::atomic<bool> g_cancel{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the signal handler needs a lock-free flag");

extern "C" void on_stop_signal(int signal) {
    g_cancel.store(true);
    if (signal == SIGINT)  // main() then exits 130 (SIGTERM, the GUI's Abort: 1)
        ScopedInterrupt::note_interrupted();
}

// The default of a dotted key as command-line text, for the help.
std::string default_text(const nlohmann::json& defaults, const std::string& key) {
    const nlohmann::json* node = &defaults;
    std::string rest = key;
    for (size_t dot; (dot = rest.find('.')) != std::string::npos; rest = rest.substr(dot + 1)) {
        node = &(*node)[rest.substr(0, dot)];
    }
    const auto& v = (*node)[rest];
    if (v.is_string())
        return v.get<std::string>() == " " ? "' '" : v.get<std::string>();
    if (v.is_array()) {
        std::string out;
        for (const auto& item : v)
            out += (out.empty() ? "" : ",") +
                   (item.is_string() ? item.get<std::string>() : item.dump());
        return out;
    }
    if (v.is_object())
        return v.empty() ? "" : v.dump();
    return v.dump();
}

std::string gib(int64_t bytes) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(2) << double(bytes) / double(1ull << 30) << " GiB";
    return s.str();
}

std::string clock_text(double seconds) {
    const auto s = int64_t(seconds + 0.5);
    char text[32];
    std::snprintf(text, sizeof(text), "%lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
    return text;
}

TrainConfig config_from_args(const ParsedArgs& args) {
    TrainConfig config =
        args.has("config") ? training::load_train_config(args.value("config")) : TrainConfig{};
    for (const auto& field : training::train_config_fields()) {
        if (args.has(field.flag))
            training::set_train_config_value(config, field.key, args.value(field.flag));
    }
    return config;
}

void print_stats(const char* title, const training::DatasetStats& stats, std::ostream& out) {
    out << title << ": " << stats.usable << " usable of " << stats.entries << " entries in "
        << stats.files.size() << " file(s)\n";
    out << "  " << std::left << std::setw(22) << "task" << std::right << std::setw(9) << "samples"
        << std::setw(8) << "images" << std::setw(8) << "videos" << std::setw(11) << "landmarks"
        << std::setw(6) << "bad" << std::setw(8) << "weight"
        << "\n";
    for (const auto& t : stats.tasks) {
        out << "  " << std::left << std::setw(22) << t.task << std::right << std::setw(9)
            << t.samples << std::setw(8) << t.images << std::setw(8) << t.videos << std::setw(11)
            << t.with_landmarks << std::setw(6) << t.bad << std::setw(8) << t.weight << "\n";
    }
    const size_t shown = std::min<size_t>(stats.issues.size(), 50);
    for (size_t i = 0; i < shown; ++i)
        out << "  problem: " << stats.issues[i].describe() << "\n";
    if (stats.issues.size() > shown)
        out << "  … and " << stats.issues.size() - shown << " more problems\n";
}

nlohmann::json stats_json(const training::DatasetStats& stats) {
    nlohmann::json j;
    j["files"] = stats.files;
    j["entries"] = stats.entries;
    j["usable"] = stats.usable;
    j["tasks"] = nlohmann::json::array();
    for (const auto& t : stats.tasks) {
        j["tasks"].push_back({{"task", t.task},
                              {"samples", t.samples},
                              {"images", t.images},
                              {"videos", t.videos},
                              {"text_only", t.text_only},
                              {"with_landmarks", t.with_landmarks},
                              {"bad", t.bad},
                              {"weight", t.weight}});
    }
    j["issues"] = nlohmann::json::array();
    for (const auto& i : stats.issues)
        j["issues"].push_back({{"file", i.file}, {"index", i.index}, {"problem", i.problem}});
    return j;
}

int run_dry(const TrainConfig& config, const ParsedArgs& args) {
    const auto report = training::dry_run(config);
    if (wants_json(args)) {
        nlohmann::json j;
        j["config"] = nlohmann::json::parse(report.resolved_json);
        j["train"] = stats_json(report.train);
        j["eval"] = stats_json(report.eval);
        j["samples_per_epoch"] = report.samples_per_epoch;
        j["steps_per_epoch"] = report.steps_per_epoch;
        j["world_size"] = report.world_size;
        j["global_batch"] = report.global_batch;
        j["total_steps"] = report.total_steps;
        j["warmup_steps"] = report.warmup_steps;
        j["visual_tokens_per_image"] = report.visual_tokens_per_image;
        j["visual_tokens_per_video"] = report.visual_tokens_per_video;
        emit_json(args, j.dump(2));
        return kExitOk;
    }
    std::cout << "Resolved configuration:\n" << report.resolved_json << "\n";
    print_stats("Training data", report.train, std::cout);
    if (!report.eval.files.empty() || report.eval.usable > 0)
        print_stats("Held-out data", report.eval, std::cout);
    std::cout << "\nSamples per epoch (after task weights): " << report.samples_per_epoch
              << "\nOptimiser steps: " << report.steps_per_epoch << " per epoch, "
              << report.total_steps << " in total, " << report.warmup_steps
              << " warmup\nProcesses: " << report.world_size << " (nproc "
              << report.resolved.dist.nproc << ", backend " << report.resolved.dist.backend
              << ", timeout " << report.resolved.dist.timeout_s << " s), " << report.global_batch
              << " samples per optimiser step (batch size × processes × accumulation)"
              << "\nVisual tokens: " << report.visual_tokens_per_image << " per image, "
              << report.visual_tokens_per_video << " per video\n";
    return kExitOk;
}

// This process's rank when it was started as one (RANK), else 0.
int own_rank() {
    const char* rank = std::getenv("RANK");
    return training::running_as_rank() && rank != nullptr ? std::atoi(rank) : 0;
}

// The processes of the run this process belongs to (WORLD_SIZE), else 1.
int own_world_size() {
    const char* size = std::getenv("WORLD_SIZE");
    return training::running_as_rank() && size != nullptr ? std::max(1, std::atoi(size)) : 1;
}

// --progress: "text" (human lines) or "jsonl" (JSON lines on stdout as well).
bool progress_as_json(const ParsedArgs& args) {
    const std::string format = args.value("progress");
    if (format != "text" && format != "jsonl")
        throw UsageError("--progress must be text or jsonl, not '" + format + "'");
    return format == "jsonl";
}

// --nproc N: the ranks run `facellava train --config <resolved config>`.
int run_launcher(const TrainConfig& config, bool json) {
    training::validate_train_config(config);
    const std::string launch_config = config.checkpoint.output_dir + "/train_config.launch.json";
    std::filesystem::create_directories(config.checkpoint.output_dir);
    training::save_train_config(config, launch_config);
    std::signal(SIGINT, on_stop_signal);
    std::signal(SIGTERM, on_stop_signal);
    training::LocalLaunchOptions options;
    options.executable = std::filesystem::read_symlink("/proc/self/exe").string();
    options.args = {"train", "--config", launch_config};
    if (json)  // rank 0 reports the run's steps and outcome on the shared stdout
        options.args.insert(options.args.end(), {"--progress", "jsonl"});
    options.nproc = config.dist.nproc;
    options.stop = &g_cancel;
    options.on_log = [](const std::string& line) { std::cerr << "launcher: " << line << "\n"; };
    const auto result = training::run_local_ranks(options);
    if (result.failed_rank >= 0) {
        throw Error("the run stopped because " + result.message, config.checkpoint.output_dir,
                    "see that rank's messages above; resume with --resume latest (any --nproc)");
    }
    if (result.stopped) {
        std::cerr << "launcher: aborted; rank 0 saved a checkpoint (resume with --resume latest)\n";
        return kExitFailure;
    }
    return result.exit_code == 0 ? kExitOk : kExitFailure;
}

int train_here(const TrainConfig& config, training::ProgressJsonWriter* json) {
    std::signal(SIGINT, on_stop_signal);
    std::signal(SIGTERM, on_stop_signal);
    const bool quiet = own_rank() != 0;  // rank 0 alone reports
    training::TrainCallbacks callbacks;
    callbacks.cancel = &g_cancel;
    callbacks.on_log = [quiet](const std::string& line) {
        if (!quiet)
            std::cerr << line << "\n";
    };
    if (json != nullptr && !quiet)
        callbacks.on_checkpoint = [json](const training::CheckpointSaved& c) {
            json->checkpoint(c);
        };
    callbacks.on_progress = [quiet, json](const training::TrainProgress& p) {
        if (quiet)
            return;
        if (json != nullptr)
            json->progress(p);
        using Phase = training::TrainProgress::Phase;
        if (p.phase == Phase::Training && p.eval.empty() && p.step > 0) {
            std::cerr << "step " << p.step << "/" << p.total_steps << "  loss " << std::fixed
                      << std::setprecision(4) << p.loss << "  lr " << std::scientific
                      << std::setprecision(2) << p.learning_rate << std::fixed << "  grad "
                      << std::setprecision(3) << p.grad_norm << "  " << std::setprecision(0)
                      << p.tokens_per_s << " tok/s  mem " << gib(p.memory_bytes) << "  ETA "
                      << clock_text(p.eta_s) << "\n";
        } else if (!p.eval.empty()) {
            std::cerr << "eval at step " << p.step << ":";
            for (const auto& [name, value] : p.eval)
                std::cerr << "  " << name << " " << std::setprecision(4) << value;
            std::cerr << "\n";
        } else if (!p.message.empty()) {
            std::cerr << p.message << "\n";
        }
    };
    const auto result = training::run_training(config, callbacks);
    if (quiet)
        return result.cancelled ? kExitFailure : kExitOk;
    if (json != nullptr)
        json->done(result);
    // With JSON lines on stdout the summary is for people: stderr.
    std::ostream& summary = json != nullptr ? std::cerr : std::cout;
    summary << (result.cancelled ? "Aborted" : "Finished") << " after " << result.steps_done
            << " steps, last loss " << std::fixed << std::setprecision(4) << result.final_loss
            << "\n";
    if (!result.last_checkpoint.empty())
        summary << "Checkpoint: " << result.last_checkpoint << "\n";
    if (!result.final_model_dir.empty())
        summary << "Model: " << result.final_model_dir << "\n";
    return result.cancelled ? kExitFailure : kExitOk;
}

int run_train(const ParsedArgs& args) {
    const bool json = progress_as_json(args);
    if (!json || args.flag("dry-run")) {
        const TrainConfig config = config_from_args(args);
        if (args.has("save-config")) {
            training::save_train_config(config, args.value("save-config"));
            std::cerr << "wrote " << args.value("save-config") << "\n";
        }
        if (args.flag("dry-run"))
            return run_dry(config, args);
        if (config.dist.nproc > 1 && !training::running_as_rank())
            return run_launcher(config, false);
        return train_here(config, nullptr);
    }
    // JSON lines: every failure, a bad config included, ends the stream with
    // an error event (and still reaches stderr through main's handler).
    const bool launcher = !training::running_as_rank();
    std::optional<training::ProgressJsonWriter> writer;
    writer.emplace(std::cout, own_rank(), own_world_size());
    try {
        const TrainConfig config = config_from_args(args);
        if (args.has("save-config")) {
            training::save_train_config(config, args.value("save-config"));
            std::cerr << "wrote " << args.value("save-config") << "\n";
        }
        if (config.dist.nproc > 1 && launcher) {
            writer.emplace(std::cout, training::kLauncherRank, config.dist.nproc);
            writer->start(config);
            return run_launcher(config, true);
        }
        writer->start(config);
        return train_here(config, &*writer);
    } catch (const std::exception& e) {
        writer->error(e);
        throw;
    }
}

}  // namespace

Command make_train_command() {
    CommandSpec spec(
        "train", "Fine-tune Face-LLaVA on FaceInstruct-format data (stage 1, full or LoRA).",
        "Reads --config FILE (JSON, see `--save-config`) then applies the flags below; every "
        "config "
        "field has a flag. --dry-run checks the data and prints the resolved settings and per-task "
        "counts. Ctrl-C stops after the current step and saves a checkpoint (resume with --resume "
        "latest). Writes <output>/metrics.jsonl, checkpoints/ and final/. --nproc N trains "
        "data-parallel in N local processes (one per GPU on CUDA); under torchrun or srun the "
        "MASTER_ADDR/RANK/WORLD_SIZE variables join the processes instead.");
    spec.option({"config", "FILE", "JSON training config (flags override its values)", ""});
    spec.option({"dry-run", "",
                 "check the data and print the resolved config and dataset statistics, then exit",
                 ""});
    spec.option(json_option("with --dry-run: print the report as JSON"));
    spec.option({"progress", "FORMAT",
                 "how progress and the outcome are reported: text (lines for people) or jsonl "
                 "(JSON lines on stdout, schema facellava.train/1, see docs/TRAINING.md; the "
                 "lines for people then all go to stderr)",
                 "text"});
    spec.option({"save-config", "FILE",
                 "write the resolved config to FILE (e.g. to start a config file)", ""});
    const auto defaults = nlohmann::json::parse(training::train_config_to_json(TrainConfig{}));
    for (const auto& field : training::train_config_fields()) {
        spec.option({field.flag, field.value_name, field.help, default_text(defaults, field.key)});
    }
    // One name per concept across the commands; the config's own flag names
    // stay accepted (config_from_args looks them up through the aliases).
    spec.rename("output-dir", "output").short_name("output", 'o');
    spec.rename("cpu-threads", "threads");
    spec.short_name("checkpoint", 'c');
    return {spec, run_train};
}

}  // namespace facellava::cli
