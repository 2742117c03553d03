#include "facellava/core/store/session_export.h"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "facellava/core/atomic_file.h"
#include "facellava/core/error.h"
#include "facellava/core/json_limits.h"
#include "facellava/core/paths.h"
#include "facellava/core/sha256.h"
#include "store/clock.h"

namespace facellava::store {
namespace fs = std::filesystem;

namespace {

constexpr const char* kFormat = "facellava-session";
constexpr const char* kManifestName = "manifest.json";
constexpr const char* kDatabaseName = "session.sqlite";

nlohmann::ordered_json to_json(const SessionManifest& m) {
    nlohmann::ordered_json j;
    j["format"] = kFormat;
    j["format_version"] = m.format_version;
    j["schema_version"] = m.schema_version;
    j["created_at"] = m.created_at;
    j["facellava_version"] = m.facellava_version;
    j["database"] = m.database;
    j["database_sha256"] = m.database_sha256;
    j["counts"] = m.counts;
    j["media"] = nlohmann::ordered_json::array();
    for (const auto& media : m.media) {
        j["media"].push_back({{"id", media.id},
                              {"path", media.path},
                              {"sha256", media.sha256},
                              {"size_bytes", media.size_bytes}});
    }
    return j;
}

SessionManifest from_json(const nlohmann::json& j) {
    SessionManifest m;
    if (j.value("format", std::string()) != kFormat)
        throw std::runtime_error("\"format\" is not \"facellava-session\"");
    m.format_version = j.at("format_version").get<int>();
    m.schema_version = j.at("schema_version").get<int>();
    m.created_at = j.value("created_at", std::string());
    m.facellava_version = j.value("facellava_version", std::string());
    m.database = j.at("database").get<std::string>();
    m.database_sha256 = j.at("database_sha256").get<std::string>();
    m.counts = j.at("counts").get<std::map<std::string, int64_t>>();
    for (const auto& media : j.at("media")) {
        m.media.push_back({media.at("id").get<Id>(), media.at("path").get<std::string>(),
                           media.at("sha256").get<std::string>(),
                           media.at("size_bytes").get<int64_t>()});
    }
    return m;
}

// The snapshot named by the manifest, proven to be a regular file inside the
// folder: no absolute path, no "..", no symlink leading out.
fs::path contained_file(const fs::path& folder, const std::string& name,
                        const std::string& manifest_path) {
    std::string resolved;
    const std::string problem = path_escape_problem(folder.string(), name, &resolved);
    if (!problem.empty()) {
        throw Error("the manifest names a file outside the session folder: " + problem,
                    manifest_path,
                    "the folder was not made by `facellava session export`; do not import it");
    }
    std::error_code ec;
    if (!fs::is_regular_file(resolved, ec)) {
        throw Error("the session snapshot '" + name + "' named by the manifest is missing",
                    manifest_path, "copy the whole exported folder again");
    }
    return resolved;
}

void remove_database_files(const std::string& path) {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        fs::remove(path + suffix, ignored);
}

}  // namespace

SessionManifest export_session(SessionStore& store, const std::string& folder) {
    std::error_code ec;
    if (fs::exists(folder, ec) && !fs::is_empty(folder, ec)) {
        throw Error("the export folder is not empty", folder, "choose a new or empty folder");
    }
    fs::create_directories(folder, ec);
    if (ec)
        throw Error("cannot create the export folder (" + ec.message() + ")", folder,
                    "check the path");

    const std::string database = (fs::path(folder) / kDatabaseName).string();
    store.copy_to(database);

    SessionManifest manifest;
    manifest.created_at = detail::now_utc();
    manifest.facellava_version = FACELLAVA_VERSION;
    manifest.database = kDatabaseName;
    try {
        // Counts and media come from the snapshot itself, so they describe
        // exactly what was exported even while the session kept changing.
        SessionStore snapshot(database, {});
        manifest.schema_version = snapshot.schema_version();
        manifest.counts = snapshot.row_counts();
        for (const auto& m : snapshot.media().list_all()) {
            manifest.media.push_back({m.id, m.path, m.sha256, m.size_bytes});
        }
    } catch (...) {
        remove_database_files(database);
        throw;
    }
    // The snapshot reaches the disk before the manifest that vouches for it.
    sync_to_disk(database);
    manifest.database_sha256 = sha256_file(database);
    write_file_atomically((fs::path(folder) / kManifestName).string(),
                          to_json(manifest).dump(2) + "\n");
    return manifest;
}

SessionManifest read_manifest(const std::string& folder) {
    const std::string manifest_path = (fs::path(folder) / kManifestName).string();
    if (!is_readable_file(manifest_path)) {
        throw Error("the folder has no manifest.json", folder,
                    "choose a folder written by `facellava session export`");
    }
    const std::string escape = path_escape_problem(folder, kManifestName);
    if (!escape.empty()) {
        throw Error("manifest.json leads outside the session folder: " + escape, manifest_path,
                    "the folder was not made by `facellava session export`; do not import it");
    }
    // A manifest lists a few rows per media file: 64 MiB is far beyond any
    // real session, and depth 16 beyond its 3 levels.
    JsonLimits limits;
    limits.max_depth = 16;
    limits.max_string_bytes = 64 << 10;
    limits.max_file_bytes = int64_t(64) << 20;
    const nlohmann::json json = read_json_file_limited(manifest_path, limits);
    SessionManifest manifest;
    try {
        manifest = from_json(json);
    } catch (const std::exception& e) {
        throw Error("the manifest is not valid (" + std::string(e.what()) + ")", manifest_path,
                    "export the session again");
    }
    if (manifest.format_version > SessionManifest::kFormatVersion ||
        manifest.schema_version > SessionStore::latest_schema_version()) {
        throw Error("the session was exported by a newer Face-LLaVA", manifest_path,
                    "update Face-LLaVA to import it");
    }
    const fs::path database = contained_file(folder, manifest.database, manifest_path);
    if (sha256_file(database.string()) != manifest.database_sha256) {
        throw Error("the session snapshot does not match its manifest (sha256 differs)",
                    database.string(),
                    "the copy is damaged or was modified: copy the exported folder again");
    }
    return manifest;
}

SessionManifest import_session(const std::string& folder, const std::string& destination) {
    const SessionManifest manifest = read_manifest(folder);
    std::error_code ec;
    if (fs::exists(destination, ec))
        throw Error("the destination already exists", destination, "choose a new file name");
    // The copy goes to a new temporary file beside the destination (never a
    // name someone could have planted a symlink at) and is checked there, so
    // a failed import leaves nothing that looks like a session behind.
    const fs::path source =
        contained_file(folder, manifest.database, (fs::path(folder) / kManifestName).string());
    AtomicWriteOptions options;
    options.existing = ExistingTarget::Refuse;  // a file created meanwhile is not overwritten
    AtomicFileWriter copy(destination, options);
    const std::string temporary = copy.temporary_path();
    try {
        copy.append_file(source.string());
        copy.flush();
        SessionStore store(temporary, {});
        const auto counts = store.row_counts();
        for (const auto& [table, expected] : manifest.counts) {
            const auto found = counts.find(table);
            const int64_t actual = found == counts.end() ? -1 : found->second;
            if (actual != expected) {
                throw Error("the snapshot holds " + std::to_string(actual) + " rows of " + table +
                                ", the manifest " + std::to_string(expected),
                            folder, "the export is inconsistent: export the session again");
            }
        }
        const CheckReport report = store.check();
        if (!report.ok()) {
            throw Error("the imported session fails its checks: " + report.errors.front(), folder,
                        "export the session again from the original machine");
        }
    } catch (...) {
        copy.discard();
        remove_database_files(temporary);  // SQLite's -wal, -shm, -journal beside it
        throw;
    }
    // SQLite closed the copy above: its journal files are gone, its changes
    // (journal mode, migration) are in the file that commit() syncs.
    copy.commit();
    return manifest;
}

}  // namespace facellava::store
