// Media files of a session, identified by sha256 so a file that moved (or a
// session opened on another machine) can be found again.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "facellava/core/store/records.h"
#include "facellava/core/store/repository.h"

namespace facellava::store {

// Outcome of one missing file's search.
struct RelinkResult {
    Id media_id = 0;
    std::string old_path;
    std::string new_path;  // empty: not found in any searched folder
};

class MediaRepository : public Repository {
  public:
    using Repository::Repository;

    // A record for a file on disk: absolute path, sha256, size and mtime
    // filled in; kind, fps, frames, width and height are the caller's.
    // Throws facellava::Error naming the file when it cannot be read.
    static MediaRecord describe_file(const std::string& path, MediaKind kind);

    Id add(const MediaRecord& media);
    std::optional<MediaRecord> find(Id id) const;
    std::vector<MediaRecord> find_by_sha256(const std::string& sha256) const;
    std::vector<MediaRecord> list(Id session_id) const;
    std::vector<MediaRecord> list_all() const;
    void update_path(Id id, const std::string& path);
    void remove(Id id);  // and its faces, predictions and annotations

    // Media whose recorded path no longer exists.
    std::vector<MediaRecord> missing() const;
    // For every missing media, searches the folders (recursively) for a file
    // of the same size and sha256 and records its new path. Files are hashed
    // only when their size matches, so large folders stay cheap to search.
    std::vector<RelinkResult> relink_missing(const std::vector<std::string>& search_dirs);
};

}  // namespace facellava::store
