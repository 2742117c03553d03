#include "facellava/pipeline/batch_merge.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <queue>
#include <unordered_map>

#include "batch_metadata.h"
#include "facellava/core/atomic_file.h"
#include "facellava/core/csv.h"
#include "facellava/core/error.h"
#include "facellava/core/json_text.h"
#include "facellava/core/paths.h"
#include "facellava/core/sha256.h"
#include "facellava/pipeline/shard.h"

namespace facellava::pipeline {
namespace fs = std::filesystem;
namespace {

using Json = nlohmann::ordered_json;

// One shard's output folder and what its metadata.json says it took.
struct Shard {
    std::string folder;  // absolute, symbolic links resolved
    std::string metadata_path;
    std::string faces_path;
    std::string errors_path;
    Json meta;
    int index = 0;
    int count = 0;
    std::vector<std::string> inputs;  // metadata.json "shard.inputs"

    std::string name() const {
        return "shard " + std::to_string(index) + "/" + std::to_string(count);
    }
    // What to do about a shard whose files do not add up.
    std::string rerun_hint() const {
        return "rerun this shard's `facellava batch --shard " + std::to_string(index) + "/" +
               std::to_string(count) +
               "` command into its folder: it resumes and rewrites faces.csv, errors.csv and "
               "metadata.json from its parts (add --restart to analyse everything again)";
    }
};

// What the merge knows of one input of the job.
struct InputState {
    const Shard* shard = nullptr;
    bool failed = false;
    bool has_result = false;  // its shard's metadata.json "files" has an entry
    bool rows_seen = false;   // its rows were read from faces.csv
    int64_t rows = 0;         // as metadata.json counts them
};

std::string absolute_folder(const std::string& path, bool file_means_its_folder) {
    std::error_code ec;
    fs::path p = fs::absolute(path, ec);
    if (file_means_its_folder && fs::is_regular_file(p, ec))
        p = p.parent_path();
    const fs::path canonical = fs::weakly_canonical(p, ec);
    std::string folder = (ec ? p.lexically_normal() : canonical).string();
    while (folder.size() > 1 && folder.back() == '/')
        folder.pop_back();
    return folder;
}

Shard load_shard(const std::string& given) {
    Shard shard;
    shard.folder = absolute_folder(given, true);
    shard.metadata_path = shard.folder + "/metadata.json";
    shard.faces_path = shard.folder + "/faces.csv";
    shard.errors_path = shard.folder + "/errors.csv";
    const std::string not_a_shard =
        "give the output folders of `facellava batch --shard K/N` runs (one per K)";
    if (!is_readable_file(shard.metadata_path))
        throw Error("no metadata.json: not the output folder of a batch run", shard.metadata_path,
                    not_a_shard);
    try {
        shard.meta = Json::parse(read_file(shard.metadata_path));
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("metadata.json is not valid JSON (") + e.what() + ")",
                    shard.metadata_path, "rerun the shard's batch command: it rewrites the file");
    }
    try {
        const Json& meta = shard.meta;
        if (meta.value("format", std::string()) != "facellava-batch/1")
            throw Error("not the metadata.json of a facellava batch run", shard.metadata_path,
                        not_a_shard);
        if (meta.contains("merged_from"))
            throw Error("this folder holds the result of a merge, not a shard", shard.metadata_path,
                        not_a_shard);
        if (meta.at("shard").is_null())
            throw Error("this batch run was not sharded (run without --shard)", shard.metadata_path,
                        "its folder already holds the whole result; " + not_a_shard);
        const Json& split = meta.at("shard");
        shard.index = split.at("index").get<int>();
        shard.count = split.at("count").get<int>();
        const std::string hash = split.at("hash").get<std::string>();
        if (hash != kShardHashRule)
            throw Error(shard.name() + " was split by the hash rule '" + hash +
                            "', this version splits by '" + kShardHashRule + "'",
                        shard.metadata_path, "run every shard with the same facellava version");
        if (shard.count < 1 || shard.index < 1 || shard.index > shard.count)
            throw Error("metadata.json names shard " + shard.name() + ", which cannot be",
                        shard.metadata_path, shard.rerun_hint());
        const std::string status = meta.at("status").get<std::string>();
        if (status != "complete")
            throw Error(shard.name() + " did not finish (status \"" + status + "\")",
                        shard.metadata_path, shard.rerun_hint());
        shard.inputs = split.at("inputs").get<std::vector<std::string>>();
        for (const char* key : {"inputs_found", "inputs_found_sha256", "rule"})
            split.at(key);
        for (const char* key : {"input", "settings", "discovery", "threads", "models", "device",
                                "versions", "columns", "files"})
            meta.at(key);
        // What the merged metadata.json adds up (merged_metadata).
        for (const char* key : {"started", "finished"})
            meta.at("timings").at(key).get<std::string>();
        for (const char* key : {"wall_s", "model_load_s", "image_seconds", "video_seconds"})
            meta.at("timings").at(key).get<double>();
        for (const char* key : {"images_analysed", "video_frames_analysed"})
            meta.at("timings").at(key).get<int64_t>();
        for (const char* key : {"inputs", "analysed", "resumed", "failed", "rows", "faces"})
            meta.at("counts").at(key).get<int64_t>();
        for (const auto& model : meta.at("models"))
            model.at("role");
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("metadata.json lacks a field merge needs (") + e.what() + ")",
                    shard.metadata_path,
                    "it was edited or written by another facellava version: rerun the shard's "
                    "batch command");
    }
    for (const std::string* file : {&shard.faces_path, &shard.errors_path})
        if (!is_readable_file(*file))
            throw Error(shard.name() + " has no " + fs::path(*file).filename().string(), *file,
                        shard.rerun_hint());
    return shard;
}

// The model files as the merge compares them: role and sha256 (paths may
// differ from machine to machine).
Json model_digests(const Json& meta) {
    Json out = Json::array();
    for (const auto& model : meta.at("models"))
        out.push_back({model.at("role"), model.value("sha256", Json())});
    return out;
}

// Throws unless `shard` is of the same job as `first`.
void check_same_job(const Shard& first, const Shard& shard) {
    const std::string other =
        "merge only the shards of one `facellava batch` command (same input folder, options and "
        "models, all N)";
    if (shard.count != first.count)
        throw Error(shard.name() + " is one of " + std::to_string(shard.count) + " shards, " +
                        first.name() + " [" + first.folder + "] one of " +
                        std::to_string(first.count),
                    shard.metadata_path, other);
    const auto differs = [&](const std::string& key, const Json& a, const Json& b,
                             const std::string& hint) {
        const std::string where = first_difference(nlohmann::json(a), nlohmann::json(b), key);
        if (where.empty())
            return;
        throw Error(shard.name() + " is not of the same job as " + first.name() + " [" +
                        first.folder + "]: they differ in " + where,
                    shard.metadata_path, hint);
    };
    differs("input", first.meta.at("input"), shard.meta.at("input"), other);
    differs("shard.inputs_found", first.meta.at("shard").at("inputs_found"),
            shard.meta.at("shard").at("inputs_found"),
            "the input folder changed while the shards ran (files added or removed): rerun every "
            "shard's batch command; each resumes and analyses only what is new");
    differs("shard.inputs_found_sha256", first.meta.at("shard").at("inputs_found_sha256"),
            shard.meta.at("shard").at("inputs_found_sha256"),
            "the input folder changed while the shards ran (files renamed, added or removed): "
            "rerun every shard's batch command; each resumes and analyses only what is new");
    differs("settings", first.meta.at("settings"), shard.meta.at("settings"), other);
    differs("discovery", first.meta.at("discovery"), shard.meta.at("discovery"), other);
    differs("columns", first.meta.at("columns"), shard.meta.at("columns"), other);
    differs("models", model_digests(first.meta), model_digests(shard.meta),
            "the shards ran with different model files: " + other);
}

// faces.csv of one shard, read input by input, each record with its bytes as
// written (a quoted field may hold line breaks), so the merged file holds the
// same bytes.
struct FacesStream {
    const Shard* shard = nullptr;
    std::unique_ptr<CsvReader> reader;
    CsvRecord current;
    std::string record;  // the current record, '\n'-terminated; "" at the end
    std::string input;   // its last column
    std::string previous_input;

    bool advance() {
        if (!reader->next(current)) {
            record.clear();
            return false;
        }
        record = std::move(current.raw);
        if (record.back() != '\n')
            record.push_back('\n');  // the last line had no line end
        input = current.fields.back();
        return true;
    }
};

// Streams every shard's faces.csv into `out` in input order, checking each
// input's rows against its shard's metadata.json. Returns the rows written.
int64_t merge_faces(const std::vector<Shard>& shards,
                    std::unordered_map<std::string, InputState>& states, AtomicFileWriter& out) {
    std::string header;
    for (const auto& column : shards.front().meta.at("columns")) {
        if (!header.empty())
            header.push_back(',');
        header += column.get<std::string>();
    }
    header.push_back('\n');
    out.write(header);

    std::vector<FacesStream> streams(shards.size());
    // Min-heap of (current input, stream): inputs come out in byte order.
    using Head = std::pair<std::string, size_t>;
    std::priority_queue<Head, std::vector<Head>, std::greater<Head>> heads;
    for (size_t i = 0; i < shards.size(); ++i) {
        FacesStream& stream = streams[i];
        stream.shard = &shards[i];
        CsvReadOptions options;
        options.keep_raw = true;
        stream.reader = std::make_unique<CsvReader>(shards[i].faces_path, options);
        if (!stream.advance() || stream.record != header)
            throw Error(
                "faces.csv does not start with the header of the columns its "
                "metadata.json lists",
                shards[i].faces_path, shards[i].rerun_hint());
        if (stream.advance())
            heads.push({stream.input, i});
    }
    int64_t written = 0;
    while (!heads.empty()) {
        const size_t i = heads.top().second;
        heads.pop();
        FacesStream& stream = streams[i];
        const Shard& shard = *stream.shard;
        const std::string input = stream.input;
        const auto state = states.find(input);
        if (state == states.end() || state->second.shard != &shard)
            throw Error("faces.csv has rows of '" + input + "', which is not one of " +
                            shard.name() + "'s inputs",
                        shard.faces_path, shard.rerun_hint());
        if (state->second.rows_seen || input < stream.previous_input)
            throw Error("faces.csv is not in input order (the rows of '" + input +
                            "' are not all in one place)",
                        shard.faces_path, shard.rerun_hint());
        int64_t rows = 0;
        do {
            out.write(stream.record);
            ++rows;
        } while (stream.advance() && stream.input == input);
        InputState& s = state->second;
        s.rows_seen = true;
        if (s.failed)
            throw Error(
                "faces.csv has rows of '" + input + "', which its metadata.json records as failed",
                shard.faces_path, shard.rerun_hint());
        if (rows != s.rows)
            throw Error("faces.csv has " + std::to_string(rows) + " rows of '" + input +
                            "', its metadata.json counts " + std::to_string(s.rows),
                        shard.faces_path, shard.rerun_hint());
        written += rows;
        stream.previous_input = input;
        if (!stream.record.empty())
            heads.push({stream.input, i});
    }
    return written;
}

// errors.csv rows of every shard, by input (then as the shard listed them).
std::string merge_errors(const std::vector<Shard>& shards,
                         const std::unordered_map<std::string, InputState>& states) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& shard : shards) {
        const CsvTable table = read_csv_file(shard.errors_path);
        if (table.header != std::vector<std::string>{"file", "error", "hint"})
            throw Error("errors.csv does not have the columns file, error, hint", shard.errors_path,
                        shard.rerun_hint());
        for (const auto& row : table.rows) {
            const auto state = states.find(row[0]);
            if (state == states.end() || state->second.shard != &shard)
                throw Error("errors.csv names '" + row[0] + "', which is not one of " +
                                shard.name() + "'s inputs",
                            shard.errors_path, shard.rerun_hint());
            rows.push_back(row);
        }
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a[0] < b[0]; });
    std::string out = "file,error,hint\n";
    for (const auto& row : rows) {
        append_text(out, row[0]);
        out.push_back(',');
        append_text(out, row[1]);
        out.push_back(',');
        append_text(out, row[2]);
        out.push_back('\n');
    }
    return out;
}

// The output folder must be new, empty of batch results, or an earlier merge's.
void check_output_folder(const std::string& output, const std::vector<Shard>& shards) {
    for (const auto& shard : shards)
        if (shard.folder == output)
            throw Error("the output folder is the folder of " + shard.name() +
                            ": the merge would overwrite its results",
                        output, "choose another output folder, e.g. one named merged");
    std::error_code ec;
    if (fs::exists(output, ec) && !fs::is_directory(output, ec))
        throw Error("the output is a file, not a folder", output,
                    "give a folder for faces.csv, errors.csv and metadata.json");
    if (fs::exists(output + "/parts", ec))
        throw Error("the output folder holds a batch job (it has parts/)", output,
                    "choose another output folder for the merge");
    const std::string metadata = output + "/metadata.json";
    if (fs::exists(metadata, ec)) {
        bool merged = false;
        try {
            merged = nlohmann::json::parse(read_file(metadata)).contains("merged_from");
        } catch (const std::exception&) {
            merged = false;
        }
        if (!merged)
            throw Error("the output folder holds the metadata.json of another job", metadata,
                        "choose an empty output folder (a merge only replaces an earlier merge's "
                        "results)");
    }
}

// Sum of one number over the shards' metadata.json.
template <typename T>
T sum_of(const std::vector<Shard>& shards, const char* section, const char* key) {
    T total = 0;
    for (const auto& shard : shards)
        total += shard.meta.at(section).at(key).get<T>();
    return total;
}

// The merged metadata.json: the first shard's job description, the sums of
// the shards' counts and timings, every input's entry in input order.
Json merged_metadata(const std::vector<Shard>& shards, const std::string& output,
                     const std::vector<const Json*>& files) {
    const Json& first = shards.front().meta;
    Json meta;
    meta["format"] = "facellava-batch/1";
    meta["status"] = "complete";
    meta["input"] = first.at("input");
    meta["output"] = output;
    meta["outputs"] = {
        {"faces_csv", "faces.csv"}, {"errors_csv", "errors.csv"}, {"columns_doc", "docs/CSV.md"}};
    meta["settings"] = first.at("settings");
    meta["discovery"] = first.at("discovery");
    meta["shard"] = nullptr;
    Json from = Json::array();
    bool same_device = true;
    bool same_versions = true;
    std::string started = first.at("timings").at("started").get<std::string>();
    std::string finished = first.at("timings").at("finished").get<std::string>();
    double longest_s = 0;
    for (const auto& shard : shards) {
        const Json& m = shard.meta;
        same_device = same_device && m.at("device") == first.at("device");
        same_versions = same_versions && m.at("versions") == first.at("versions");
        started = std::min(started, m.at("timings").at("started").get<std::string>());
        finished = std::max(finished, m.at("timings").at("finished").get<std::string>());
        longest_s = std::max(longest_s, m.at("timings").at("wall_s").get<double>());
        from.push_back({{"index", shard.index},
                        {"folder", shard.folder},
                        {"metadata_sha256", sha256_file(shard.metadata_path)},
                        {"threads", m.at("threads")},
                        {"device", m.at("device")},
                        {"versions", m.at("versions")},
                        {"timings", m.at("timings")},
                        {"counts", m.at("counts")}});
    }
    const Json& split = first.at("shard");
    meta["merged_from"] = {{"count", split.at("count")},
                           {"hash", split.at("hash")},
                           {"rule", split.at("rule")},
                           {"inputs_found", split.at("inputs_found")},
                           {"inputs_found_sha256", split.at("inputs_found_sha256")},
                           {"shards", from}};
    meta["models"] = first.at("models");  // the first shard's paths; every sha256 is the same
    meta["device"] = same_device ? first.at("device") : Json("mixed (see merged_from.shards)");
    // How the first shard batched its answers (each shard's own: its metadata).
    meta["answering"] = first.contains("answering") ? first.at("answering") : Json();
    meta["versions"] = same_versions ? first.at("versions") : Json();  // null: see the shards
    const auto images = sum_of<int64_t>(shards, "timings", "images_analysed");
    const auto image_s = sum_of<double>(shards, "timings", "image_seconds");
    const auto frames = sum_of<int64_t>(shards, "timings", "video_frames_analysed");
    const auto video_s = sum_of<double>(shards, "timings", "video_seconds");
    meta["timings"] = {{"started", started},
                       {"finished", finished},
                       {"wall_s", longest_s},  // the longest shard
                       {"model_load_s", sum_of<double>(shards, "timings", "model_load_s")},
                       {"images_analysed", images},
                       {"image_seconds", image_s},
                       {"video_frames_analysed", frames},
                       {"video_seconds", video_s},
                       {"images_per_s", image_s > 0 ? double(images) / image_s : 0.0},
                       {"frames_per_s", video_s > 0 ? double(frames) / video_s : 0.0}};
    meta["counts"] = {{"inputs", sum_of<int64_t>(shards, "counts", "inputs")},
                      {"analysed", sum_of<int64_t>(shards, "counts", "analysed")},
                      {"resumed", sum_of<int64_t>(shards, "counts", "resumed")},
                      {"failed", sum_of<int64_t>(shards, "counts", "failed")},
                      {"rows", sum_of<int64_t>(shards, "counts", "rows")},
                      {"faces", sum_of<int64_t>(shards, "counts", "faces")}};
    meta["columns"] = first.at("columns");
    Json entries = Json::array();
    for (const Json* file : files)
        entries.push_back(*file);
    meta["files"] = entries;
    return meta;
}

}  // namespace

MergeResult merge_batch_shards(const MergeOptions& options) {
    if (options.shards.empty())
        throw Error("no shard folders given", "",
                    "give the output folder of every `facellava batch --shard K/N` run");
    if (options.output_dir.empty())
        throw Error("no output folder given", "",
                    "name one for the merged faces.csv, errors.csv and metadata.json");

    // Every shard, by K; each once, all of 1…N.
    std::vector<Shard> shards;
    for (const auto& given : options.shards)
        shards.push_back(load_shard(given));
    std::stable_sort(shards.begin(), shards.end(),
                     [](const Shard& a, const Shard& b) { return a.index < b.index; });
    for (size_t i = 1; i < shards.size(); ++i) {
        if (shards[i].folder == shards[i - 1].folder)
            throw Error("the same shard folder is given twice", shards[i].folder,
                        "give each shard's folder once");
        if (shards[i].index == shards[i - 1].index)
            throw Error(shards[i].name() + " is given twice: also in " + shards[i - 1].folder,
                        shards[i].metadata_path,
                        "give one folder per shard; if one is a rerun elsewhere, leave out the "
                        "other");
    }
    for (const auto& shard : shards)
        check_same_job(shards.front(), shard);
    const int count = shards.front().count;
    std::string missing;
    for (int k = 1, at = 0; k <= count; ++k) {
        if (at < int(shards.size()) && shards[size_t(at)].index == k)
            ++at;
        else
            missing +=
                (missing.empty() ? "" : ", ") + std::to_string(k) + "/" + std::to_string(count);
    }
    if (!missing.empty())
        throw Error("shard " + missing + " missing: " + std::to_string(shards.size()) + " of " +
                        std::to_string(count) + " shards given",
                    shards.front().metadata_path,
                    "give the output folder of every shard (run `facellava batch --shard K/N` "
                    "for the missing ones first)");
    const std::string output = absolute_folder(options.output_dir, false);
    check_output_folder(output, shards);

    // Every input once, in the shard the hash rule puts it, with its result.
    std::unordered_map<std::string, InputState> states;
    std::vector<std::string> all_inputs;
    for (const auto& shard : shards) {
        for (const auto& input : shard.inputs) {
            const auto [state, added] = states.insert({input, InputState{&shard}});
            if (!added)
                throw Error("input '" + input + "' is in " + state->second.shard->name() + " [" +
                                state->second.shard->folder + "] and again in " + shard.name(),
                            shard.metadata_path, shard.rerun_hint());
            const int belongs = shard_of(input, count);
            if (belongs != shard.index)
                throw Error(shard.name() + " lists input '" + input +
                                "', which the hash rule puts in shard " + std::to_string(belongs) +
                                "/" + std::to_string(count),
                            shard.metadata_path, shard.rerun_hint());
            all_inputs.push_back(input);
        }
    }
    std::sort(all_inputs.begin(), all_inputs.end());
    const Json& split = shards.front().meta.at("shard");
    if (all_inputs.size() != split.at("inputs_found").get<size_t>() ||
        inputs_digest(all_inputs) != split.at("inputs_found_sha256").get<std::string>())
        throw Error("the shards list " + std::to_string(all_inputs.size()) +
                        " inputs together, not the " +
                        std::to_string(split.at("inputs_found").get<size_t>()) +
                        " inputs they found (or other ones)",
                    shards.front().metadata_path,
                    "a shard's metadata.json was edited: rerun every shard's batch command");

    std::vector<const Json*> files;
    MergeResult result;
    for (const auto& shard : shards) {
        try {
            for (const auto& entry : shard.meta.at("files")) {
                const std::string input = entry.at("input").get<std::string>();
                const auto state = states.find(input);
                if (state == states.end() || state->second.shard != &shard ||
                    state->second.has_result)
                    throw Error("metadata.json has a result for '" + input +
                                    "', which is not one of its inputs or is there twice",
                                shard.metadata_path, shard.rerun_hint());
                InputState& s = state->second;
                s.has_result = true;
                const std::string status = entry.at("status").get<std::string>();
                if (status == "analysed" || status == "resumed") {
                    s.rows = entry.at("rows").get<int64_t>();
                    ++result.analysed;
                } else if (status == "failed" && !entry.value("error", std::string()).empty()) {
                    s.failed = true;
                    ++result.failed;
                } else {
                    throw Error("input '" + input + "' has neither results nor a reason why not " +
                                    "(status \"" + status + "\")",
                                shard.metadata_path, shard.rerun_hint());
                }
                files.push_back(&entry);
            }
        } catch (const nlohmann::json::exception& e) {
            throw Error(std::string("an entry of metadata.json's \"files\" lacks a field (") +
                            e.what() + ")",
                        shard.metadata_path, shard.rerun_hint());
        }
    }
    for (const auto& input : all_inputs)
        if (!states.at(input).has_result)
            throw Error("input '" + input + "' of " + states.at(input).shard->name() +
                            " has no result in its metadata.json (neither rows nor a failure)",
                        states.at(input).shard->metadata_path,
                        states.at(input).shard->rerun_hint());
    std::sort(files.begin(), files.end(), [](const Json* a, const Json* b) {
        return a->at("input").get_ref<const std::string&>() <
               b->at("input").get_ref<const std::string&>();
    });

    // Nothing is written before here; faces.csv goes to a .tmp until it has
    // been checked whole.
    std::error_code ec;
    fs::create_directories(output, ec);
    if (ec || !fs::is_directory(output))
        throw Error("cannot create the output folder (" + ec.message() + ")", output,
                    "choose a folder you may write to");
    result.faces_csv = output + "/faces.csv";
    result.errors_csv = output + "/errors.csv";
    result.metadata_json = output + "/metadata.json";
    AtomicFileWriter faces(result.faces_csv);
    result.rows = merge_faces(shards, states, faces);
    for (const auto& input : all_inputs) {
        const InputState& s = states.at(input);
        if (!s.failed && s.rows > 0 && !s.rows_seen)
            throw Error("faces.csv has no rows of '" + input + "', its metadata.json counts " +
                            std::to_string(s.rows),
                        s.shard->faces_path, s.shard->rerun_hint());
    }
    const std::string errors = merge_errors(shards, states);
    const Json meta = merged_metadata(shards, output, files);

    fs::remove(result.metadata_json, ec);  // an earlier merge's, never beside new results
    faces.commit();
    write_file_atomically(result.errors_csv, errors);
    write_file_atomically(result.metadata_json, json_text(meta, 2) + "\n");
    result.shard_count = count;
    result.inputs = all_inputs.size();
    return result;
}

}  // namespace facellava::pipeline
