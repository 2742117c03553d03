#include "facellava/pipeline/inputs.h"

#include <fnmatch.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iterator>
#include <string_view>
#include <system_error>

#include "facellava/core/error.h"
#include "facellava/core/media.h"

namespace facellava::pipeline {
namespace fs = std::filesystem;
namespace {

// Named like a format we decode. Other files are probed by content, so MPEG-TS
// ".ts" (also TypeScript's extension) is found that way rather than by name.
constexpr std::string_view kImageExtensions[] = {".jpg",  ".jpeg", ".png", ".bmp",
                                                 ".webp", ".tif",  ".tiff"};
constexpr std::string_view kVideoExtensions[] = {".mp4", ".m4v",  ".mov", ".avi",  ".mkv", ".webm",
                                                 ".mpg", ".mpeg", ".mts", ".m2ts", ".wmv", ".flv",
                                                 ".3gp", ".ogv",  ".gif", ".mxf"};

std::string lower_extension(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

template <size_t N>
bool contains(const std::string_view (&list)[N], const std::string& ext) {
    return std::find(std::begin(list), std::end(list), ext) != std::end(list);
}

bool matches_globs(const std::string& relative, const std::string& name,
                   const std::vector<std::string>& globs) {
    if (globs.empty())
        return true;
    for (const auto& glob : globs) {
        const bool with_folder = glob.find('/') != std::string::npos;
        const std::string& subject = with_folder ? relative : name;
        if (fnmatch(glob.c_str(), subject.c_str(),
                    FNM_CASEFOLD | (with_folder ? FNM_PATHNAME : 0)) == 0)
            return true;
    }
    return false;
}

bool is_input(const fs::path& path) {
    if (has_media_extension(path.string()))
        return true;
    try {
        return probe_media_kind(path.string()) != MediaKind::Unknown;
    } catch (const Error&) {
        return false;  // unreadable and not named like media: not ours
    }
}

InputFile make_input(const fs::directory_entry& entry, std::string relative) {
    InputFile file;
    file.path = entry.path().string();
    file.relative = std::move(relative);
    // stat(), not filesystem::last_write_time: its clock has no fixed epoch.
    struct stat info {};
    if (::stat(file.path.c_str(), &info) == 0) {
        file.size = uint64_t(info.st_size);
        file.mtime_ns =
            int64_t(info.st_mtim.tv_sec) * 1'000'000'000 + int64_t(info.st_mtim.tv_nsec);
    }
    return file;
}

bool same_folder(const fs::path& a, const fs::path& b) {
    std::error_code ec;
    return fs::equivalent(a, b, ec);
}

}  // namespace

bool has_image_extension(const std::string& path) {
    return contains(kImageExtensions, lower_extension(path));
}

bool has_media_extension(const std::string& path) {
    const std::string ext = lower_extension(path);
    return contains(kImageExtensions, ext) || contains(kVideoExtensions, ext);
}

std::vector<InputFile> discover_inputs(const std::string& root, const DiscoveryOptions& options) {
    std::error_code ec;
    const fs::directory_entry root_entry(root, ec);
    if (ec || !root_entry.exists())
        throw Error("input not found", root, "check the path");
    std::vector<InputFile> inputs;
    if (!root_entry.is_directory()) {
        // A single file is analysed whatever its name: the user asked for it.
        inputs.push_back(make_input(root_entry, fs::path(root).filename().string()));
        return inputs;
    }

    const auto dir_options = fs::directory_options::skip_permission_denied;
    fs::recursive_directory_iterator it(root, dir_options, ec);
    if (ec)
        throw Error("cannot list the folder (" + ec.message() + ")", root,
                    "check that it exists and that you may read it");
    for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
        if (ec)
            throw Error("cannot list the folder (" + ec.message() + ")", root,
                        "check the permissions of the folders below it");
        const fs::directory_entry& entry = *it;
        const std::string name = entry.path().filename().string();
        const bool hidden = !name.empty() && name[0] == '.';
        if (entry.is_directory(ec)) {
            const bool excluded =
                std::any_of(options.exclude_dirs.begin(), options.exclude_dirs.end(),
                            [&](const std::string& dir) { return same_folder(entry.path(), dir); });
            if (!options.recursive || excluded || (hidden && !options.include_hidden))
                it.disable_recursion_pending();
            continue;
        }
        if ((hidden && !options.include_hidden) || !entry.is_regular_file(ec))
            continue;
        const std::string relative = entry.path().lexically_relative(root).generic_string();
        if (!matches_globs(relative, name, options.globs) || !is_input(entry.path()))
            continue;
        inputs.push_back(make_input(entry, relative));
    }
    std::sort(inputs.begin(), inputs.end(),
              [](const InputFile& a, const InputFile& b) { return a.relative < b.relative; });
    return inputs;
}

}  // namespace facellava::pipeline
