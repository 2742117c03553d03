// Face-LLaVA's answers about faces: one question per task
// (pipeline/model_tasks.h) about the authors' square crop of each face with
// its landmarks normalised to the crop (FACELLAVA_SPEC §6), greedy decoding
// so reruns answer the same. The batch job, `analyze` and the workbench's
// "Ask Face-LLaVA" all ask through here, so their answers agree.
//
// Thread-safety: the functions keep no state; several threads may call them
// on one engine at once (their questions then decode together).
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "facellava/core/image.h"
#include "facellava/model/engine.h"
#include "facellava/pipeline/analysis_options.h"
#include "facellava/pipeline/face_record.h"

namespace facellava::pipeline {

// The tasks' answers about one face.
struct FaceTaskAnswers {
    std::vector<TaskAnswer> answers;  // one per task, in order; empty where cancelled
    std::vector<bool> cancelled;      // per task: the cancel flag stopped its question
};

// options.tasks' questions about every face of `faces` at once: one
// engine.ask_faces() call (faces encoded together, each face's prompt
// prefilled once, all answers decoded as one batch), or, with
// options.sequential_answers, one chat() per face and task, one after the
// other (the earlier path, kept for comparisons). Greedy, at most
// options.max_new_tokens tokens per answer; the same answers either way.
// Throws facellava::Error with the engine's message and hint when a face
// cannot be answered, naming it by name_of(i) ("face i" when not given).
std::vector<FaceTaskAnswers> answer_model_tasks(
    const model::FaceLlavaEngine& engine, const std::vector<model::FaceFrame>& faces,
    const AnalysisOptions& options, const std::atomic<bool>* cancel,
    const std::function<std::string(size_t)>& name_of = {});

// What the model sees of `face` in `frame`: the authors' 256-px square crop
// and the landmarks normalised to it; nullopt when the box lies outside the
// frame.
std::optional<model::FaceFrame> face_llava_input(const ImageRGB& frame, const FaceRecord& face);

// Fills faces[i][j].answers (one per options.tasks entry) for the faces of
// frames[i], all frames' faces in one answer_model_tasks() call. Answers stay
// empty for a face whose box lies outside its frame and for the questions
// the cancel flag stopped. Throws facellava::Error naming the face (id and
// frame) that could not be answered.
void ask_face_llava(const model::FaceLlavaEngine& engine,
                    const std::vector<const ImageRGB*>& frames,
                    std::vector<std::vector<FaceRecord>>& faces, const AnalysisOptions& options,
                    const std::atomic<bool>* cancel);

}  // namespace facellava::pipeline
