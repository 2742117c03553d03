#include "face_answers.h"

#include "facellava/core/error.h"
#include "facellava/core/faces.h"
#include "facellava/pipeline/model_tasks.h"

namespace facellava::pipeline {

void ask_face_llava(const model::FaceLlavaEngine& engine, const ImageRGB& frame,
                    const AnalysisOptions& options, FaceRecord& face,
                    const std::atomic<bool>* cancel) {
    face.answers.assign(options.tasks.size(), TaskAnswer{});
    model::FaceFrame input;
    try {
        const FaceCrop crop = crop_face_square(frame, face.box, 256);
        input.landmarks = landmarks_in_crop_normalised(face.landmarks, crop);
        input.crop = crop.image;
    } catch (const Error&) {
        return;  // the box lies outside the frame: nothing to show the model
    }
    for (size_t t = 0; t < options.tasks.size(); ++t) {
        if (cancel && cancel->load())
            return;
        const ModelTask& task = find_model_task(options.tasks[t]);
        model::ChatRequest request;
        request.frames.push_back(input);
        request.turns.push_back({model::ChatTurn::Role::User, task.question});
        request.settings.temperature = 0.0f;
        request.settings.max_new_tokens = options.max_new_tokens;
        model::ChatCallbacks callbacks;
        callbacks.cancel = cancel;
        // An engine error is not about this face (it would repeat for every
        // one): it propagates and the file is reported in errors.csv.
        const model::ChatReply reply = engine.chat(request, callbacks);
        if (reply.stop_reason == "cancelled")
            return;
        face.answers[t].answer = reply.text;
        face.answers[t].label = task.label(reply.text);
    }
}

}  // namespace facellava::pipeline
