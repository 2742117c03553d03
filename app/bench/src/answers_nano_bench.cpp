// The answers suite's nano path: the demo checkpoint through the engine on the
// demo photos' faces, chat() per (face, question) against ask_faces() at each
// batch limit. Needs media support (decoding, face detection): without it the
// record says it was skipped.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>

#include "answers_bench.h"
#include "facellava/core/assets.h"
#include "facellava/core/error.h"
#include "facellava/model/engine.h"

#if defined(FACELLAVA_HAVE_MEDIA)
#include "facellava/core/faces.h"
#include "facellava/core/media.h"
#include "facellava/pipeline/analysis_models.h"
#include "facellava/pipeline/model_tasks.h"
#include "frame_faces.h"
#endif

namespace facellava::model::bench {
namespace {

io::Json skipped(const std::string& why) {
    return io::Json{{"model", "nano"}, {"skipped", why}};
}

}  // namespace

#if !defined(FACELLAVA_HAVE_MEDIA)

io::Json run_nano_answers_bench(const std::string&, const std::string&,
                                const AnswersBenchSettings&) {
    return skipped(
        "this build has no media support (FACELLAVA_WITH_MEDIA=OFF): no photos to "
        "find faces in");
}

#else

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Every face the pipeline's detector and landmarks find on the demo photos,
// cropped as the batch job crops them for the model (face_answers.cpp).
std::vector<FaceFrame> demo_faces(const AssetLocator& assets) {
    const pipeline::AnalysisOptions options;
    const auto models = pipeline::load_analysis_models(options, assets);
    pipeline::FrameFaces finder(models, options);
    std::vector<FaceFrame> faces;
    for (const auto& photo : assets.demo_photos()) {
        const ImageRGB image = load_image(photo);
        for (const auto& record : finder.run(image)) {
            try {
                const FaceCrop crop = crop_face_square(image, record.box, 256);
                FaceFrame frame;
                frame.landmarks = landmarks_in_crop_normalised(record.landmarks, crop);
                frame.crop = crop.image;
                faces.push_back(std::move(frame));
            } catch (const Error&) {
                // a box outside the frame: the batch job skips it too
            }
        }
    }
    return faces;
}

using Answers = std::vector<std::vector<std::vector<int64_t>>>;  // [face][question] → new ids

AnswerRun run_sequential(const FaceLlavaEngine& engine, const std::vector<FaceFrame>& faces,
                         const std::vector<std::string>& questions,
                         const GenerationSettings& settings, Answers* answers) {
    AnswerRun run;
    run.faces = int64_t(faces.size());
    answers->assign(faces.size(), std::vector<std::vector<int64_t>>(questions.size()));
    const auto start = Clock::now();
    for (size_t f = 0; f < faces.size(); ++f) {
        for (size_t q = 0; q < questions.size(); ++q) {
            ChatRequest request;
            request.frames.push_back(faces[f]);
            request.turns.push_back({ChatTurn::Role::User, questions[q]});
            request.settings = settings;
            const ChatReply reply = engine.chat(request);
            run.tower_ms += reply.vision_ms;
            run.prefill_ms += reply.prefill_ms;
            run.decode_ms += std::max(0.0, reply.total_ms - reply.vision_ms - reply.prefill_ms);
            run.tokens += int64_t(reply.token_ids.size());
            run.answers += 1;
            (*answers)[f][q] = reply.token_ids;
        }
    }
    run.seconds = seconds_since(start);
    return run;
}

AnswerRun run_batched(const FaceLlavaEngine& engine, const std::vector<FaceFrame>& faces,
                      const std::vector<std::string>& questions, const GenerationSettings& settings,
                      Answers* answers) {
    std::vector<FaceQuestions> asked;
    for (const auto& face : faces) {
        FaceQuestions fq;
        fq.frames.push_back(face);
        fq.questions = questions;
        fq.settings = settings;
        asked.push_back(std::move(fq));
    }
    const AnswerStats before = engine.answer_stats();
    const auto start = Clock::now();
    const auto replies = engine.ask_faces(asked);
    AnswerRun run;
    run.seconds = seconds_since(start);
    answers->assign(faces.size(), {});
    for (size_t f = 0; f < replies.size(); ++f) {
        if (replies[f].error)
            throw *replies[f].error;
        for (const auto& reply : replies[f].replies) {
            (*answers)[f].push_back(reply.token_ids);
            run.tokens += int64_t(reply.token_ids.size());
            run.answers += 1;
        }
    }
    // The scheduler counts a step before it hands its replies over.
    const AnswerStats after = engine.answer_stats();
    if (after.sequences - before.sequences != run.answers)
        throw Error("the engine's answer stats count " +
                        std::to_string(after.sequences - before.sequences) + " answers of " +
                        std::to_string(run.answers),
                    "", "a bug in the engine's answer stats: please report it");
    run.faces = int64_t(faces.size());
    run.steps = after.steps - before.steps;
    run.tower_ms = after.tower_ms - before.tower_ms;
    run.prefill_ms = after.prefill_ms - before.prefill_ms;
    run.decode_ms = after.decode_ms - before.decode_ms;
    // The stats' mean is over every step since the load: this run's share.
    run.mean_batch =
        run.steps > 0
            ? (after.mean_batch * double(after.steps) - before.mean_batch * double(before.steps)) /
                  double(run.steps)
            : 0.0;
    run.peak_kv_bytes = after.peak_kv_bytes;  // the warm-up's one face needs less
    return run;
}

}  // namespace

io::Json run_nano_answers_bench(const std::string& device, const std::string& dtype,
                                const AnswersBenchSettings& settings) {
    const auto log = [&](const std::string& line) {
        if (settings.log)
            settings.log("answers nano: " + line);
    };
    const auto assets = AssetLocator::from_environment();
    const std::string checkpoint = assets.resources_dir() + "/models/facellava-nano";
    if (assets.resources_dir().empty() || !std::filesystem::exists(checkpoint + "/config.json"))
        return skipped("the demo checkpoint was not found at " + checkpoint);
    EngineOptions engine_options;
    engine_options.device = device;
    engine_options.dtype = dtype;
    std::vector<FaceFrame> faces;
    std::shared_ptr<const FaceLlavaEngine> engine;
    try {
        faces = demo_faces(assets);
        engine = FaceLlavaEngine::load(checkpoint, engine_options);
    } catch (const Error& e) {
        return skipped(e.what());  // assets or a tokenizer this build cannot read
    }
    if (faces.empty())
        return skipped("no faces were found on the demo photos");
    std::vector<std::string> tasks = pipeline::supported_model_task_names(engine->info().tasks);
    std::vector<std::string> questions;
    for (const auto& task : tasks)
        questions.push_back(pipeline::find_model_task(task).question);
    GenerationSettings greedy;
    greedy.temperature = 0.0f;
    greedy.max_new_tokens = settings.answer_tokens;
    log(std::to_string(faces.size()) + " faces x " + std::to_string(questions.size()) +
        " questions on " + engine->info().device);

    io::Json rec;
    rec["model"] = "nano";
    rec["checkpoint"] = checkpoint;
    rec["device"] = engine->info().device;
    rec["dtype"] = engine->info().dtype;
    rec["faces"] = faces.size();
    rec["photos"] = assets.demo_photos().size();
    rec["tasks"] = tasks;
    rec["questions_per_face"] = questions.size();
    rec["answer_tokens"] = settings.answer_tokens;
    rec["tower"] = "face-api features, projector and FRGCA (the checkpoint's)";

    Answers sequential_answers, batched_answers;
    const std::vector<FaceFrame> one_face(faces.begin(), faces.begin() + 1);
    run_sequential(*engine, one_face, questions, greedy, &sequential_answers);  // warm-up
    std::vector<AnswerRun> runs;
    for (int r = 0; r < std::max(1, settings.repeats); ++r) {
        check_cancel(settings);
        runs.push_back(run_sequential(*engine, faces, questions, greedy, &sequential_answers));
    }
    const AnswerRun sequential = median_run(runs);
    const double sequential_rate = double(sequential.answers) / sequential.seconds;
    rec["sequential"] = answer_run_json(sequential, 0);
    log("sequential " + std::to_string(sequential_rate) + " answers/s");
    engine.reset();

    io::Json rows = io::Json::array();
    bool all_identical = true;
    const int64_t compared = int64_t(faces.size() * questions.size());
    for (const int limit : settings.batch_limits) {
        check_cancel(settings);
        engine_options.answer_batch = limit;  // an engine option: one engine per limit
        const auto batch_engine = FaceLlavaEngine::load(checkpoint, engine_options);
        run_batched(*batch_engine, one_face, questions, greedy, &batched_answers);  // warm-up
        runs.clear();
        int64_t same = 0;
        for (int r = 0; r < std::max(1, settings.repeats); ++r) {
            check_cancel(settings);
            runs.push_back(run_batched(*batch_engine, faces, questions, greedy, &batched_answers));
            int64_t agree = 0;
            for (size_t f = 0; f < faces.size(); ++f)
                for (size_t q = 0; q < questions.size(); ++q)
                    agree += batched_answers[f].at(q) == sequential_answers[f][q] ? 1 : 0;
            same = r == 0 ? agree : std::min(same, agree);  // every repeat must agree
        }
        const AnswerRun batched = median_run(runs);
        const io::Json row = batched_row(batched, sequential_rate, limit, compared, same);
        all_identical = all_identical && row["identical_answers"].get<bool>();
        rows.push_back(row);
        log("batch limit " + std::to_string(limit) + ": " +
            std::to_string(row["answers_per_s"].get<double>()) + " answers/s, speed-up " +
            std::to_string(row["speedup"].get<double>()));
    }
    rec["batched"] = rows;
    rec["identical_answers"] = all_identical;
    return rec;
}

#endif

}  // namespace facellava::model::bench
