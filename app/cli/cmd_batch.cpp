// `facellava batch DIR -o OUT`: analyse every image and video of a folder into
// a job folder (faces.csv, errors.csv, metadata.json; docs/CSV.md), with a
// progress bar and ETA on stderr. Rerunning the same command resumes: finished
// inputs are skipped, and Ctrl-C or a kill loses only the inputs in flight.
// With --shard K/N it takes one Nth of the inputs (shard.h); `facellava batch
// merge -o OUT SHARD_OUT...` joins the shards' folders (batch_merge.h).
#include <algorithm>
#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <thread>

#include "analysis_cli.h"
#include "command.h"
#include "facellava/core/error.h"
#include "interrupt.h"
#include "progress_bar.h"
#ifdef FACELLAVA_HAVE_MEDIA
#include "facellava/model/runtime.h"
#include "facellava/pipeline/batch.h"
#include "facellava/pipeline/batch_merge.h"
#include "facellava/pipeline/shard.h"
#endif

namespace facellava::cli {
namespace {

#ifdef FACELLAVA_HAVE_MEDIA

// The output folder from --output or the short form "-o OUT", which the
// shared parser leaves among the positionals; returns the other positionals.
std::vector<std::string> take_output(const ParsedArgs& args, std::string& output) {
    std::vector<std::string> rest = args.positionals();
    for (size_t i = 0; i < rest.size(); ++i) {
        if (rest[i] != "-o")
            continue;
        if (i + 1 >= rest.size())
            throw UsageError("-o needs a value (the output folder)");
        if (!output.empty() || args.has("output"))
            throw UsageError("the output folder is given twice");
        output = rest[i + 1];
        rest.erase(rest.begin() + long(i), rest.begin() + long(i) + 2);
        --i;
    }
    if (args.has("output"))
        output = args.value("output");
    if (output.empty())
        throw UsageError("give the output folder with -o OUT (or --output OUT)");
    return rest;
}

// DIR plus the output folder.
void input_and_output(const ParsedArgs& args, std::string& input, std::string& output) {
    const std::vector<std::string> rest = take_output(args, output);
    if (rest.size() != 1)
        throw UsageError("give one input folder (got " + std::to_string(rest.size()) + ")");
    input = rest.front();
}

pipeline::ShardSpec shard_from(const ParsedArgs& args) {
    if (!args.has("shard"))
        return {};
    try {
        return pipeline::parse_shard(args.value("shard"));
    } catch (const Error& e) {
        throw UsageError(e.brief() + "; " + e.hint());
    }
}

// `facellava batch merge -o OUT SHARD_OUT...`.
int run_merge_command(const ParsedArgs& args) {
    // The options of an analysis run mean nothing to a merge: say so rather
    // than ignore them.
    // clang-format off
    for (const char* option :
         {"shard",          "recursive",     "glob",           "include-hidden",
          "jobs",           "restart",       "detector",       "landmarks",
          "min-confidence", "dlib-upsample", "dlib-threshold", "max-faces",
          "every",          "fps",           "frame-workers",  "checkpoint",
          "image-tower",    "video-tower",   "tasks",          "max-new-tokens",
          "device",         "weights",       "answer-batch",   "kv-budget-mb",
          "sequential-answers", "frame-base", "expression-names",
          "save-crops",     "overlay-video", "detect-every",  "outputs",
          "crop-from"})
        // clang-format on
        if (args.has(option))
            throw UsageError(std::string("--") + option +
                             " does not apply to `batch merge`, which takes the shards' output "
                             "folders, -o OUT (or --output OUT) and --quiet");
    pipeline::MergeOptions options;
    std::vector<std::string> shards = take_output(args, options.output_dir);
    shards.erase(shards.begin());  // "merge"
    if (shards.empty())
        throw UsageError(
            "give the output folder of every shard: facellava batch merge -o OUT SHARD_OUT...");
    options.shards = shards;
    const pipeline::MergeResult result = pipeline::merge_batch_shards(options);
    if (!args.flag("quiet"))
        std::cerr << "merged " << result.shard_count << " shards: " << result.inputs << " inputs, "
                  << result.analysed << " with results, " << result.failed << " failed; "
                  << result.rows << " rows in " << result.faces_csv << "\n";
    return kExitOk;
}

int run_batch_command(const ParsedArgs& args) {
    if (!args.positionals().empty() && args.positionals().front() == "merge")
        return run_merge_command(args);
    pipeline::BatchOptions options;
    input_and_output(args, options.input, options.output_dir);
    options.shard = shard_from(args);
    options.discovery.recursive = args.flag("recursive");
    options.discovery.globs = args.values("glob");
    options.discovery.include_hidden = args.flag("include-hidden");
    options.threads = args.int_value("jobs");
    if (options.threads < 0)
        throw UsageError("--jobs must be 0 (auto) or more");
    options.restart = args.flag("restart");
    options.save_crops = args.flag("save-crops");
    options.overlay_video = args.flag("overlay-video");
    options.analysis = analysis_options_from(args);
    if (!std::filesystem::exists(options.input))  // before the models take seconds to load
        throw Error("input folder not found", options.input, "check the path");
    // Workers × LibTorch's own threads should not exceed the cores.
    const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
    if (options.threads > 1)
        model::set_cpu_threads(std::max(1, cores / options.threads));

    const bool quiet = args.flag("quiet");
    if (!quiet)
        std::cerr << "loading models…\n";
    const pipeline::AnalysisModels models = load_models_from(args, options.analysis);

    ProgressBar bar;
    pipeline::BatchCallbacks callbacks;
    ScopedInterrupt interrupt;  // Ctrl-C stops cleanly; a second one quits
    callbacks.cancel = interrupt.flag();
    if (!quiet) {
        callbacks.on_progress = [&](const pipeline::BatchProgress& p) {
            std::string detail =
                std::to_string(p.files_done) + "/" + std::to_string(p.files_total) + " files";
            if (p.files_resumed)
                detail += " (" + std::to_string(p.files_resumed) + " done before)";
            if (p.files_failed)
                detail += ", " + std::to_string(p.files_failed) + " failed";
            if (!p.current.empty())
                detail += "  " + p.current;
            bar.update(p.fraction, p.eta_s, detail);
        };
    }
    const pipeline::BatchResult result = pipeline::run_batch(options, models, callbacks);
    bar.finish();

    if (result.cancelled) {
        std::cerr << "cancelled: " << result.analysed + result.resumed << " inputs done, "
                  << result.failed << " failed, "
                  << result.files.size() - result.analysed - result.resumed - result.failed
                  << " left; run the same command again to resume\n";
        return kExitInterrupted;
    }
    // Some inputs failed: a distinct code, so scripts notice without parsing stderr.
    const int code = result.failed ? kExitPartial : kExitOk;
    if (quiet)
        return code;
    if (options.shard.active())
        std::cerr << "shard " << options.shard.text() << ": ";
    std::cerr << result.files.size() << " inputs: " << result.analysed << " analysed, "
              << result.resumed << " done before, " << result.failed << " failed; " << result.rows
              << " rows in " << result.faces_csv << " (" << format_duration(result.wall_s) << ")\n";
    if (result.failed)
        std::cerr << "see " << result.errors_csv << " for what failed and what to do\n";
    return code;
}

#else

int run_batch_command(const ParsedArgs&) {
    throw_no_media_support();
}

#endif

}  // namespace

Command make_batch_command() {
    CommandSpec spec(
        "batch",
        "Analyse every image and video of a folder into faces.csv, errors.csv, metadata.json.",
        "Writes the job folder OUT: faces.csv (one row per face per analysed frame; columns in "
        "docs/CSV.md), errors.csv (inputs that failed, with what to do) and metadata.json "
        "(settings, model files with sha256, versions, timings). Running the same command again "
        "resumes: finished inputs are skipped; Ctrl-C or a crash loses only the inputs in flight. "
        "Inputs are found by extension and by content, in sorted order.\n\n"
        "Split over machines (e.g. a Slurm job array: scripts/slurm/batch_array.sbatch):\n"
        "  facellava batch DIR -o OUT_K --shard K/N      for K = 1…N, each into its own folder\n"
        "  facellava batch merge -o OUT OUT_1 … OUT_N    once all N have finished\n"
        "Shard K takes the inputs whose path below DIR hashes to K (SHA-256, the same on every "
        "machine) and resumes like any batch. The merge checks that the folders are the N shards "
        "of one job and cover every input exactly once (or name why an input has no rows), and "
        "writes OUT/faces.csv, errors.csv and metadata.json as one unsharded run would: the same "
        "rows in the same order. To analyse a folder named merge, write ./merge.");
    spec.positional({"DIR",
                     "Folder to analyse (or a single file); or `merge` and the shards' "
                     "output folders (a file in one stands for it)."});
    spec.positional({"SHARD_OUT", "batch merge: the shards' output folders.", false, true});
    spec.option({"output", "OUT", "The job's output folder.", ""});
    spec.short_name("output", 'o');
    spec.option({"shard", "K/N",
                 "Analyse only shard K of N (1 ≤ K ≤ N), each shard into its own OUT; join "
                 "them with `batch merge`.",
                 ""});
    spec.option({"recursive", "", "Also analyse the sub-folders.", ""});
    spec.option({"glob", "PATTERN",
                 "Only files matching this shell pattern, e.g. '*.mp4' or 'day1/*.jpg' "
                 "(case-insensitive).",
                 "", true});
    spec.option({"include-hidden", "", "Also files and folders whose name starts with '.'.", ""});
    spec.option({"jobs", "N",
                 "Inputs analysed at once. 0 (auto): photos as many at once as there are "
                 "frame workers (--frame-workers; by default cores / LibTorch threads, at most "
                 "4), then videos one at a time, each across those workers.",
                 "0"});
    spec.option({"restart", "",
                 "Discard the earlier results in OUT and start over (needed after changing "
                 "settings).",
                 ""});
    spec.option({"save-crops", "",
                 "Also write every face's aligned square crop (the one Face-LLaVA sees) as "
                 "OUT/crops/<input>/frame<NNNNNN>_face<ID>.jpg.",
                 ""});
    spec.option({"overlay-video", "",
                 "Also write each video with boxes, landmarks, face ids and labels burnt in, as "
                 "OUT/overlay/<input>.mp4.",
                 ""});
    add_analysis_options(spec);
    spec.alias("jobs", "threads");  // its name until 0.x (--threads is LibTorch's elsewhere)
    spec.short_name("jobs", 'j');
    spec.option({"quiet", "", "No progress bar or summary on stderr.", ""});
    spec.short_name("quiet", 'q');
    return {spec, run_batch_command};
}

}  // namespace facellava::cli
