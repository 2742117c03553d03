// The pictures a batch job writes beside faces.csv when asked, drawn from the
// frames and records the analysis hands out (MediaAnalyzer's on_frame_image),
// so they show exactly the rows of faces.csv:
//   OUT/crops/<input>/frame<NNNNNN>_face<ID>.jpg  (`--save-crops`) the aligned
//       square crop Face-LLaVA sees (crop_face_square, 256 px), one per face
//       and analysed frame, as OpenFace's -simalign;
//   OUT/overlay/<input>.mp4  (`--overlay-video`) each video's analysed frames
//       with boxes, landmarks, face ids and labels burnt in (core's VideoWriter).
// <input> is the input's path below the job root without its extension.
// An input's pictures appear whole or not at all: they are written under a
// ".partial" name and renamed into place by commit(); an input abandoned
// (cancelled, failed) leaves nothing behind.
//
// Thread-safety: one BatchVisuals per input, used by the thread analysing it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "facellava/core/video_writer.h"
#include "facellava/pipeline/face_record.h"
#include "facellava/pipeline/inputs.h"

namespace facellava::pipeline {

struct BatchVisualsOptions {
    bool crops = false;
    bool overlay = false;
    int crop_size = 256;  // Face-LLaVA's crop (face_answers.cpp)
    // Frame rate of the overlay: the analysed frames' rate (the video's, or
    // lower with --every / --fps).
    double overlay_fps = 25.0;
};

class BatchVisuals {
  public:
    // Nothing is created until the first frame.
    BatchVisuals(const std::string& output_dir, const InputFile& input,
                 const BatchVisualsOptions& options);
    ~BatchVisuals();  // removes what commit() did not keep
    BatchVisuals(const BatchVisuals&) = delete;
    BatchVisuals& operator=(const BatchVisuals&) = delete;

    // One analysed frame and its records (MediaAnalyzer's on_frame_image).
    void frame(const ImageRGB& image, const std::vector<FaceRecord>& records);
    // Finishes the overlay and moves the crops and the overlay into place,
    // replacing those of an earlier run. Throws facellava::Error on a write failure.
    void commit();

    // Where an input's pictures go (also used by the tests and docs).
    static std::string crops_dir(const std::string& output_dir, const InputFile& input);
    static std::string overlay_path(const std::string& output_dir, const InputFile& input);
    // Removes OUT/crops and OUT/overlay (a restarted job's earlier pictures).
    static void remove_all(const std::string& output_dir);

  private:
    void remove_partial() noexcept;

    BatchVisualsOptions options_;
    std::string crops_dir_, crops_partial_;
    std::string overlay_path_, overlay_partial_;
    bool crops_started_ = false;
    std::unique_ptr<VideoWriter> overlay_;
};

// The caption burnt in above a face: "#<id> <expression>" and the labels of
// Face-LLaVA's answers, e.g. "#0 happy | surprise".
std::string face_caption(const FaceRecord& record);

}  // namespace facellava::pipeline
