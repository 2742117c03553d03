#include "facellava/pipeline/face_answers.h"

#include "facellava/core/error.h"
#include "facellava/core/faces.h"
#include "facellava/pipeline/model_tasks.h"

namespace facellava::pipeline {
namespace {

bool cancelled(const std::atomic<bool>* cancel) {
    return cancel && cancel->load();
}

// The earlier path: one chat() per face and task, stopping at the cancel flag.
std::vector<std::vector<model::ChatReply>> chat_one_by_one(
    const model::FaceLlavaEngine& engine, const std::vector<model::FaceQuestions>& faces,
    const std::atomic<bool>* cancel) {
    std::vector<std::vector<model::ChatReply>> replies(faces.size());
    for (size_t f = 0; f < faces.size(); ++f) {
        for (const auto& question : faces[f].questions) {
            model::ChatReply reply;
            reply.stop_reason = "cancelled";
            if (!cancelled(cancel)) {
                model::ChatRequest request;
                request.frames = faces[f].frames;
                request.turns.push_back({model::ChatTurn::Role::User, question});
                request.settings = faces[f].settings;
                model::ChatCallbacks callbacks;
                callbacks.cancel = cancel;
                // An engine error here is not about this face (it would repeat
                // for every one): it propagates as it is.
                reply = engine.chat(request, callbacks);
            }
            replies[f].push_back(std::move(reply));
        }
    }
    return replies;
}

}  // namespace

std::vector<FaceTaskAnswers> answer_model_tasks(const model::FaceLlavaEngine& engine,
                                                const std::vector<model::FaceFrame>& faces,
                                                const AnalysisOptions& options,
                                                const std::atomic<bool>* cancel,
                                                const std::function<std::string(size_t)>& name_of) {
    std::vector<const ModelTask*> tasks;
    for (const auto& name : options.tasks)
        tasks.push_back(&find_model_task(name));
    std::vector<model::FaceQuestions> questions(faces.size());
    for (size_t f = 0; f < faces.size(); ++f) {
        questions[f].frames = {faces[f]};
        for (const ModelTask* task : tasks)
            questions[f].questions.push_back(task->question);
        questions[f].settings.temperature = 0.0f;  // greedy: reruns answer the same
        questions[f].settings.max_new_tokens = options.max_new_tokens;
    }

    std::vector<std::vector<model::ChatReply>> replies;
    if (options.sequential_answers) {
        replies = chat_one_by_one(engine, questions, cancel);
    } else if (!faces.empty() && !tasks.empty()) {
        std::vector<model::FaceAnswers> answered = engine.ask_faces(questions, cancel);
        for (size_t f = 0; f < answered.size(); ++f) {
            if (const auto& e = answered[f].error)
                throw Error("Face-LLaVA could not answer the questions about " +
                                (name_of ? name_of(f) : "face " + std::to_string(f)) + ": " +
                                e->brief(),
                            e->path(), e->hint());
            replies.push_back(std::move(answered[f].replies));
        }
    }

    std::vector<FaceTaskAnswers> out(faces.size());
    for (size_t f = 0; f < out.size(); ++f) {
        out[f].answers.assign(tasks.size(), TaskAnswer{});
        out[f].cancelled.assign(tasks.size(), false);
        for (size_t t = 0; f < replies.size() && t < replies[f].size(); ++t) {
            const model::ChatReply& reply = replies[f][t];
            if (reply.stop_reason == "cancelled") {
                out[f].cancelled[t] = true;
                continue;
            }
            out[f].answers[t].answer = reply.text;
            out[f].answers[t].label = tasks[t]->label(reply.text);
        }
    }
    return out;
}

std::optional<model::FaceFrame> face_llava_input(const ImageRGB& frame, const FaceRecord& face) {
    model::FaceFrame input;
    try {
        const FaceCrop crop = crop_face_square(frame, crop_source_box(face), 256);
        input.landmarks = landmarks_in_crop_normalised(face.landmarks, crop);
        input.crop = crop.image;
    } catch (const Error&) {
        return std::nullopt;  // the box lies outside the frame: nothing to show the model
    }
    return input;
}

void ask_face_llava(const model::FaceLlavaEngine& engine,
                    const std::vector<const ImageRGB*>& frames,
                    std::vector<std::vector<FaceRecord>>& faces, const AnalysisOptions& options,
                    const std::atomic<bool>* cancel) {
    if (frames.size() != faces.size())
        throw Error("ask_face_llava: " + std::to_string(frames.size()) + " frames but faces of " +
                    std::to_string(faces.size()));
    std::vector<model::FaceFrame> inputs;
    std::vector<FaceRecord*> asked;  // the record of each input
    for (size_t i = 0; i < frames.size(); ++i) {
        for (auto& face : faces[i]) {
            face.answers.assign(options.tasks.size(), TaskAnswer{});
            if (auto input = face_llava_input(*frames[i], face)) {
                inputs.push_back(std::move(*input));
                asked.push_back(&face);
            }
        }
    }
    if (inputs.empty())
        return;
    const auto name_of = [&](size_t k) {
        return "face " + std::to_string(asked[k]->face_id) + " of frame " +
               std::to_string(asked[k]->frame);
    };
    std::vector<FaceTaskAnswers> answers =
        answer_model_tasks(engine, inputs, options, cancel, name_of);
    for (size_t k = 0; k < asked.size(); ++k)
        asked[k]->answers = std::move(answers[k].answers);
}

}  // namespace facellava::pipeline
