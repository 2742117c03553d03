// Face-LLaVA's answers about one face: the authors' square crop of the frame
// with the landmarks normalised to it (FACELLAVA_SPEC §6), one question per
// task (pipeline/model_tasks.h), greedy decoding so reruns answer the same.
#pragma once

#include <atomic>

#include "facellava/model/engine.h"
#include "facellava/pipeline/analysis_options.h"
#include "facellava/pipeline/face_record.h"

namespace facellava::pipeline {

// Fills face.answers, one per options.tasks entry. Answers stay empty when the
// face's box lies outside the frame, and from the cancelled question on.
// Engine errors propagate (facellava::Error).
void ask_face_llava(const model::FaceLlavaEngine& engine, const ImageRGB& frame,
                    const AnalysisOptions& options, FaceRecord& face,
                    const std::atomic<bool>* cancel);

}  // namespace facellava::pipeline
