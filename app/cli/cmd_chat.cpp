// `facellava chat`: ask Face-LLaVA about the face in an image or video and
// stream the answer to stdout. Timings and the stop reason go to stderr (or
// into --json output).
#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "analysis_cli.h"
#include "command.h"
#include "default_checkpoint.h"
#include "facellava/core/assets.h"
#include "facellava/core/error.h"
#include "facellava/core/npy.h"
#include "facellava/model/engine.h"
#include "interrupt.h"
#include "json_output.h"
#include "tower_options.h"
#ifdef FACELLAVA_HAVE_MEDIA
#include "facellava/core/media.h"
#include "facellava/pipeline/analysis_models.h"
#include "facellava/pipeline/face_answers.h"
#include "facellava/pipeline/media_analyzer.h"
#endif

namespace facellava::cli {
namespace {

#ifdef FACELLAVA_HAVE_MEDIA  // read by prepare_frames() only
// Landmarks from a FaceInstruct .npy: (68, 2) pixels in the crop → /crop side.
std::array<float, 136> landmarks_from_npy(const std::string& path, int crop_side) {
    const NpyArray array = read_npy(path);
    if (array.size() != 136) {
        throw Error("landmarks file must hold 68 (x, y) points, it holds " +
                        std::to_string(array.size()) + " values",
                    path, "pass a (68, 2) array in crop pixel coordinates");
    }
    std::array<float, 136> out{};
    for (size_t i = 0; i < 136; ++i)
        out[i] = array.values[i] / float(crop_side);
    return out;
}
#endif

#ifdef FACELLAVA_HAVE_MEDIA
// The largest face the analysis finds, as Face-LLaVA's input: the same
// detector, landmark net and crop (--crop-from) as `analyze`, `batch`,
// `serve` and the workbench, so chat answers about the face they show.
// nullopt when the frame has none.
std::optional<model::FaceFrame> largest_face(pipeline::MediaAnalyzer& analyzer,
                                             const ImageRGB& frame, FaceBox* box = nullptr) {
    const pipeline::FaceRecord* largest = nullptr;
    const auto faces = analyzer.analyze_image(frame);
    for (const auto& face : faces) {
        if (face.success && (!largest || face.box.w * face.box.h > largest->box.w * largest->box.h))
            largest = &face;
    }
    if (!largest)
        return std::nullopt;
    if (box)
        *box = largest->box;
    return pipeline::face_llava_input(frame, *largest);
}

// `count` frames sampled as the authors' sampler does (np.linspace over the
// video, core's uniform_indices), each with its largest face; like the
// authors' tool, refused when more than 30% of them show none.
std::vector<model::FaceFrame> video_faces(pipeline::MediaAnalyzer& analyzer,
                                          const std::string& path, int count) {
    constexpr double kMaxMissingFraction = 0.3;
    VideoReader reader(path);
    const auto indices = uniform_indices(reader.info().frame_count, count);
    std::vector<model::FaceFrame> frames;
    for (const int64_t index : indices) {
        if (auto face = largest_face(analyzer, reader.frame_at(index)))
            frames.push_back(std::move(*face));
    }
    const size_t missing = indices.size() - frames.size();
    if (indices.empty() || double(missing) > kMaxMissingFraction * double(indices.size()))
        throw Error("no face found in " + std::to_string(missing) + " of " +
                        std::to_string(indices.size()) + " sampled frames",
                    path,
                    "use a video where the face is visible and frontal enough for the detector");
    return frames;
}
#endif

std::vector<model::FaceFrame> prepare_frames(const ParsedArgs& args, const std::string& checkpoint,
                                             int num_frames, bool& is_video) {
#ifdef FACELLAVA_HAVE_MEDIA
    const std::string landmarks = args.value("landmarks");
    is_video = args.has("video");
    const std::string path = is_video ? args.value("video") : args.value("image");
    if (!std::filesystem::exists(path))
        throw Error("input file not found", path, "check the path");
    std::vector<model::FaceFrame> frames;
    if (landmarks == "auto") {
        pipeline::AnalysisOptions options;
        options.crop_source = crop_source_for(args.value("crop-from"), checkpoint);
        pipeline::MediaAnalyzer analyzer(
            pipeline::load_analysis_models(options, AssetLocator::from_environment()), options);
        if (is_video)
            return video_faces(analyzer, path, num_frames);
        FaceBox box;
        auto face = largest_face(analyzer, load_image(path), &box);
        if (!face) {
            throw Error("no face found", path,
                        "use a photo with a visible face, or pass --landmarks none to ask "
                        "about the whole image");
        }
        std::cerr << "face at " << int(box.x) << "," << int(box.y) << " size " << int(box.w) << "x"
                  << int(box.h) << "\n";
        frames.push_back(std::move(*face));
        return frames;
    }
    if (is_video)
        throw Error("--landmarks for a video must be auto", path,
                    "drop --landmarks or use --landmarks auto");
    ImageRGB image = load_image(path);
    std::optional<std::array<float, 136>> points;
    if (landmarks != "none") {
        // A FaceInstruct sample: the image is already the face crop.
        points = landmarks_from_npy(landmarks, std::max(image.width, image.height));
    }
    frames.push_back({std::move(image), points});
    return frames;
#else
    (void)args;
    (void)checkpoint;
    (void)num_frames;
    (void)is_video;
    throw Error("this build has no media support (FACELLAVA_WITH_MEDIA=OFF)", "",
                "rebuild with media support to read images");
#endif
}

int run_chat(const ParsedArgs& args) {
    if (args.positionals().empty())
        throw UsageError("give the question as the last argument");
    if (args.has("image") == args.has("video"))
        throw UsageError("give exactly one of --image or --video");
    const std::string checkpoint =
        args.has("checkpoint") ? args.value("checkpoint") : default_checkpoint_dir();

    model::EngineOptions options;
    options.device = args.value("device");
    options.dtype = args.value("dtype");
    options.weights = args.value("weights");
    options.cpu_threads = args.int_value("threads");
    options.towers = towers_from(args);
    auto engine = model::FaceLlavaEngine::load(checkpoint, options);
    if (engine->info().is_demo) {
        std::cerr << "note: using the built-in demo model (" << engine->info().model_card_name
                  << "); it is small and trained on a few photos — load a real Face-LLaVA "
                     "checkpoint with --checkpoint\n";
    }

    model::ChatRequest request;
    request.frames = prepare_frames(args, checkpoint, engine->info().num_frames, request.is_video);
    std::string question;
    for (const auto& word : args.positionals())
        question += (question.empty() ? "" : " ") + word;
    request.turns.push_back({model::ChatTurn::Role::User, question});
    if (args.has("system-prompt"))
        request.system_prompt = args.value("system-prompt");
    // The checkpoint's generation_config.json is the default (as in
    // transformers); a flag given on the command line wins over it.
    const auto& shipped = engine->info().generation_defaults;
    auto& settings = request.settings;
    const auto given_or = [&](const char* flag, auto shipped_value, auto parse) {
        return args.has(flag) || !shipped ? parse(flag) : shipped_value;
    };
    const auto real = [&](const char* flag) { return float(args.double_value(flag)); };
    const auto whole = [&](const char* flag) { return args.int_value(flag); };
    settings.temperature = given_or("temperature", shipped ? shipped->temperature : 0.f, real);
    settings.top_p = given_or("top-p", shipped ? shipped->top_p : 1.f, real);
    settings.top_k = given_or("top-k", shipped ? shipped->top_k : 0, whole);
    settings.repetition_penalty =
        given_or("repetition-penalty", shipped ? shipped->repetition_penalty : 1.f, real);
    settings.max_new_tokens = given_or("max-tokens", shipped ? shipped->max_new_tokens : 0, whole);
    settings.seed = uint64_t(args.int_value("seed"));

    const bool json = wants_json(args);
    ScopedInterrupt interrupt;  // Ctrl-C stops generation, keeping what was said
    model::ChatCallbacks callbacks;
    callbacks.cancel = interrupt.flag();
    if (!json) {
        callbacks.on_text = [](const std::string& piece) {
            std::cout << piece << std::flush;
            return true;
        };
    }
    const model::ChatReply reply = engine->chat(request, callbacks);
    if (json) {
        nlohmann::ordered_json out{{"answer", reply.text},
                                   {"stop_reason", reply.stop_reason},
                                   {"prompt_tokens", reply.prompt_tokens},
                                   {"new_tokens", reply.token_ids.size()},
                                   {"vision_ms", reply.vision_ms},
                                   {"time_to_first_token_ms", reply.prefill_ms},
                                   {"tokens_per_s", reply.tokens_per_s},
                                   {"total_ms", reply.total_ms},
                                   {"device", engine->info().device},
                                   {"weights", engine->info().weights},
                                   {"llm_weight_bytes", engine->info().llm_weight_bytes}};
        std::cout << out.dump(2) << "\n";
    } else {
        std::cout << "\n";
        std::cerr << "[" << reply.stop_reason << "] " << reply.token_ids.size()
                  << " tokens, vision " << int(reply.vision_ms) << " ms, first token "
                  << int(reply.prefill_ms) << " ms, " << int(reply.tokens_per_s * 10) / 10.0
                  << " tokens/s on " << engine->info().device << " (" << engine->info().weights
                  << ")\n";
    }
    return kExitOk;
}

}  // namespace

Command make_chat_command() {
    CommandSpec spec(
        "chat", "Ask Face-LLaVA about the face in an image or video; the answer streams to stdout.",
        "Without --checkpoint the built-in demo model is used. Ctrl-C stops the answer.");
    spec.positional({"QUESTION", "The question (several words are joined).", true, true});
    spec.option({"checkpoint", "DIR",
                 "Face-LLaVA checkpoint folder (config.json, tokenizer.model, weights); check "
                 "one with `facellava checkpoint inspect DIR`."});
    spec.short_name("checkpoint", 'c');
    add_tower_options(spec);
    spec.option({"image", "FILE", "Image to ask about."});
    spec.option({"video", "FILE", "Video to ask about (frames sampled uniformly)."});
    spec.option({"landmarks", "auto|none|FILE.npy",
                 "auto: the largest face the analysis finds (face-api's detector and 68 "
                 "landmarks, as analyze, batch and serve), cropped as --crop-from says; none: "
                 "whole image, no landmarks; FILE.npy: the image is a face crop with these (68, "
                 "2) landmarks.",
                 "auto"});
    add_crop_from_option(spec);
    spec.option({"system-prompt", "TEXT", "System prompt (default: the vicuna-v1 prompt)."});
    spec.alias("system-prompt", "system");  // its name until 0.x; kept for a release
    spec.option({"temperature", "T",
                 "Sampling temperature; 0 = greedy. Default: the checkpoint's "
                 "generation_config.json when it has one (as for top-p, top-k, "
                 "repetition-penalty and max-new-tokens), else 0.",
                 "0"});
    spec.option({"top-p", "P", "Nucleus sampling mass.", "1"});
    spec.option({"top-k", "K", "Keep the K most likely tokens; 0 = off.", "0"});
    spec.option({"repetition-penalty", "R", "Penalty for repeated tokens (1 = off).", "1"});
    spec.option({"max-new-tokens", "N", "Maximum new tokens.", "512"});
    spec.alias("max-new-tokens", "max-tokens");
    spec.option({"seed", "S", "Sampling seed.", "0"});
    spec.option({"device", "DEV", "auto, cpu, cuda or cuda:N.", "auto"});
    spec.option({"dtype", "TYPE", "auto, float32, bfloat16 or float16.", "auto"});
    spec.option({"weights", "W",
                 "The LLM's weights: auto (as stored), fp32, bf16, fp16, or quantized at load: "
                 "int8, int4 (groups of 128), int4-g32, int4-g64, int4-g128, with -zp for zero "
                 "points (docs/MODELS.md).",
                 "auto"});
    spec.option({"threads", "N", "CPU threads (0 = default).", "0"});
    spec.option(json_option("Print the answer and timings as JSON instead of streaming"));
    return {spec, run_chat};
}

}  // namespace facellava::cli
