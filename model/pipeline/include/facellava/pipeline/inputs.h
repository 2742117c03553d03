// Which files of a folder a batch job analyses, in a stable order.
//
// A file is an input when its extension names an image or video format we
// read, or when its content is one (probe_media_kind), so "clip" without an
// extension is found and notes.txt is not. A file with a media extension whose
// content is no media stays an input: the analysis reports it in errors.csv,
// which is what a user with a broken "photo.png" wants to see.
//
// Thread-safety: reentrant.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace facellava::pipeline {

struct DiscoveryOptions {
    bool recursive =
        false;  // descend into sub-folders (symbolic links to folders are not followed)
    // Shell patterns (fnmatch, case-insensitive) a file must match, any of them;
    // empty: every file. A pattern with '/' is matched against the path below
    // the root ("day1/*.mp4"), one without against the file name ("*.mp4").
    std::vector<std::string> globs;
    // Folders never entered, e.g. the job's output folder when it lies inside
    // the input folder (its CSVs must not become inputs of the next run).
    std::vector<std::string> exclude_dirs;
    bool include_hidden = false;  // names starting with '.' (.DS_Store, .git, …)
};

struct InputFile {
    std::string path;      // as found (root + relative)
    std::string relative;  // below the root, '/'-separated: the CSV's `input` column
                           // and the resume key
    uint64_t size = 0;     // bytes and modification time when discovered:
    int64_t mtime_ns = 0;  // (ns since 1970) a finished result is reused only while both match
};

// The inputs under `root`, sorted by `relative` (byte order). `root` may also
// be a single file (then `relative` is its name). Throws facellava::Error when
// root does not exist or cannot be listed.
std::vector<InputFile> discover_inputs(const std::string& root, const DiscoveryOptions& options);

// True for extensions of formats we decode (".jpg", ".MP4", …), and of those
// the still-image ones (".jpg", ".PNG", …).
bool has_media_extension(const std::string& path);
bool has_image_extension(const std::string& path);

}  // namespace facellava::pipeline
