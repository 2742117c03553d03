// Fuzz target: the FaceInstruct data reader (read_face_instruct_file). It
// documents that bad content never throws: it becomes an issue of the file
// or of an entry. So any exception is a finding, and every sample it keeps
// must be one the trainer can use: turns alternating human / assistant, an
// answer last, and as many <image> placeholders as the media need.
//
// The first byte picks the file kind and the options (frames per video,
// small nesting and string limits); the rest is the file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "facellava/training/face_instruct_reader.h"
#include "fuzz_support.h"

namespace {

int64_t count_of(const std::string& text, const std::string& what) {
    int64_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos;
         at = text.find(what, at + what.size()))
        ++n;
    return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace facellava::training;
    if (size == 0)
        return 0;
    const uint8_t mode = data[0];
    ReaderOptions options;
    options.image_root = (mode & 0x10) ? "images" : "";
    options.video_root = (mode & 0x10) ? "/videos" : "";
    options.num_frames = 1 + ((mode >> 1) & 0x7);
    if (mode & 0x20)
        options.max_depth = 4;
    if (mode & 0x40)
        options.max_string_bytes = 16;
    const std::string name = (mode & 1) ? "dfew.jsonl" : "dfew.json";
    const std::string path = facellava::fuzz::write_input(name, data + 1, size - 1);

    const ReadResult result = read_face_instruct_file(path, options);
    FUZZ_CHECK(int64_t(result.samples.size()) <= result.entries);
    for (const DataIssue& issue : result.issues) {
        FUZZ_CHECK(issue.index >= -1);
        FUZZ_CHECK(!issue.problem.empty());
    }
    for (const SampleRecord& sample : result.samples) {
        FUZZ_CHECK(!sample.task.empty());
        FUZZ_CHECK(sample.turns.size() >= 2);
        FUZZ_CHECK(sample.turns.front().from_human && !sample.turns.back().from_human);
        int64_t images = 0;
        for (size_t i = 0; i < sample.turns.size(); ++i) {
            FUZZ_CHECK(sample.turns[i].from_human == (i % 2 == 0));
            images += count_of(sample.turns[i].text, "<image>");
            FUZZ_CHECK(count_of(sample.turns[i].text, "<video>") == 0);
        }
        FUZZ_CHECK(images == sample.visual_segments(options.num_frames));
        FUZZ_CHECK((sample.media == SampleMedia::None) == sample.media_paths.empty());
        if (sample.has_landmarks())
            FUZZ_CHECK(sample.landmark_paths.size() ==
                       (sample.media == SampleMedia::Image ? sample.media_paths.size() : 1));
    }
    return 0;
}
