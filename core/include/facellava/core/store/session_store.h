// A session file: one SQLite database holding everything a researcher did
// (media, faces, predictions, annotations, chats, jobs). Opening creates the
// file or migrates it to the current schema; WAL journaling, foreign keys and
// a busy timeout are always on, and synchronous=FULL so a commit survives a
// crash or power cut.
//
// Thread safety: a SessionStore (and its repositories) is used by one thread
// at a time. Several stores on the same file, in threads or processes, are
// fine: readers never block the writer. A GUI posts writes to a StoreWriter.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "facellava/core/store/annotation_repository.h"
#include "facellava/core/store/chat_repository.h"
#include "facellava/core/store/face_repository.h"
#include "facellava/core/store/job_repository.h"
#include "facellava/core/store/media_repository.h"
#include "facellava/core/store/prediction_repository.h"
#include "facellava/core/store/session_repository.h"
#include "facellava/core/store/training_run_repository.h"

namespace facellava::store {

struct OpenOptions {
    // Never writes (no migration either); every write throws facellava::Error.
    bool read_only = false;
    // Create the file when it does not exist (read-write only).
    bool create = true;
    // How long a write waits for another connection's write to finish.
    int busy_timeout_ms = 10000;
    // A quota on the file size (0: none). Writes past it fail like a full disk.
    int64_t max_size_bytes = 0;
    // Migrate only up to this schema version (-1: latest). For migration tests
    // and tools that must write an older format.
    int schema_version = -1;
};

// Result of check(): problems that make the file unsafe (errors) and those
// the user should know about (warnings, e.g. missing media).
struct CheckReport {
    std::vector<std::string> errors;
    std::vector<std::string> warnings;
    bool ok() const { return errors.empty(); }
};

class SessionStore {
  public:
    // Throws facellava::Error naming the file for anything that is not a
    // readable session of this or an older version (not SQLite, damaged,
    // newer format, read-only when opened for writing, …).
    explicit SessionStore(const std::string& path, const OpenOptions& options = {});
    ~SessionStore();
    SessionStore(SessionStore&&) noexcept;
    SessionStore& operator=(SessionStore&&) noexcept;

    static int latest_schema_version();

    const std::string& path() const;
    bool read_only() const;
    int schema_version() const;

    SessionRepository sessions();
    MediaRepository media();
    FaceRepository faces();
    PredictionRepository predictions();
    AnnotationRepository annotations();
    ChatRepository chat();
    JobRepository jobs();
    TrainingRunRepository training_runs();

    // Runs body in one transaction (nested calls become savepoints): every
    // write inside is saved together or, when body throws, not at all.
    void transaction(const std::function<void()>& body);

    // Rows per table, for manifests and `facellava session show`.
    std::map<std::string, int64_t> row_counts();
    // PRAGMA integrity_check, foreign-key check and our own consistency checks.
    CheckReport check();
    // A consistent snapshot of the whole file at `destination` (which must not
    // exist), taken while others may keep writing.
    void copy_to(const std::string& destination);

  private:
    std::unique_ptr<detail::Connection> connection_;
};

}  // namespace facellava::store
