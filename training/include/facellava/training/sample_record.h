// One FaceInstruct sample as read from its JSON file (FACELLAVA_SPEC §7):
// paths resolved against the roots, conversation kept as text. Media are
// decoded only when the sample is loaded for a batch. Torch-free.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace facellava::training {

enum class SampleMedia { None, Image, Video };

struct SampleTurn {
    bool from_human = true;  // "human" (user) or "gpt" (assistant)
    std::string text;        // `<video>` already expanded to the frames' `<image>` placeholders
};

struct SampleRecord {
    std::string file;   // the data file, for reports
    int64_t index = 0;  // entry index in that file (line index for .jsonl)
    std::string task;   // "task" field, else the data file's name without extension
    SampleMedia media = SampleMedia::None;
    // Image: one path per image (one `<image>` each). Video: one video file, or
    // the frame images of one video (the JSON gave a list).
    std::vector<std::string> media_paths;
    // landmarks_2d .npy per image, or one for the video; empty when absent.
    std::vector<std::string> landmark_paths;
    std::vector<SampleTurn> turns;  // alternating, human first, assistant last
    int64_t text_bytes = 0;         // total conversation text, for length grouping

    bool has_landmarks() const { return !landmark_paths.empty(); }
    // Number of `<image>` sentinels the prompt carries.
    int64_t visual_segments(int64_t num_frames) const {
        if (media == SampleMedia::Image)
            return int64_t(media_paths.size());
        if (media == SampleMedia::Video)
            return num_frames;
        return 0;
    }
};

}  // namespace facellava::training
