// A session as a folder that can be copied to another machine or archived:
//   <folder>/session.sqlite   a consistent snapshot of the session file
//   <folder>/manifest.json    schema version, row counts, media list, sha256s
// Import checks the manifest, the snapshot's sha256 and the row counts before
// the copy is used, and refuses anything that points outside the folder.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "facellava/core/store/session_store.h"

namespace facellava::store {

struct ManifestMedia {
    Id id = 0;
    std::string path;
    std::string sha256;
    int64_t size_bytes = 0;
};

struct SessionManifest {
    static constexpr int kFormatVersion = 1;
    int format_version = kFormatVersion;
    int schema_version = 0;
    std::string created_at;
    std::string facellava_version;
    std::string database;  // file name inside the folder
    std::string database_sha256;
    std::map<std::string, int64_t> counts;  // rows per table
    std::vector<ManifestMedia> media;
};

// Writes the folder (created; must be empty or absent). Returns the manifest.
SessionManifest export_session(SessionStore& store, const std::string& folder);
// Reads and validates <folder>/manifest.json (format, relative paths that
// stay inside the folder, sha256 of the snapshot). Throws facellava::Error.
SessionManifest read_manifest(const std::string& folder);
// Validates the folder, copies its snapshot to `destination` (must not
// exist), migrates the copy and checks its row counts and integrity against
// the manifest. On any failure nothing is left at `destination`.
SessionManifest import_session(const std::string& folder, const std::string& destination);

}  // namespace facellava::store
