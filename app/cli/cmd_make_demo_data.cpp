// `facellava make-demo-data -o OUT`: generate FaceInstruct-Nano, the demo
// model's training data, from photos shipped in packages (face-api's demo
// photos, dlib's example faces), labelled by face-api's nets. Progress on
// stderr, a summary table on stdout; Ctrl-C stops cleanly (the JSON files are
// then not written).
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "analysis_cli.h"
#include "command.h"
#include "facellava/core/error.h"
#include "interrupt.h"
#include "progress_bar.h"
#ifdef FACELLAVA_HAVE_MEDIA
#include "facellava/training/demo_data.h"
#endif

namespace facellava::cli {
namespace {

#ifdef FACELLAVA_HAVE_MEDIA

// The output folder from --output or the short form "-o OUT", which the
// shared parser leaves among the positionals.
std::string output_dir(const ParsedArgs& args) {
    std::string output = args.has("output") ? args.value("output") : "";
    const auto& rest = args.positionals();
    for (size_t i = 0; i < rest.size(); ++i) {
        if (rest[i] != "-o")
            throw UsageError("unexpected argument '" + rest[i] + "'");
        if (i + 1 >= rest.size())
            throw UsageError("-o needs a value (the output folder)");
        if (!output.empty())
            throw UsageError("the output folder is given twice");
        output = rest[++i];
    }
    if (output.empty())
        throw UsageError("give the output folder with -o OUT (or --output OUT)");
    return output;
}

// Repeatable options that also take comma-separated lists.
std::vector<std::string> list_values(const ParsedArgs& args, const std::string& name) {
    std::vector<std::string> out;
    for (const auto& value : args.values(name)) {
        std::stringstream in(value);
        std::string item;
        while (std::getline(in, item, ',')) {
            if (!item.empty())
                out.push_back(item);
        }
    }
    return out;
}

uint64_t seed_value(const ParsedArgs& args) {
    const std::string text = args.value("seed");
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos ||
        text.size() > 19)
        throw UsageError("--seed must be a whole number from 0 to 10^19, got '" + text + "'");
    return std::stoull(text);
}

std::string counts_line(const std::map<std::string, size_t>& counts) {
    std::string line;
    for (const auto& [name, count] : counts)
        line += (line.empty() ? "" : ", ") + name + " " + std::to_string(count);
    return line.empty() ? "-" : line;
}

void print_summary(const training::DemoDataResult& r, std::ostream& out) {
    out << std::left << std::setw(58) << "source" << std::right << std::setw(7) << "photos"
        << std::setw(7) << "faces" << std::setw(7) << "crops" << std::setw(9) << "dropped"
        << "\n";
    for (const auto& s : r.sources) {
        std::string path = s.source.path;
        if (path.size() > 56)
            path = "…" + path.substr(path.size() - 55);
        out << std::left << std::setw(58) << path << std::right;
        if (!s.found) {
            out << "  (missing)\n";
            continue;
        }
        out << std::setw(7) << s.photos << std::setw(7) << s.faces << std::setw(7) << s.crops_kept
            << std::setw(9) << s.crops_dropped << "\n";
    }
    out << "\n";
    for (const auto* split : {&r.train, &r.eval}) {
        const std::string name = split == &r.train ? "train" : "eval";
        out << name << ": " << split->samples << " samples from " << split->crops << " crops\n"
            << "  tasks:       " << counts_line(split->by_task) << "\n"
            << "  expressions: " << counts_line(split->by_expression) << "\n"
            << "  genders:     " << counts_line(split->by_gender) << "\n"
            << "  ages:        " << counts_line(split->by_age_band) << "\n";
    }
    out << "\nwritten: " << r.train_json << ", " << r.eval_json << ", " << r.manifest_json << " ("
        << format_duration(r.wall_s) << ")\n";
}

int run_make_demo_data(const ParsedArgs& args) {
    training::DemoDataOptions options;
    options.output_dir = output_dir(args);
    for (const auto& path : args.values("source")) {
        if (!std::filesystem::exists(path))  // before the models take seconds to load
            throw Error("photo source not found", path, "check the --source path");
        options.sources.push_back(training::demo_source_from_path(path));
    }
    options.variants = args.int_value("variants");
    options.seed = seed_value(args);
    options.eval_photos = list_values(args, "eval-photos");
    if (args.has("exclude"))  // repeatable options get no default from the parser
        options.exclude = list_values(args, "exclude");
    options.skip_bad = args.flag("skip-bad");
    options.min_score = float(args.double_value("min-score"));
    options.min_face_px = args.int_value("min-face-px");
    options.validate();  // before the models take seconds to load

    pipeline::AnalysisOptions analysis;
    analysis.landmarks = pipeline::parse_landmark_kind(args.value("landmarks"));
    const bool quiet = args.flag("quiet");
    if (!quiet)
        std::cerr << "loading the teacher nets…\n";
    const pipeline::AnalysisModels models =
        pipeline::load_analysis_models(analysis, AssetLocator::from_environment());

    ProgressBar bar;
    training::DemoDataCallbacks callbacks;
    ScopedInterrupt interrupt;  // Ctrl-C stops cleanly; a second one quits
    callbacks.cancel = interrupt.flag();
    const bool tty = isatty(STDERR_FILENO) != 0;
    callbacks.on_note = [&](const std::string& note) {
        if (!quiet)  // on a terminal, over the progress bar's line
            std::cerr << (tty ? "\r\033[K" : "") << "note: " << note << "\n";
    };
    if (!quiet) {
        callbacks.on_progress = [&](const training::DemoProgress& p) {
            bar.update(p.fraction, p.eta_s,
                       std::to_string(p.photos_done) + "/" + std::to_string(p.photos_total) +
                           " photos, " + std::to_string(p.faces) + " faces, " +
                           std::to_string(p.crops_kept) + " crops  " + p.current);
        };
    }
    const training::DemoDataResult result = training::make_demo_data(options, models, callbacks);
    bar.finish();

    if (result.cancelled) {
        std::cerr << "cancelled: train.json, eval.json and manifest.json were not written; run "
                     "the command again to start over\n";
        return kExitInterrupted;
    }
    if (!quiet)
        print_summary(result, std::cout);
    if (!result.skipped.empty())
        std::cerr << result.skipped.size() << " photo(s) could not be read and were skipped\n";
    return result.skipped.empty() ? kExitOk : kExitPartial;
}

#else

int run_make_demo_data(const ParsedArgs&) {
    throw_no_media_support();
}

#endif

}  // namespace

Command make_make_demo_data_command() {
    CommandSpec spec(
        "make-demo-data",
        "Generate FaceInstruct-Nano, the demo model's training data, from packaged photos.",
        "Every face (face-api detector) of every photo becomes --variants 256-px crops: v0 is "
        "Face-LLaVA's own crop, the others are flipped, rotated, scaled, shifted and colour-"
        "jittered copies drawn from --seed. face-api's nets label each crop as written (a crop "
        "where they find no face, or several, is dropped). Writes OUT/images/*.png, "
        "OUT/landmarks/*.npy ((68, 2) crop pixels), OUT/train.json and OUT/eval.json "
        "(FaceInstruct format, tasks nano_expression, nano_age, nano_gender, nano_describe; "
        "docs/TRAINING.md) and OUT/manifest.json (sources with sha256, counts, settings). "
        "Photos go whole to one split; eval keeps v0 only. The same sources and seed give "
        "the same bytes. Default sources: face-api's demo photos and "
        "/usr/share/doc/libdlib19.1/examples/faces (a missing default is a note). An OUT that "
        "holds an earlier run is replaced; any other non-empty folder is refused.");
    spec.positional({"-o OUT", "The output folder (or --output OUT).", false, true});
    spec.option({"output", "OUT", "The output folder.", ""});
    spec.short_name("output", 'o');
    spec.option({"source", "DIR_OR_FILE",
                 "A photo folder (its .jpg/.jpeg/.png, sorted) or one photo; replaces the "
                 "default sources.",
                 "", true});
    spec.option({"variants", "N", "Crops per face in train, the un-augmented v0 included.", "12"});
    spec.option({"seed", "N", "Seed of the augmentations and the question choice.", "1234"});
    spec.option({"eval-photos", "NAME",
                 "A photo (file name or stem; comma-separated list allowed) for eval.json "
                 "instead of the defaults (sample6.jpg, every 4th photo of a folder).",
                 "", true});
    spec.option({"exclude", "NAME", "A photo file name never used (comma-separated list allowed).",
                 "dogs.jpg", true});
    spec.option({"landmarks", "KIND",
                 "Landmarks written and measured: dlib (the chat's shape predictor) or faceapi.",
                 "dlib"});
    spec.option({"min-score", "P", "Detector score a photo's face needs.", "0.5"});
    spec.option({"min-face-px", "N", "Shorter side a photo's face box needs, pixels.", "40"});
    spec.option(
        {"skip-bad", "", "Report a photo that cannot be read and go on (default: stop).", ""});
    spec.option({"quiet", "", "No progress bar or summary.", ""});
    spec.short_name("quiet", 'q');
    return {spec, run_make_demo_data};
}

}  // namespace facellava::cli
