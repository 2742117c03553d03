#include "job_folder.h"

#include <filesystem>
#include <system_error>

#include "batch_metadata.h"
#include "facellava/core/atomic_file.h"
#include "facellava/core/error.h"
#include "facellava/core/json_text.h"
#include "facellava/core/paths.h"
#include "facellava/core/sha256.h"

namespace facellava::pipeline {
namespace fs = std::filesystem;
namespace {

// What a file read back holds for `name`: names need not be UTF-8, so the
// written JSON may carry U+FFFD where the name has other bytes (json_text.h).
std::string as_written(const std::string& name) {
    return nlohmann::json::parse(json_text(nlohmann::json(name))).get<std::string>();
}

MediaKind kind_from_name(const std::string& name) {
    if (name == "image")
        return MediaKind::Image;
    if (name == "video")
        return MediaKind::Video;
    return MediaKind::Unknown;
}

bool is_part_file(const fs::path& path) {
    const std::string name = path.filename().string();
    const auto ends_with = [&](const std::string& suffix) {
        return name.size() >= suffix.size() &&
               name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    return ends_with(".csv") || ends_with(".json") || ends_with(".tmp");
}

}  // namespace

JobFolder::JobFolder(const std::string& output_dir)
    : dir_(output_dir),
      parts_(output_dir + "/parts"),
      lock_(output_dir, "parts/.lock",
            "another facellava batch run is writing to this output folder",
            "wait for it to finish, or choose another output folder") {
    std::error_code ec;
    // Half-written files of a run that was killed: only this run may write
    // here now, so none of them is in use.
    for (const auto& entry : fs::directory_iterator(parts_, ec))
        if (entry.path().extension() == ".tmp")
            fs::remove(entry.path(), ec);
    for (const char* merged : {"/faces.csv", "/errors.csv", "/metadata.json"})
        remove_stale_temporaries(dir_ + merged);
}

JobFolder::~JobFolder() = default;

void JobFolder::claim(const nlohmann::ordered_json& identity, bool restart) {
    const std::string job_path = parts_ + "/job.json";
    if (!restart && is_readable_file(job_path)) {
        nlohmann::json previous;
        try {
            previous = nlohmann::json::parse(read_file(job_path));
        } catch (const nlohmann::json::exception&) {
            previous = nullptr;  // unreadable: start over below
        }
        const nlohmann::json now = nlohmann::json::parse(json_text(identity, 2));
        if (!previous.is_null()) {
            const std::string differs = first_difference(now, previous);
            if (differs.empty())
                return;  // the same job: resume
            std::string pointer = "/" + differs;
            for (char& c : pointer)
                c = c == '.' ? '/' : c;
            const auto value_in = [&](const nlohmann::json& json) {
                const nlohmann::json::json_pointer at(differs == "(all)" ? "" : pointer);
                return json.contains(at) ? json_text(json.at(at)) : std::string("absent");
            };
            throw Error("the output folder holds the results of another job (" + differs + " was " +
                            value_in(previous) + ", now " + value_in(now) + ")",
                        dir_,
                        "choose a new output folder, or restart the job there (--restart), which "
                        "discards those results");
        }
    }
    // A new job: no part of another may survive into its results.
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(parts_, ec))
        if (entry.is_regular_file(ec) && is_part_file(entry.path()))
            fs::remove(entry.path(), ec);
    remove_merged_outputs();
    fs::remove(metadata_json(), ec);
    write_file_atomically(job_path, json_text(identity, 2) + "\n");
}

void JobFolder::remove_merged_outputs() {
    std::error_code ec;
    fs::remove(faces_csv(), ec);
    fs::remove(errors_csv(), ec);
}

std::string JobFolder::part_base(const InputFile& input) const {
    return parts_ + "/" + sha256_hex(input.relative.data(), input.relative.size()).substr(0, 16);
}

std::string JobFolder::part_csv(const InputFile& input) const {
    return part_base(input) + ".csv";
}

std::optional<PartRecord> JobFolder::finished_part(const InputFile& input) const {
    const std::string marker = part_base(input) + ".json";
    if (!is_readable_file(marker))
        return std::nullopt;
    try {
        const auto json = nlohmann::json::parse(read_file(marker));
        std::error_code ec;
        const auto csv_bytes = fs::file_size(part_csv(input), ec);
        if (ec || json.at("input").get<std::string>() != as_written(input.relative) ||
            json.at("size").get<uint64_t>() != input.size ||
            json.at("mtime_ns").get<int64_t>() != input.mtime_ns ||
            json.at("csv_bytes").get<uint64_t>() != uint64_t(csv_bytes))
            return std::nullopt;
        PartRecord record;
        record.rows = json.at("rows").get<int64_t>();
        MediaSummary& s = record.summary;
        s.kind = kind_from_name(json.at("kind").get<std::string>());
        s.width = json.at("width").get<int>();
        s.height = json.at("height").get<int>();
        s.fps = json.at("fps").get<double>();
        s.frame_count = json.at("frame_count").get<int64_t>();
        s.duration_s = json.at("duration_s").get<double>();
        s.frames_analysed = json.at("frames_analysed").get<int64_t>();
        s.faces = json.at("faces").get<int64_t>();
        s.face_ids = json.at("face_ids").get<int>();
        s.warning = json.at("warning").get<std::string>();
        s.seconds = json.at("seconds").get<double>();
        return record;
    } catch (const std::exception&) {
        return std::nullopt;  // damaged or of an older layout: analyse again
    }
}

void JobFolder::mark_finished(const InputFile& input, const PartRecord& record) const {
    std::error_code ec;
    const auto csv_bytes = fs::file_size(part_csv(input), ec);
    if (ec)
        throw Error("the finished part file is missing", part_csv(input),
                    "rerun the job; check that nothing else writes to the output folder");
    const MediaSummary& s = record.summary;
    nlohmann::ordered_json json;
    json["input"] = input.relative;
    json["size"] = input.size;
    json["mtime_ns"] = input.mtime_ns;
    json["csv_bytes"] = uint64_t(csv_bytes);
    json["rows"] = record.rows;
    json["kind"] = media_kind_name(s.kind);
    json["width"] = s.width;
    json["height"] = s.height;
    json["fps"] = s.fps;
    json["frame_count"] = s.frame_count;
    json["duration_s"] = s.duration_s;
    json["frames_analysed"] = s.frames_analysed;
    json["faces"] = s.faces;
    json["face_ids"] = s.face_ids;
    json["warning"] = s.warning;
    json["seconds"] = s.seconds;
    write_file_atomically(part_base(input) + ".json", json_text(json, 2) + "\n");
}

}  // namespace facellava::pipeline
