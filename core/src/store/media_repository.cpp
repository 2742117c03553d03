#include "facellava/core/store/media_repository.h"

#include <sys/stat.h>

#include <filesystem>

#include "facellava/core/error.h"
#include "facellava/core/sha256.h"
#include "store/clock.h"
#include "store/sqlite_db.h"

namespace facellava::store {
namespace fs = std::filesystem;

namespace {

constexpr const char* kColumns =
    "id, session_id, path, sha256, size_bytes, mtime, kind, fps, frames, width, height, added_at";

MediaRecord read_media(detail::Statement& st) {
    MediaRecord m;
    m.id = st.int64(0);
    m.session_id = st.int64(1);
    m.path = st.text(2);
    m.sha256 = st.text(3);
    m.size_bytes = st.int64(4);
    m.mtime = st.int64(5);
    m.kind = media_kind_from_string(st.text(6));
    m.fps = st.real(7);
    m.frames = st.int64(8);
    m.width = int(st.int64(9));
    m.height = int(st.int64(10));
    m.added_at = st.text(11);
    return m;
}

std::vector<MediaRecord> read_all(detail::StatementRef& st) {
    std::vector<MediaRecord> result;
    while (st->step())
        result.push_back(read_media(*st));
    return result;
}

}  // namespace

MediaRecord MediaRepository::describe_file(const std::string& path, MediaKind kind) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
        throw Error("the media file cannot be read", path,
                    "check that it exists and is a regular file");
    }
    MediaRecord m;
    std::error_code ec;
    const fs::path absolute = fs::absolute(path, ec);
    m.path = ec ? path : absolute.lexically_normal().string();
    m.sha256 = sha256_file(path);
    m.size_bytes = int64_t(info.st_size);
    m.mtime = int64_t(info.st_mtime);
    m.kind = kind;
    m.frames = kind == MediaKind::Image ? 1 : 0;
    return m;
}

Id MediaRepository::add(const MediaRecord& m) {
    auto st = db().statement(
        "INSERT INTO media (session_id, path, sha256, size_bytes, mtime, kind, fps, frames, width, "
        "height, added_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    st->bind(1, m.session_id)
        .bind(2, m.path)
        .bind(3, m.sha256)
        .bind(4, m.size_bytes)
        .bind(5, m.mtime);
    st->bind(6, to_string(m.kind))
        .bind(7, m.fps)
        .bind(8, m.frames)
        .bind(9, m.width)
        .bind(10, m.height);
    st->bind(11, m.added_at.empty() ? detail::now_utc() : m.added_at).run();
    return db().last_insert_rowid();
}

std::optional<MediaRecord> MediaRepository::find(Id id) const {
    auto st = db().statement(std::string("SELECT ") + kColumns + " FROM media WHERE id = ?1");
    st->bind(1, id);
    if (!st->step())
        return std::nullopt;
    return read_media(*st);
}

std::vector<MediaRecord> MediaRepository::find_by_sha256(const std::string& sha256) const {
    auto st = db().statement(std::string("SELECT ") + kColumns +
                             " FROM media WHERE sha256 = ?1 ORDER BY id");
    st->bind(1, sha256);
    return read_all(st);
}

std::vector<MediaRecord> MediaRepository::list(Id session_id) const {
    auto st = db().statement(std::string("SELECT ") + kColumns +
                             " FROM media WHERE session_id = ?1 ORDER BY id");
    st->bind(1, session_id);
    return read_all(st);
}

std::vector<MediaRecord> MediaRepository::list_all() const {
    auto st = db().statement(std::string("SELECT ") + kColumns + " FROM media ORDER BY id");
    return read_all(st);
}

void MediaRepository::update_path(Id id, const std::string& path) {
    auto st = db().statement("UPDATE media SET path = ?2 WHERE id = ?1");
    st->bind(1, id).bind(2, path).run();
}

void MediaRepository::remove(Id id) {
    auto st = db().statement("DELETE FROM media WHERE id = ?1");
    st->bind(1, id).run();
}

std::vector<MediaRecord> MediaRepository::missing() const {
    std::vector<MediaRecord> result;
    for (auto& m : list_all()) {
        std::error_code ec;
        if (!fs::is_regular_file(m.path, ec))
            result.push_back(std::move(m));
    }
    return result;
}

std::vector<RelinkResult> MediaRepository::relink_missing(
    const std::vector<std::string>& search_dirs) {
    const auto lost = missing();
    std::vector<RelinkResult> results;
    if (lost.empty())
        return results;
    for (const auto& m : lost)
        results.push_back({m.id, m.path, {}});

    // One walk over the folders; a file is hashed only when its size is one
    // we are looking for, and at most once.
    for (const auto& dir : search_dirs) {
        std::error_code ec;
        fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec),
            end;
        for (; !ec && it != end; it.increment(ec)) {
            std::error_code file_ec;
            if (!it->is_regular_file(file_ec))
                continue;
            const auto size = int64_t(it->file_size(file_ec));
            if (file_ec)
                continue;
            std::string digest;
            for (size_t i = 0; i < lost.size(); ++i) {
                if (!results[i].new_path.empty() || lost[i].size_bytes != size)
                    continue;
                if (digest.empty()) {
                    try {
                        digest = sha256_file(it->path().string());
                    } catch (const Error&) {
                        break;  // unreadable candidate: keep searching elsewhere
                    }
                }
                if (digest == lost[i].sha256)
                    results[i].new_path = fs::absolute(it->path()).lexically_normal();
            }
        }
    }
    detail::Transaction transaction(db());
    for (const auto& r : results) {
        if (!r.new_path.empty())
            update_path(r.media_id, r.new_path);
    }
    transaction.commit();
    return results;
}

}  // namespace facellava::store
