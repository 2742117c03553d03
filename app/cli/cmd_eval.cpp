// `facellava eval`: a checkpoint's greedy answers to held-out FaceInstruct
// samples, scored per task against the reference answers (the training
// module's scorer; metric family from the task name). Prints a table and
// optionally writes everything, answers included, as JSON.
// Logic: facellava/training/evaluation.h. Ctrl-C stops after the current
// sample and reports what was scored so far.
#include <atomic>
#include <csignal>
#include <iomanip>
#include <iostream>
#include <set>
#include <sstream>

#include "command.h"
#include "facellava/core/error.h"
#include "facellava/training/evaluation.h"
#include "interrupt.h"
#include "json_output.h"
#include "progress_bar.h"

namespace facellava::cli {
namespace {

std::atomic<bool> g_cancel{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the signal handler needs a lock-free flag");

extern "C" void on_eval_interrupt(int signal) {
    g_cancel.store(true);
    if (signal == SIGINT)  // main() then exits 130
        ScopedInterrupt::note_interrupted();
}

std::map<std::string, std::string> task_kinds_from(const std::vector<std::string>& values) {
    std::map<std::string, std::string> kinds;
    for (const auto& v : values) {
        const auto eq = v.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == v.size())
            throw UsageError("--task-kind expects TASK=FAMILY, got '" + v + "'");
        kinds[v.substr(0, eq)] = v.substr(eq + 1);
    }
    return kinds;
}

void print_table(const training::EvalRunResult& r, bool with_loss, std::ostream& out) {
    std::set<std::string> tasks;
    for (const auto& [task, n] : r.answers_per_task)
        tasks.insert(task);
    out << std::left << std::setw(24) << "task" << std::right << std::setw(8) << "answers"
        << "  " << std::left << std::setw(20) << "metric" << std::right << std::setw(10) << "value"
        << "\n";
    for (const auto& task : tasks) {
        out << std::left << std::setw(24) << task << std::right << std::setw(8)
            << r.answers_per_task.at(task);
        bool first = true;
        const std::string prefix = task + "/";
        for (const auto& [key, value] : r.metrics) {
            if (key.rfind(prefix, 0) != 0 || key == prefix + "answered")
                continue;
            if (!first)
                out << std::string(32, ' ');
            out << "  " << std::left << std::setw(20) << key.substr(prefix.size()) << std::right
                << std::setw(10) << std::fixed << std::setprecision(4) << value << "\n";
            first = false;
        }
        if (first)
            out << "  (not scored: no metric family for this task name; see --task-kind)\n";
    }
    if (with_loss && r.loss_tokens > 0) {
        out << "eval_loss " << std::fixed << std::setprecision(4) << r.loss << " over "
            << r.loss_tokens << " answer tokens\n";
    }
}

// One line per --compare-weights precision: its task metrics next to the
// float model's, answer agreement, and the teacher-forced token agreement.
void print_comparisons(const training::EvalRunResult& r, std::ostream& out) {
    if (r.comparisons.empty())
        return;
    out << "\nweights compared with float32 (" << r.answers.size() << " answers, " << std::fixed
        << std::setprecision(2) << double(r.llm_weight_bytes) / 1e6 << " MB of LLM weights)\n";
    out << std::left << std::setw(12) << "weights" << std::right << std::setw(9) << "MB"
        << std::setw(16) << "same answers" << std::setw(14) << "top-1 agree" << std::setw(12)
        << "mean KL"
        << "  metrics (float32 → this)\n";
    for (const auto& c : r.comparisons) {
        std::ostringstream same, metrics;
        same << c.identical_answers << "/" << c.compared_answers;
        for (const auto& [key, value] : c.metrics) {
            const auto it = r.metrics.find(key);
            if (key.size() > 9 && key.compare(key.size() - 9, 9, "/answered") == 0)
                continue;
            metrics << " " << key << " " << std::fixed << std::setprecision(4)
                    << (it == r.metrics.end() ? 0.0 : it->second) << "→" << value;
        }
        out << std::left << std::setw(12) << c.weights << std::right << std::setw(9) << std::fixed
            << std::setprecision(2) << double(c.llm_weight_bytes) / 1e6 << std::setw(16)
            << same.str() << std::setw(14) << std::fixed << std::setprecision(4) << c.top1_agreement
            << std::setw(12) << std::scientific << std::setprecision(2) << c.mean_kl
            << std::defaultfloat << " " << metrics.str() << "\n";
    }
}

int run_eval(const ParsedArgs& args) {
    training::EvalRunOptions options;
    if (!args.has("checkpoint"))
        throw UsageError("--checkpoint DIR is required");
    options.checkpoint = args.value("checkpoint");
    options.data_files = args.values("data");
    if (options.data_files.empty())
        throw UsageError("--data FILE is required (repeat it for several files)");
    options.image_root = args.value("image-root");
    options.video_root = args.value("video-root");
    options.max_samples = args.int_value("max-samples");
    options.max_new_tokens = args.int_value("max-new-tokens");
    options.cpu_threads = args.int_value("threads");
    if (options.max_samples < 0 || options.max_new_tokens < 1 || options.cpu_threads < 0)
        throw UsageError("--max-samples ≥ 0, --max-new-tokens ≥ 1 and --threads ≥ 0 please");
    options.device = args.value("device");
    options.task_kinds = task_kinds_from(args.values("task-kind"));
    options.compute_loss = !args.flag("no-loss");
    options.system_prompt = args.value("system-prompt");
    options.weights = args.value("weights");
    options.compare_weights = split_list(args.value("compare-weights"));
    const bool quiet = args.flag("quiet");

    ProgressBar bar;
    training::EvalRunCallbacks callbacks;
    callbacks.cancel = &g_cancel;
    callbacks.on_log = [](const std::string& line) { std::cerr << line << "\n"; };
    if (!quiet) {
        callbacks.on_progress = [&](const training::EvalRunProgress& p) {
            using Phase = training::EvalRunProgress::Phase;
            if (p.phase == Phase::Loading || p.total <= 0)
                return;
            const bool loss = p.phase == Phase::Loss;
            const std::string detail = std::string(loss ? "loss " : "answers ") +
                                       std::to_string(p.done) + "/" + std::to_string(p.total) +
                                       (p.task.empty() ? "" : "  " + p.task);
            bar.update(double(p.done) / double(p.total), -1, detail);
        };
        std::cerr << "loading the model and checking the data…\n";
    }
    std::signal(SIGINT, on_eval_interrupt);
    std::signal(SIGTERM, on_eval_interrupt);
    const auto result = training::run_evaluation(options, callbacks);
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    bar.finish();

    print_table(result, options.compute_loss, std::cout);
    print_comparisons(result, std::cout);
    if (wants_json(args)) {
        emit_json(args, training::eval_result_json(options, result));
    }
    if (result.cancelled) {
        std::cerr << "cancelled after " << result.answers.size()
                  << " answers; the numbers above cover those only\n";
        return kExitFailure;
    }
    return kExitOk;
}

}  // namespace

Command make_eval_command() {
    CommandSpec spec(
        "eval", "Score a checkpoint's answers on held-out FaceInstruct data, per task.",
        "Answers each sample's last question greedily and scores it against the sample's own "
        "answer through the answer parsers (docs/ANSWER_PARSERS.md). Metric family from the "
        "task name (docs/TRAINING.md): expression → uar/war, age → age_mae, gender → "
        "gender_accuracy, action units, attributes, deepfake; other tasks (e.g. nano_describe) "
        "are answered but not scored unless --task-kind names a family. Ctrl-C stops after the "
        "current sample.");
    spec.option({"checkpoint", "DIR", "model folder (config.json, tokenizer.model, weights)"});
    spec.short_name("checkpoint", 'c');
    spec.option({"data", "FILE", "FaceInstruct .json/.jsonl file (repeatable)", "", true});
    spec.option({"image-root", "DIR", "image and landmark paths are relative to this", ""});
    spec.option({"video-root", "DIR", "video paths are relative to this (default: image root)"});
    spec.option({"max-samples", "N", "answer only the first N samples (0: all)", "0"});
    spec.option({"max-new-tokens", "N", "answer length limit", "128"});
    spec.option({"task-kind", "TASK=FAMILY",
                 "metric family for a task: expression, action_units, attributes, age, "
                 "deepfake, gender (repeatable)",
                 "", true});
    spec.option({"no-loss", "", "skip the answer-token loss pass"});
    spec.option({"system-prompt", "TEXT", "system prompt (default: vicuna v1, as training)"});
    spec.option(json_option("Print metrics, counts and every answer as JSON"));
    spec.option({"weights", "W",
                 "LLM weights: auto/fp32 (float32), or quantized at load: int8, int4, int4-g64, "
                 "int4-g32, …-zp",
                 "auto"});
    spec.option({"compare-weights", "LIST",
                 "also run the model quantized with each of these (e.g. int8,int4) on the same "
                 "samples: task metrics, answers identical to float32's, top-1 agreement and "
                 "KL(float32 ‖ quantized) over the teacher-forced answer tokens",
                 ""});
    spec.option({"device", "DEV", "auto, cpu, cuda or cuda:N", "auto"});
    spec.option({"threads", "N", "CPU threads for LibTorch (0: its default)", "0"});
    spec.option({"quiet", "", "no progress bar"});
    spec.short_name("quiet", 'q');
    return {spec, run_eval};
}

}  // namespace facellava::cli
