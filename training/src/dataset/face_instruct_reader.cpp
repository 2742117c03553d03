#include "facellava/training/face_instruct_reader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "facellava/core/error.h"
#include "facellava/core/paths.h"

namespace facellava::training {
namespace fs = std::filesystem;
namespace {

using Json = nlohmann::json;

constexpr const char* kImagePlaceholder = "<image>";
constexpr const char* kVideoPlaceholder = "<video>";
constexpr const char* kEndOfTurn = "</s>";

// What is wrong with one entry; becomes a DataIssue.
struct EntryProblem : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The limits are enforced while parsing, before a deeper level or a longer
// string can be built on.
struct LimitExceeded : std::runtime_error {
    using std::runtime_error::runtime_error;
};

int64_t count_of(const std::string& text, const std::string& needle) {
    int64_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos;
         at = text.find(needle, at + needle.size()))
        ++n;
    return n;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

bool blank(const std::string& text) {
    return std::all_of(text.begin(), text.end(),
                       [](unsigned char c) { return std::isspace(c) != 0; });
}

std::vector<std::string> string_or_list(const Json& value, const char* key) {
    if (value.is_string())
        return {value.get<std::string>()};
    if (value.is_array()) {
        std::vector<std::string> out;
        for (const auto& item : value) {
            if (!item.is_string() || item.get<std::string>().empty()) {
                throw EntryProblem(std::string("\"") + key +
                                   "\" must be a path or a list of paths");
            }
            out.push_back(item.get<std::string>());
        }
        if (out.empty())
            throw EntryProblem(std::string("\"") + key + "\" is an empty list");
        return out;
    }
    throw EntryProblem(std::string("\"") + key + "\" must be a path or a list of paths, got " +
                       value.dump());
}

// A media or landmark path of the entry under its root folder. Absolute
// paths, ".." and symlinks leading out of the root are refused: a data file
// must not make training read files it was not given.
std::string resolve(const std::string& root, const std::string& path, const char* key) {
    std::string resolved;
    const std::string problem = path_escape_problem(root, path, &resolved);
    if (!problem.empty())
        throw EntryProblem(std::string("\"") + key + "\": " + problem);
    return resolved;
}

SampleRecord entry_to_record(const Json& entry, const std::string& file, int64_t index,
                             const ReaderOptions& opt) {
    if (!entry.is_object())
        throw EntryProblem("entry is not a JSON object");
    SampleRecord r;
    r.file = file;
    r.index = index;
    r.task = task_from_file_name(file);
    if (entry.contains("task")) {
        if (!entry["task"].is_string() || entry["task"].get<std::string>().empty()) {
            throw EntryProblem("\"task\" must be a non-empty string");
        }
        r.task = entry["task"].get<std::string>();
    }

    const bool has_image = entry.contains("image") && !entry["image"].is_null();
    const bool has_video = entry.contains("video") && !entry["video"].is_null();
    if (has_image && has_video)
        throw EntryProblem("has both \"image\" and \"video\"; one sample holds one kind of media");
    std::string root;
    if (has_image) {
        r.media = SampleMedia::Image;
        root = opt.image_root;
        for (const auto& p : string_or_list(entry["image"], "image"))
            r.media_paths.push_back(resolve(root, p, "image"));
    } else if (has_video) {
        r.media = SampleMedia::Video;
        root = opt.video_root;
        const auto videos = string_or_list(entry["video"], "video");
        if (videos.size() != 1)
            throw EntryProblem("lists " + std::to_string(videos.size()) +
                               " videos; one per sample is supported");
        r.media_paths.push_back(resolve(root, videos.front(), "video"));
    }
    if (entry.contains("landmarks_2d") && !entry["landmarks_2d"].is_null()) {
        if (r.media == SampleMedia::None)
            throw EntryProblem("has \"landmarks_2d\" but no image or video");
        // The authors' loader resolves landmark paths against the media folder.
        for (const auto& p : string_or_list(entry["landmarks_2d"], "landmarks_2d")) {
            r.landmark_paths.push_back(resolve(root, p, "landmarks_2d"));
        }
        const size_t expected = r.media == SampleMedia::Image ? r.media_paths.size() : 1;
        if (r.landmark_paths.size() != expected) {
            throw EntryProblem("has " + std::to_string(r.landmark_paths.size()) +
                               " landmarks_2d files for " + std::to_string(expected) +
                               (r.media == SampleMedia::Image ? " image(s)" : " video"));
        }
    }

    if (!entry.contains("conversations") || !entry["conversations"].is_array()) {
        throw EntryProblem("\"conversations\" is missing or not a list");
    }
    std::vector<SampleTurn> turns;
    int64_t turn_index = 0;
    for (const auto& turn : entry["conversations"]) {
        ++turn_index;
        const std::string where = "turn " + std::to_string(turn_index);
        if (!turn.is_object() || !turn.contains("from") || !turn["from"].is_string() ||
            !turn.contains("value") || !turn["value"].is_string()) {
            throw EntryProblem(where + " needs string fields \"from\" and \"value\"");
        }
        const std::string from = turn["from"].get<std::string>();
        if (from != "human" && from != "gpt")
            throw EntryProblem(where + ": \"from\" is '" + from + "', expected human or gpt");
        const bool human = from == "human";
        // LLaVA's preprocessing drops a leading assistant turn; so do we.
        if (turns.empty() && !human)
            continue;
        if (!turns.empty() && turns.back().from_human == human) {
            throw EntryProblem(where + ": two " + from +
                               " turns in a row; turns must alternate human / gpt");
        }
        std::string text = turn["value"].get<std::string>();
        if (text.find(kEndOfTurn) != std::string::npos) {
            throw EntryProblem(
                where +
                " contains \"</s>\", which the prompt format reserves for the end of an answer");
        }
        if (!human) {
            if (blank(text))
                throw EntryProblem(where + ": empty answer");
            if (count_of(text, kImagePlaceholder) + count_of(text, kVideoPlaceholder) > 0) {
                throw EntryProblem(where + ": an answer must not contain <image> or <video>");
            }
        }
        turns.push_back({human, std::move(text)});
    }
    if (turns.empty())
        throw EntryProblem("no human turn in \"conversations\"");
    if (turns.back().from_human)
        throw EntryProblem(
            "the conversation ends with a human turn; the last turn must be an answer");

    int64_t images = 0, videos = 0;
    for (const auto& t : turns) {
        images += count_of(t.text, kImagePlaceholder);
        videos += count_of(t.text, kVideoPlaceholder);
    }
    if (r.media == SampleMedia::Image && (images != int64_t(r.media_paths.size()) || videos != 0)) {
        throw EntryProblem("the text has " + std::to_string(images) + " <image> and " +
                           std::to_string(videos) + " <video> placeholders for " +
                           std::to_string(r.media_paths.size()) + " image(s)");
    }
    if (r.media == SampleMedia::Video && (videos != 1 || images != 0)) {
        throw EntryProblem(
            "a video sample needs exactly one <video> placeholder and no <image> (has " +
            std::to_string(videos) + " and " + std::to_string(images) + ")");
    }
    if (r.media == SampleMedia::None && images + videos != 0) {
        throw EntryProblem(
            "the text has <image>/<video> placeholders but the entry names no media");
    }
    if (r.media == SampleMedia::Video) {
        std::string frames = kImagePlaceholder;
        for (int64_t i = 1; i < opt.num_frames; ++i)
            frames += opt.video_frame_separator + kImagePlaceholder;
        for (auto& t : turns)
            t.text = replace_all(t.text, kVideoPlaceholder, frames);
    }
    for (const auto& t : turns)
        r.text_bytes += int64_t(t.text.size());
    r.turns = std::move(turns);
    return r;
}

void add_entry(ReadResult& result, const Json& entry, const std::string& file, int64_t index,
               const ReaderOptions& opt) {
    ++result.entries;
    try {
        result.samples.push_back(entry_to_record(entry, file, index, opt));
    } catch (const EntryProblem& e) {
        result.issues.push_back({file, index, e.what()});
    }
}

// Parser callback enforcing the limits; `on_entry` receives each finished
// top-level list element (depth 1) which is then dropped from the tree.
template <typename OnEntry>
auto limited_callback(const ReaderOptions& opt, bool top_level_list, OnEntry on_entry) {
    return [&opt, top_level_list, on_entry](int depth, Json::parse_event_t event,
                                            Json& parsed) mutable {
        using E = Json::parse_event_t;
        if ((event == E::object_start || event == E::array_start) && depth >= opt.max_depth) {
            throw LimitExceeded("nesting deeper than " + std::to_string(opt.max_depth) + " levels");
        }
        if ((event == E::value || event == E::key) && parsed.is_string() &&
            int64_t(parsed.get_ref<const std::string&>().size()) > opt.max_string_bytes) {
            throw LimitExceeded("a string longer than " + std::to_string(opt.max_string_bytes) +
                                " bytes");
        }
        if (top_level_list && depth == 1 &&
            (event == E::object_end || event == E::array_end || event == E::value)) {
            on_entry(parsed);
            return false;  // drop it: the record holds what we need
        }
        return true;
    };
}

void read_json_list(ReadResult& result, const std::string& text, const std::string& file,
                    const ReaderOptions& opt) {
    // The first non-blank byte says whether this is a list of samples.
    const size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos || text[first] != '[') {
        result.issues.push_back(
            {file, -1, "a FaceInstruct .json file must hold a JSON list of samples"});
        return;
    }
    int64_t index = 0;
    try {
        auto callback = limited_callback(
            opt, true, [&](const Json& entry) { add_entry(result, entry, file, index++, opt); });
        // The entries went to `result` through the callback; what is left is an empty list.
        const Json rest = Json::parse(text, callback);
        (void)rest;
    } catch (const LimitExceeded& e) {
        result.issues.push_back({file, index,
                                 std::string("JSON limit exceeded: ") + e.what() +
                                     " (entries after this one were not read)"});
    } catch (const nlohmann::json::exception& e) {
        result.issues.push_back({file, index,
                                 std::string("JSON syntax error: ") + e.what() +
                                     " (entries after this one were not read)"});
    }
}

void read_json_lines(ReadResult& result, const std::string& text, const std::string& file,
                     const ReaderOptions& opt) {
    std::istringstream in(text);
    std::string line;
    for (int64_t index = 0; std::getline(in, line); ++index) {
        if (blank(line))
            continue;
        try {
            auto callback = limited_callback(opt, false, [](const Json&) {});
            const Json entry = Json::parse(line, callback);
            add_entry(result, entry, file, index, opt);
        } catch (const LimitExceeded& e) {
            ++result.entries;
            result.issues.push_back({file, index, std::string("JSON limit exceeded: ") + e.what()});
        } catch (const nlohmann::json::exception& e) {
            ++result.entries;
            result.issues.push_back({file, index, std::string("malformed JSON line: ") + e.what()});
        }
    }
}

bool natural_less(const std::string& a, const std::string& b) {
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (std::isdigit(static_cast<unsigned char>(a[i])) &&
            std::isdigit(static_cast<unsigned char>(b[j]))) {
            size_t ie = i, je = j;
            while (ie < a.size() && std::isdigit(static_cast<unsigned char>(a[ie])))
                ++ie;
            while (je < b.size() && std::isdigit(static_cast<unsigned char>(b[je])))
                ++je;
            // Compare digit runs by value: strip leading zeros, then length, then text.
            size_t ia = i, jb = j;
            while (ia + 1 < ie && a[ia] == '0')
                ++ia;
            while (jb + 1 < je && b[jb] == '0')
                ++jb;
            if (ie - ia != je - jb)
                return ie - ia < je - jb;
            const int c = a.compare(ia, ie - ia, b, jb, je - jb);
            if (c != 0)
                return c < 0;
            i = ie;
            j = je;
        } else {
            if (a[i] != b[j])
                return a[i] < b[j];
            ++i;
            ++j;
        }
    }
    return a.size() - i < b.size() - j;
}

}  // namespace

std::string task_from_file_name(const std::string& path) {
    return fs::path(path).stem().string();
}

std::vector<std::string> list_frame_files(const std::string& dir) {
    static const char* kExtensions[] = {".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"};
    std::vector<std::string> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (!entry.is_regular_file())
            continue;
        std::string ext = entry.path().extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(),
                       [](unsigned char c) { return char(std::tolower(c)); });
        if (std::find(std::begin(kExtensions), std::end(kExtensions), ext) !=
            std::end(kExtensions)) {
            files.push_back(entry.path().string());
        }
    }
    std::sort(files.begin(), files.end(), natural_less);
    return files;
}

ReadResult read_face_instruct_file(const std::string& path, const ReaderOptions& options) {
    ReadResult result;
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec) {
        result.issues.push_back({path, -1, "cannot read the data file: " + ec.message()});
        return result;
    }
    if (int64_t(size) > options.max_file_bytes) {
        result.issues.push_back({path, -1,
                                 "the data file is " + std::to_string(size) +
                                     " bytes, over the limit of " +
                                     std::to_string(options.max_file_bytes) +
                                     " (data.json_max_file_bytes); split it or raise the limit"});
        return result;
    }
    std::ifstream in(path, std::ios::binary);
    std::string text(size, '\0');
    if (!in.read(text.data(), std::streamsize(size))) {
        result.issues.push_back({path, -1, "cannot read the data file"});
        return result;
    }
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    if (ext == ".jsonl") {
        read_json_lines(result, text, path, options);
    } else {
        read_json_list(result, text, path, options);
    }
    return result;
}

}  // namespace facellava::training
