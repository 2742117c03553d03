// Reader for FaceInstruct-format data files (FACELLAVA_SPEC §7): a JSON list
// of samples (.json) or one sample per line (.jsonl). Structural problems of
// an entry (wrong types, roles out of order, empty answers, placeholder counts
// that do not match the media) are reported with file + index and the entry is
// left out; the caller decides whether that is fatal.
//
// Large files stream: each list entry is converted and dropped as soon as it
// is parsed, so memory holds the compact records, not the JSON tree. Limits on
// file size, nesting depth and string length keep a corrupt or hostile file
// from exhausting memory.
//
// Torch-free and public: the workbench's data preview reads with it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "facellava/training/sample_record.h"
#include "facellava/training/training.h"

namespace facellava::training {

struct ReaderOptions {
    std::string image_root;
    std::string video_root;
    int64_t num_frames = 8;                   // `<video>` → this many `<image>` placeholders
    std::string video_frame_separator = " ";  // between those placeholders
    int max_depth = 32;
    int64_t max_string_bytes = 1 << 20;
    int64_t max_file_bytes = int64_t(8) << 30;
};

struct ReadResult {
    std::vector<SampleRecord> samples;
    std::vector<DataIssue> issues;
    int64_t entries = 0;  // entries seen, bad ones included
};

// Never throws for bad content (it becomes an issue with index -1 for the
// whole file, e.g. a missing file or a syntax error, or the entry's index).
ReadResult read_face_instruct_file(const std::string& path, const ReaderOptions& options);

// The task a file's samples belong to when they carry no "task" field: the
// file name without folder and extension ("json_files/dfew.json" → "dfew").
std::string task_from_file_name(const std::string& path);

// Image files of a frame folder in natural order (frame_2 before frame_10).
std::vector<std::string> list_frame_files(const std::string& dir);

}  // namespace facellava::training
