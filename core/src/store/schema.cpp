#include "store/schema.h"

#include <string>
#include <vector>

#include "facellava/core/error.h"

namespace facellava::store::detail {
namespace {

struct Migration {
    const char* description;
    const char* sql;
};

// Version 1: the first complete schema. Times are ISO-8601 UTC text
// ("2024-05-01T12:00:00.123Z"); JSON columns hold objects as text.
// Landmarks are one 544-byte BLOB of 136 little-endian float32 (x0, y0, …):
// one column instead of 136 keeps a batched insert to a single bind per face,
// which is what makes >= 50k observations/s possible.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE sessions (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE TABLE media (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    path        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    size_bytes  INTEGER NOT NULL,
    mtime       INTEGER NOT NULL,            -- seconds since the epoch
    kind        TEXT NOT NULL CHECK (kind IN ('image', 'video')),
    fps         REAL NOT NULL DEFAULT 0,
    frames      INTEGER NOT NULL DEFAULT 0,
    width       INTEGER NOT NULL DEFAULT 0,
    height      INTEGER NOT NULL DEFAULT 0,
    added_at    TEXT NOT NULL
);
CREATE INDEX media_by_session ON media(session_id);
CREATE INDEX media_by_sha256 ON media(sha256);
CREATE TABLE tracks (
    id          INTEGER PRIMARY KEY,
    media_id    INTEGER NOT NULL REFERENCES media(id) ON DELETE CASCADE,
    face_index  INTEGER NOT NULL,            -- the stable face_id of CSV exports
    label       TEXT NOT NULL DEFAULT '',
    UNIQUE (media_id, face_index)
);
CREATE TABLE face_observations (
    id          INTEGER PRIMARY KEY,
    track_id    INTEGER NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
    frame       INTEGER NOT NULL,
    timestamp   REAL NOT NULL,               -- seconds
    x REAL NOT NULL, y REAL NOT NULL, w REAL NOT NULL, h REAL NOT NULL,
    confidence  REAL NOT NULL,
    landmarks   BLOB CHECK (landmarks IS NULL OR length(landmarks) = 544),
    detector    TEXT NOT NULL
);
CREATE TABLE predictions (
    id                 INTEGER PRIMARY KEY,
    media_id           INTEGER NOT NULL REFERENCES media(id) ON DELETE CASCADE,
    track_id           INTEGER REFERENCES tracks(id) ON DELETE SET NULL,
    frame              INTEGER,              -- NULL: the whole media
    task               TEXT NOT NULL,
    value              TEXT NOT NULL,
    probabilities      TEXT NOT NULL DEFAULT '{}',
    model_id           TEXT NOT NULL,
    checkpoint_sha256  TEXT NOT NULL,
    created_at         TEXT NOT NULL
);
CREATE INDEX predictions_by_media ON predictions(media_id, frame);
CREATE TABLE annotations (
    id          INTEGER PRIMARY KEY,
    media_id    INTEGER NOT NULL REFERENCES media(id) ON DELETE CASCADE,
    target      TEXT NOT NULL CHECK (target IN ('face', 'frame', 'range')),
    track_id    INTEGER REFERENCES tracks(id) ON DELETE CASCADE,
    frame       INTEGER,
    start_ms    INTEGER,
    end_ms      INTEGER,
    tier        TEXT NOT NULL DEFAULT 'default',
    label       TEXT NOT NULL,
    author      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    CHECK (target <> 'face' OR track_id IS NOT NULL),
    CHECK (target <> 'frame' OR frame IS NOT NULL),
    CHECK (target <> 'range' OR (start_ms IS NOT NULL AND end_ms IS NOT NULL AND start_ms <= end_ms))
);
CREATE INDEX annotations_by_media ON annotations(media_id);
CREATE TABLE conversations (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    title       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE TABLE chat_messages (
    id               INTEGER PRIMARY KEY,
    conversation_id  INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    role             TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
    text             TEXT NOT NULL,
    media_id         INTEGER REFERENCES media(id) ON DELETE SET NULL,
    track_id         INTEGER REFERENCES tracks(id) ON DELETE SET NULL,
    frame            INTEGER,
    sampling         TEXT NOT NULL DEFAULT '{}',
    timings          TEXT NOT NULL DEFAULT '{}',
    created_at       TEXT NOT NULL
);
CREATE INDEX chat_messages_by_conversation ON chat_messages(conversation_id);
CREATE TABLE batch_jobs (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    config      TEXT NOT NULL DEFAULT '{}',
    status      TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    progress    REAL NOT NULL DEFAULT 0,
    output_dir  TEXT NOT NULL DEFAULT '',
    error       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE TABLE training_runs (
    id              INTEGER PRIMARY KEY,
    session_id      INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    config          TEXT NOT NULL DEFAULT '{}',
    status          TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    metrics_path    TEXT NOT NULL DEFAULT '',
    checkpoint_dir  TEXT NOT NULL DEFAULT '',
    error           TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
)sql";

// Version 2: "faces at frame N" (overlay drawing, COCO export, frame
// stepping) scanned every observation of a track; look them up by frame, and
// let the annotation list skip soft-deleted rows without a scan.
constexpr const char* kSchemaV2 = R"sql(
CREATE INDEX face_observations_by_track_frame ON face_observations(track_id, frame);
CREATE INDEX annotations_live_by_media ON annotations(media_id, deleted);
)sql";

// Version 3: what the Training dialog's history shows of a run (output
// folder, command line, steps, last loss, the loadable model it wrote), one
// row per training_runs row; and the runs of a session found without a scan.
constexpr const char* kSchemaV3 = R"sql(
CREATE TABLE training_run_details (
    run_id           INTEGER PRIMARY KEY REFERENCES training_runs(id) ON DELETE CASCADE,
    output_dir       TEXT NOT NULL DEFAULT '',
    command          TEXT NOT NULL DEFAULT '',
    steps_done       INTEGER NOT NULL DEFAULT 0,
    total_steps      INTEGER NOT NULL DEFAULT 0,
    last_loss        REAL,
    final_model_dir  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX training_runs_by_session ON training_runs(session_id);
)sql";

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> list = {
        {"first complete schema", kSchemaV1},
        {"index observations by frame, live annotations by media", kSchemaV2},
        {"training run details, runs by session", kSchemaV3},
    };
    return list;
}

int64_t user_version(Connection& connection) {
    return connection.query_int64("PRAGMA user_version");
}

void require_ours(Connection& connection, int64_t version) {
    const int64_t application_id = connection.query_int64("PRAGMA application_id");
    const int64_t tables = connection.query_int64("SELECT count(*) FROM sqlite_schema");
    if (application_id != kApplicationId && (application_id != 0 || version != 0 || tables != 0)) {
        throw Error("the file is an SQLite database but not a Face-LLaVA session",
                    connection.path(), "choose a session file created by Face-LLaVA");
    }
    if (version > latest_schema_version()) {
        throw Error("the session was saved by a newer Face-LLaVA (schema version " +
                        std::to_string(version) + ", this version reads up to " +
                        std::to_string(latest_schema_version()) + ")",
                    connection.path(), "update Face-LLaVA to open it; the file was left unchanged");
    }
}

}  // namespace

int latest_schema_version() {
    return int(migrations().size());
}

void migrate(Connection& connection, int target) {
    require_ours(connection, user_version(connection));
    while (true) {
        // Re-read inside the write transaction: another process may have
        // migrated the same file while we waited for the lock.
        Transaction transaction(connection);
        const int64_t version = user_version(connection);
        require_ours(connection, version);
        if (version >= target) {
            transaction.commit();
            return;
        }
        connection.exec(migrations()[size_t(version)].sql);
        connection.exec("PRAGMA user_version = " + std::to_string(version + 1));
        if (version == 0)
            connection.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
        transaction.commit();
    }
}

void require_current_schema(Connection& connection) {
    const int64_t version = user_version(connection);
    require_ours(connection, version);
    if (version < latest_schema_version()) {
        throw Error("the session uses an older format (schema version " + std::to_string(version) +
                        ") that must be upgraded before it can be read",
                    connection.path(), "open it once for writing (the upgrade keeps every row)");
    }
}

}  // namespace facellava::store::detail
