// `facellava batch DIR -o OUT`: analyse every image and video of a folder into
// a job folder (faces.csv, errors.csv, metadata.json; docs/CSV.md), with a
// progress bar and ETA on stderr. Rerunning the same command resumes: finished
// inputs are skipped, and Ctrl-C or a kill loses only the inputs in flight.
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
#include "facellava/model/pipeline/batch.h"
#include "facellava/model/runtime.h"
#endif

namespace facellava::cli {
namespace {

#ifdef FACELLAVA_HAVE_MEDIA

// DIR plus the output folder from --output or the short form "-o OUT", which
// the shared parser leaves among the positionals.
void input_and_output(const ParsedArgs& args, std::string& input, std::string& output) {
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
    if (rest.size() != 1)
        throw UsageError("give one input folder (got " + std::to_string(rest.size()) + ")");
    if (output.empty())
        throw UsageError("give the output folder with -o OUT (or --output OUT)");
    input = rest.front();
}

int run_batch_command(const ParsedArgs& args) {
    pipeline::BatchOptions options;
    input_and_output(args, options.input, options.output_dir);
    options.discovery.recursive = args.flag("recursive");
    options.discovery.globs = args.values("glob");
    options.discovery.include_hidden = args.flag("include-hidden");
    options.threads = args.int_value("threads");
    if (options.threads < 1)
        throw UsageError("--threads must be at least 1");
    options.restart = args.flag("restart");
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
        return kExitFailure;
    }
    if (quiet)
        return kExitOk;
    std::cerr << result.files.size() << " inputs: " << result.analysed << " analysed, "
              << result.resumed << " done before, " << result.failed << " failed; " << result.rows
              << " rows in " << result.faces_csv << " (" << format_duration(result.wall_s) << ")\n";
    if (result.failed)
        std::cerr << "see " << result.errors_csv << " for what failed and what to do\n";
    return kExitOk;
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
        "Inputs are found by extension and by content, in sorted order.");
    spec.positional({"DIR", "Folder to analyse (or a single file)."});
    spec.positional({"-o OUT", "The job's output folder (or --output OUT).", false, true});
    spec.option({"output", "OUT", "The job's output folder.", ""});
    spec.option({"recursive", "", "Also analyse the sub-folders.", ""});
    spec.option({"glob", "PATTERN",
                 "Only files matching this shell pattern, e.g. '*.mp4' or 'day1/*.jpg' "
                 "(case-insensitive).",
                 "", true});
    spec.option({"include-hidden", "", "Also files and folders whose name starts with '.'.", ""});
    spec.option({"threads", "N", "Inputs analysed at once.", "1"});
    spec.option({"restart", "",
                 "Discard the earlier results in OUT and start over (needed after changing "
                 "settings).",
                 ""});
    add_analysis_options(spec);
    spec.option({"quiet", "", "No progress bar or summary on stderr.", ""});
    return {spec, run_batch_command};
}

}  // namespace facellava::cli
