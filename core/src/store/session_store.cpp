#include "facellava/core/store/session_store.h"

#include <unistd.h>

#include <filesystem>

#include "facellava/core/error.h"
#include "store/schema.h"
#include "store/sqlite_db.h"

namespace facellava::store {
namespace fs = std::filesystem;
using detail::Connection;

namespace {

// Tables in dependency order (parents first), for counts and manifests.
const std::vector<std::string>& table_names() {
    static const std::vector<std::string> names = {
        "sessions",    "media",         "tracks",        "face_observations", "predictions",
        "annotations", "conversations", "chat_messages", "batch_jobs",        "training_runs"};
    return names;
}

void configure(Connection& db, const OpenOptions& options) {
    // Read the schema first so "not a database" or "damaged" is reported as
    // a failure to open, before any PRAGMA fails with a vaguer message.
    const int rc =
        sqlite3_exec(db.handle(), "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        db.fail(rc, "opening the session");
    db.exec("PRAGMA foreign_keys = ON");
    if (!options.read_only) {
        // WAL: readers never block the writer and a crash mid-write leaves the
        // database as of the last commit. FULL: the commit is on disk when
        // it returns, so nothing a researcher saw saved is lost on power cut.
        if (db.query_text("PRAGMA journal_mode = WAL") != "wal") {
            throw Error("cannot switch the session to write-ahead logging", db.path(),
                        "move the session to a local disk (network shares are not supported)");
        }
        db.exec("PRAGMA synchronous = FULL");
    }
    if (options.max_size_bytes > 0) {
        const int64_t page_size = db.query_int64("PRAGMA page_size");
        const int64_t pages = std::max<int64_t>(1, options.max_size_bytes / page_size);
        db.query_int64("PRAGMA max_page_count = " + std::to_string(pages));
    }
}

// A read-only viewer of a WAL file needs to create <file>-shm. When the
// folder is not writable (a DVD, a shared archive) and no -shm or -wal content
// exists, every committed row is in the main file: read it as immutable.
bool needs_immutable(const std::string& path) {
    std::error_code ec;
    const fs::path folder = fs::absolute(path, ec).parent_path();
    if (ec || ::access(folder.c_str(), W_OK) == 0)
        return false;
    if (fs::exists(path + "-shm", ec))
        return false;
    const fs::path wal = path + "-wal";
    return !fs::exists(wal, ec) || fs::file_size(wal, ec) == 0;
}

}  // namespace

SessionStore::SessionStore(const std::string& path, const OpenOptions& options) {
    if (fs::is_directory(path)) {
        throw Error("a folder was given where a session file is expected", path,
                    "choose the .sqlite file (to open an exported session folder, import it)");
    }
    if (options.read_only || !options.create) {
        if (!fs::exists(path))
            throw Error("the session file does not exist", path, "check the path");
    }
    detail::ConnectionOptions connection_options;
    connection_options.read_only = options.read_only;
    connection_options.create = options.create;
    connection_options.busy_timeout_ms = options.busy_timeout_ms;
    connection_options.immutable = options.read_only && needs_immutable(path);
    connection_ = std::make_unique<Connection>(path, connection_options);
    if (!options.read_only && sqlite3_db_readonly(connection_->handle(), "main") == 1) {
        throw Error("the session file is read-only", path,
                    "open it read-only, or make the file and its folder writable");
    }
    configure(*connection_, options);
    const int latest = detail::latest_schema_version();
    if (options.read_only) {
        detail::require_current_schema(*connection_);
    } else {
        const int target =
            options.schema_version < 0 ? latest : std::min(options.schema_version, latest);
        detail::migrate(*connection_, target);
    }
}

SessionStore::~SessionStore() = default;
SessionStore::SessionStore(SessionStore&&) noexcept = default;
SessionStore& SessionStore::operator=(SessionStore&&) noexcept = default;

int SessionStore::latest_schema_version() {
    return detail::latest_schema_version();
}

const std::string& SessionStore::path() const {
    return connection_->path();
}
bool SessionStore::read_only() const {
    return connection_->read_only();
}
int SessionStore::schema_version() const {
    return int(connection_->query_int64("PRAGMA user_version"));
}

SessionRepository SessionStore::sessions() {
    return SessionRepository(*connection_);
}
MediaRepository SessionStore::media() {
    return MediaRepository(*connection_);
}
FaceRepository SessionStore::faces() {
    return FaceRepository(*connection_);
}
PredictionRepository SessionStore::predictions() {
    return PredictionRepository(*connection_);
}
AnnotationRepository SessionStore::annotations() {
    return AnnotationRepository(*connection_);
}
ChatRepository SessionStore::chat() {
    return ChatRepository(*connection_);
}
JobRepository SessionStore::jobs() {
    return JobRepository(*connection_);
}
TrainingRunRepository SessionStore::training_runs() {
    return TrainingRunRepository(*connection_);
}

void SessionStore::transaction(const std::function<void()>& body) {
    detail::Transaction transaction(*connection_);
    body();
    transaction.commit();
}

std::map<std::string, int64_t> SessionStore::row_counts() {
    std::map<std::string, int64_t> counts;
    for (const auto& table : table_names()) {
        counts[table] = connection_->query_int64("SELECT count(*) FROM " + table);
    }
    return counts;
}

CheckReport SessionStore::check() {
    CheckReport report;
    {
        auto st = connection_->statement("PRAGMA integrity_check");
        while (st->step()) {
            const std::string line = st->text(0);
            if (line != "ok")
                report.errors.push_back("integrity: " + line);
        }
    }
    {
        auto st = connection_->statement("PRAGMA foreign_key_check");
        while (st->step()) {
            report.errors.push_back("table " + st->text(0) + " row " +
                                    std::to_string(st->int64(1)) + " refers to a missing row of " +
                                    st->text(2));
        }
    }
    // Our own rules, beyond what the schema's CHECKs enforce.
    struct Rule {
        const char* sql;
        const char* problem;
    };
    static const Rule rules[] = {
        {"SELECT id FROM predictions WHERE json_valid(probabilities) = 0",
         "prediction has invalid probabilities JSON"},
        {"SELECT id FROM chat_messages WHERE json_valid(sampling) = 0 OR json_valid(timings) = 0",
         "chat message has invalid sampling or timings JSON"},
        {"SELECT id FROM batch_jobs WHERE json_valid(config) = 0",
         "batch job has invalid config JSON"},
        {"SELECT id FROM training_runs WHERE json_valid(config) = 0",
         "training run has invalid config JSON"},
        {"SELECT a.id FROM annotations a JOIN tracks t ON t.id = a.track_id WHERE t.media_id <> "
         "a.media_id",
         "annotation points to a face of another media"},
        {"SELECT id FROM media WHERE length(sha256) <> 64", "media has no valid sha256"},
        {"SELECT id FROM batch_jobs WHERE progress < 0 OR progress > 1",
         "batch job progress outside 0..1"},
    };
    for (const auto& rule : rules) {
        auto st = connection_->statement(rule.sql);
        while (st->step())
            report.errors.push_back(std::string(rule.problem) + " (id " + st->text(0) + ")");
    }
    for (const auto& m : media().missing()) {
        report.warnings.push_back("media " + std::to_string(m.id) + " not found at " + m.path +
                                  " (re-link it by searching the folder it moved to)");
    }
    return report;
}

void SessionStore::copy_to(const std::string& destination) {
    if (fs::exists(destination)) {
        throw Error("the destination already exists", destination, "choose a new file name");
    }
    // VACUUM INTO reads one snapshot in a single read transaction, so the copy
    // is consistent even while a writer keeps committing, and compacts it.
    auto st = connection_->statement("VACUUM INTO ?1");
    st->bind(1, destination);
    try {
        st->run();
    } catch (const Error& e) {
        std::error_code ignored;
        fs::remove(destination, ignored);
        throw Error("copying the session failed: " + e.brief(), destination, e.hint());
    }
}

}  // namespace facellava::store
