#include "analysis_cli.h"

#include <algorithm>
#include <string>
#include <vector>

#include "facellava/core/error.h"
#include "output_conventions_cli.h"
#include "tower_options.h"
#ifdef FACELLAVA_HAVE_MEDIA
#include <filesystem>

#include "facellava/core/assets.h"
#include "facellava/core/json_limits.h"
#include "facellava/pipeline/model_tasks.h"
#endif

namespace facellava::cli {

void add_crop_from_option(CommandSpec& spec) {
    spec.option({"crop-from", "detector|blazeface|auto",
                 "The box Face-LLaVA's crop is cut from: the detector's, or the BlazeFace box "
                 "over the face as the authors cropped their training faces (the detector's "
                 "when BlazeFace finds none); auto: blazeface with a --checkpoint other than the "
                 "demo model, else detector.",
                 "auto"});
}

void add_analysis_options(CommandSpec& spec) {
    spec.option({"detector", "faceapi|dlib|blazeface",
                 "Face detector: face-api's tiny face detector, dlib's HOG detector, or "
                 "MediaPipe's BlazeFace short-range detector (the Face-LLaVA authors' crops).",
                 "faceapi"});
    spec.option({"landmarks", "faceapi|dlib",
                 "68-point landmarks: face-api's landmark net, or dlib's shape predictor.",
                 "faceapi"});
    spec.option({"min-confidence", "P",
                 "face-api detector: keep faces scoring above P (0…1); blazeface: at least P.",
                 "0.5"});
    spec.option({"dlib-upsample", "N",
                 "dlib detector: double the frame N times first (finds smaller faces, slower).",
                 "0"});
    spec.option({"dlib-threshold", "T",
                 "dlib detector: added to its SVM threshold (< 0 finds more, and more false, "
                 "faces).",
                 "0"});
    spec.option({"max-faces", "N", "Keep the N largest faces per frame (0 = all).", "0"});
    spec.option({"every", "N", "Videos: analyse every Nth frame.", "1"});
    spec.option({"fps", "F", "Videos: analyse about F frames per second instead of --every.", ""});
    spec.option({"detect-every", "N",
                 "Videos: run the face detector on every Nth analysed frame only and track the "
                 "faces between by their landmarks, as OpenFace does (faster; new faces appear "
                 "at the next detection; 1 = detect on every frame).",
                 "1"});
    spec.option({"outputs", "LIST",
                 "More per-face outputs, comma-separated: mesh (478-point face mesh), gaze "
                 "(OpenFace's gaze vectors and angles, eye openness), identity (who is who within "
                 "a file), pad (presentation-attack scores); none by default (docs/CSV.md).",
                 "none"});
    add_output_convention_options(spec, "faces.csv and the JSON");
    spec.option({"frame-workers", "N",
                 "Videos: frames analysed at once, one thread each (0 = one per core).", "0"});
    spec.option({"checkpoint", "DIR",
                 "Face-LLaVA checkpoint: also ask the model about every face (slow: one answer "
                 "per face, task and frame).",
                 ""});
    spec.short_name("checkpoint", 'c');
    add_crop_from_option(spec);
    add_tower_options(spec);
    spec.option({"tasks", "LIST",
                 "With --checkpoint: comma-separated tasks to ask, from expression, "
                 "action_units, attributes, age, deepfake; only tasks the checkpoint was trained "
                 "for (its config.json \"facellava_tasks\"; the released checkpoints: all five). "
                 "Default: every one of them.",
                 ""});
    spec.option({"max-new-tokens", "N", "With --checkpoint: longest answer, in tokens.", "96"});
    spec.alias("max-new-tokens", "max-tokens");  // its name until 0.x; kept for a release
    spec.option({"device", "DEV", "With --checkpoint: auto, cpu, cuda or cuda:N.", "auto"});
    spec.option({"weights", "W",
                 "With --checkpoint: the LLM's weights, auto (as stored), fp32, bf16, fp16, int8 "
                 "or int4[-g32|-g64|-g128][-zp] (quantized at load; docs/MODELS.md).",
                 "auto"});
    spec.option({"answer-batch", "N",
                 "With --checkpoint: answers decoded together, at most N (face, task) sequences: "
                 "every task about every face of a photo (of a group of video frames) is asked "
                 "at once, each face encoded once (16 suits a CPU, 64-256 a GPU).",
                 "16"});
    spec.option({"kv-budget-mb", "MB",
                 "With --checkpoint: keep the answers' KV cache within MB megabytes; faces wait "
                 "for running answers to finish instead of failing for memory (0 = no budget).",
                 "0"});
    spec.option({"sequential-answers", "",
                 "With --checkpoint: ask one question at a time (the earlier path; the same "
                 "answers, slower), for comparisons."});
}

void throw_no_media_support() {
    throw Error("this build has no media support (FACELLAVA_WITH_MEDIA=OFF)", "",
                "rebuild with -DFACELLAVA_WITH_MEDIA=ON (FFmpeg, OpenCV and dlib) to analyse "
                "images and videos");
}

#ifdef FACELLAVA_HAVE_MEDIA

// --crop-from auto: a real checkpoint was trained on the authors' crops of
// BlazeFace boxes, so it sees those; without answers, and for the demo model
// (config.json "facellava_demo": true), which learnt from crops of face-api
// boxes, the detector's box.
pipeline::CropSource crop_source_for(const std::string& name, const std::string& checkpoint) {
    if (name != "auto") {
        try {
            return pipeline::parse_crop_source(name);
        } catch (const Error& e) {
            throw UsageError(std::string("--crop-from: ") + e.what() + " (or auto)");
        }
    }
    if (checkpoint.empty())
        return pipeline::CropSource::Detector;
    const nlohmann::json config =
        read_json_file_limited((std::filesystem::path(checkpoint) / "config.json").string());
    const auto demo = config.is_object() ? config.find("facellava_demo") : config.end();
    const bool is_demo = demo != config.end() && demo->is_boolean() && demo->get<bool>();
    return is_demo ? pipeline::CropSource::Detector : pipeline::CropSource::BlazeFace;
}

pipeline::AnalysisOptions analysis_options_from(const ParsedArgs& args) {
    pipeline::AnalysisOptions options;
    options.detector = pipeline::parse_detector_kind(args.value("detector"));
    options.landmarks = pipeline::parse_landmark_kind(args.value("landmarks"));
    options.min_confidence = float(args.double_value("min-confidence"));
    options.dlib_upsample = args.int_value("dlib-upsample");
    options.dlib_adjust_threshold = args.double_value("dlib-threshold");
    options.max_faces = args.int_value("max-faces");
    options.every_nth_frame = args.int_value("every");
    options.keyframe_interval = args.int_value("detect-every");
    options.frame_workers = args.int_value("frame-workers");
    options.output = output_conventions_from(args);
    try {
        options.output.outputs = pipeline::parse_optional_outputs(args.value("outputs"));
    } catch (const Error& e) {
        throw UsageError(std::string("--outputs: ") + e.what());
    }
    if (args.has("fps")) {
        if (args.has("every"))
            throw UsageError("give either --every or --fps, not both");
        options.target_fps = args.double_value("fps");
        if (!(options.target_fps > 0))
            throw UsageError("--fps must be a positive number of frames per second");
    }
    if (args.has("checkpoint")) {
        // Only what the checkpoint was trained for (its config.json, read
        // before the models take seconds to load): other questions get
        // answers of the tasks it knows, parsed into wrong labels.
        const model::TrainedTasks trained = model::read_trained_tasks(args.value("checkpoint"));
        if (args.has("tasks")) {
            options.tasks = split_list(args.value("tasks"));
            if (options.tasks.empty())
                throw UsageError("--tasks names no task; use some of " +
                                 pipeline::all_model_task_names());
            try {
                pipeline::check_model_tasks_supported(options.tasks, trained);
            } catch (const Error& e) {
                throw UsageError(std::string("--tasks: ") + e.what());
            }
        } else {
            options.tasks = pipeline::supported_model_task_names(trained);
            if (options.tasks.empty())
                throw UsageError(
                    "the checkpoint was trained for none of the tasks batch and "
                    "analyze ask (" +
                    pipeline::all_model_task_names() + ") [" + trained.config_path +
                    "]: leave out --checkpoint, or ask it in `facellava chat`");
        }
        options.max_new_tokens = args.int_value("max-new-tokens");
        options.sequential_answers = args.flag("sequential-answers");
    }
    options.crop_source = crop_source_for(args.value("crop-from"),
                                          args.has("checkpoint") ? args.value("checkpoint") : "");
    options.validate();
    return options;
}

pipeline::AnalysisModels load_models_from(const ParsedArgs& args,
                                          const pipeline::AnalysisOptions& options) {
    model::EngineOptions engine;
    engine.device = args.value("device");
    engine.weights = args.value("weights");
    engine.answer_batch = args.int_value("answer-batch");
    engine.kv_budget_mb = args.double_value("kv-budget-mb");
    if (engine.answer_batch < 1 || engine.answer_batch > 4096)
        throw UsageError("--answer-batch must be 1 to 4096 sequences");
    if (!(engine.kv_budget_mb >= 0))
        throw UsageError("--kv-budget-mb must be 0 (no budget) or a size in MB");
    engine.towers = towers_from(args);
    return pipeline::load_analysis_models(options, AssetLocator::from_environment(),
                                          args.has("checkpoint") ? args.value("checkpoint") : "",
                                          engine);
}

#endif

}  // namespace facellava::cli
