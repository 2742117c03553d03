// `facellava analyze FILE`: every face of one image or video as JSON on
// stdout — the same quantities as a faces.csv row (docs/CSV.md), grouped by
// frame. Frames are written as they are analysed, one per line, so a long
// video streams instead of piling up in memory.
#include <atomic>
#include <cmath>
#include <csignal>
#include <iostream>
#include <nlohmann/json.hpp>

#include "analysis_cli.h"
#include "command.h"
#include "facellava/core/error.h"
#include "facellava/core/json_text.h"
#include "interrupt.h"
#include "progress_bar.h"
#ifdef FACELLAVA_HAVE_MEDIA
#include <filesystem>

#include "facellava/pipeline/analysis_json.h"
#include "facellava/pipeline/batch.h"
#include "facellava/pipeline/media_analyzer.h"
#endif

namespace facellava::cli {
namespace {

#ifdef FACELLAVA_HAVE_MEDIA

int run_analyze(const ParsedArgs& args) {
    const std::string path = args.positionals().front();
    if (!std::filesystem::is_regular_file(path))
        throw Error("input file not found", path,
                    "check the path; to analyse a folder use `facellava batch`");
    const pipeline::AnalysisOptions options = analysis_options_from(args);
    pipeline::MediaAnalyzer analyzer(load_models_from(args, options), options);
    const std::vector<std::string>& tasks = analyzer.options().tasks;

    // {"input", "settings", "frames": [one line per frame], "summary"}. The
    // head waits for the first frame, so a file that cannot be read leaves
    // stdout empty rather than holding half a JSON document.
    // --jsonl: the frames alone, one object per line (JSON Lines), no head or summary.
    const bool jsonl = args.flag("jsonl");
    bool started = jsonl;
    const auto start_document = [&] {
        if (started)
            return;
        started = true;
        std::cout << "{\"input\": " << json_text(nlohmann::json(path)) << ",\n\"settings\": "
                  << json_text(pipeline::analysis_settings_json(options, analyzer.models()))
                  << ",\n\"frames\": [";
    };
    bool first_frame = true;
    nlohmann::ordered_json frame;
    const auto flush_frame = [&] {
        if (frame.is_null())
            return;
        start_document();
        if (jsonl)
            std::cout << json_text(frame) << "\n" << std::flush;
        else
            std::cout << (first_frame ? "\n" : ",\n") << json_text(frame);
        first_frame = false;
        frame = nullptr;
    };
    ProgressBar bar;
    const bool show_progress = !args.flag("quiet");
    pipeline::AnalysisCallbacks callbacks;
    callbacks.on_face = [&](const pipeline::FaceRecord& record) {
        if (!frame.is_null() && frame["frame"] != record.frame + options.output.frame_base)
            flush_frame();
        if (frame.is_null())
            frame = {{"frame", record.frame + options.output.frame_base},
                     {"timestamp", std::round(record.timestamp_s * 1000.0) / 1000.0},
                     {"faces", nlohmann::ordered_json::array()}};
        if (record.success)
            frame["faces"].push_back(pipeline::face_record_json(record, tasks, options.output));
    };
    callbacks.on_frame = [&](int64_t done, int64_t total) {
        if (show_progress && total > 1)
            bar.update(double(done) / double(total), -1,
                       std::to_string(done) + "/" + std::to_string(total) + " frames");
    };
    ScopedInterrupt interrupt;  // Ctrl-C ends the JSON cleanly at the last whole frame
    callbacks.cancel = interrupt.flag();
    const pipeline::MediaSummary summary = analyzer.analyze_file(path, callbacks);
    bar.finish();
    flush_frame();
    start_document();  // cancelled before the first frame
    nlohmann::ordered_json summary_json = pipeline::media_summary_json(summary);
    summary_json["cancelled"] = summary.cancelled;
    if (!jsonl)
        std::cout << "\n],\n\"summary\": " << json_text(summary_json) << "}\n" << std::flush;
    if (!summary.warning.empty())
        std::cerr << "facellava analyze: warning: " << summary.warning << " [" << path << "]\n";
    return summary.cancelled ? kExitInterrupted : kExitOk;
}

#else

int run_analyze(const ParsedArgs&) {
    throw_no_media_support();
}

#endif

}  // namespace

Command make_analyze_command() {
    CommandSpec spec("analyze", "Analyse the faces of one image or video; JSON to stdout.",
                     "Per face: box, 68 landmarks, head pose, geometry, expression, age and "
                     "gender (face-api nets), with face ids kept across video frames; with "
                     "--checkpoint also Face-LLaVA's answers. Columns: docs/CSV.md. Ctrl-C stops "
                     "a video early and still ends the JSON cleanly.");
    spec.positional({"FILE", "Image or video to analyse."});
    spec.option({"jsonl", "",
                 "JSON Lines: one frame object per line ({\"frame\", \"timestamp\", \"faces\"}), "
                 "without the settings and summary.",
                 ""});
    add_analysis_options(spec);
    spec.option({"quiet", "", "No progress bar on stderr.", ""});
    spec.short_name("quiet", 'q');
    return {spec, run_analyze};
}

}  // namespace facellava::cli
