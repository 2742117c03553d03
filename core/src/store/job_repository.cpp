#include "facellava/core/store/job_repository.h"

#include "store/clock.h"
#include "store/sqlite_db.h"
#include "store/training_run_row.h"

namespace facellava::store {
namespace {

constexpr const char* kJobColumns =
    "id, session_id, kind, config, status, progress, output_dir, error, created_at, updated_at";
constexpr const char* kRunColumns =
    "id, session_id, config, status, metrics_path, checkpoint_dir, error, created_at, updated_at";

BatchJob read_job(detail::Statement& st) {
    BatchJob j;
    j.id = st.int64(0);
    j.session_id = st.int64(1);
    j.kind = st.text(2);
    j.config_json = st.text(3);
    j.status = job_status_from_string(st.text(4));
    j.progress = st.real(5);
    j.output_dir = st.text(6);
    j.error = st.text(7);
    j.created_at = st.text(8);
    j.updated_at = st.text(9);
    return j;
}

std::string or_empty_object(const std::string& json) {
    return json.empty() ? std::string("{}") : json;
}

}  // namespace

TrainingRun detail::read_training_run(detail::Statement& st) {
    TrainingRun r;
    r.id = st.int64(0);
    r.session_id = st.int64(1);
    r.config_json = st.text(2);
    r.status = job_status_from_string(st.text(3));
    r.metrics_path = st.text(4);
    r.checkpoint_dir = st.text(5);
    r.error = st.text(6);
    r.created_at = st.text(7);
    r.updated_at = st.text(8);
    return r;
}

Id JobRepository::add_job(const BatchJob& j) {
    const std::string now = detail::now_utc();
    auto st = db().statement(
        "INSERT INTO batch_jobs (session_id, kind, config, status, progress, output_dir, error, "
        "created_at, "
        "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)");
    st->bind(1, j.session_id)
        .bind(2, j.kind)
        .bind(3, or_empty_object(j.config_json))
        .bind(4, to_string(j.status));
    st->bind(5, j.progress).bind(6, j.output_dir).bind(7, j.error).bind(8, now).run();
    return db().last_insert_rowid();
}

void JobRepository::update_job(Id id, JobStatus status, double progress, const std::string& error) {
    auto st = db().statement(
        "UPDATE batch_jobs SET status = ?2, progress = ?3, error = ?4, updated_at = ?5 WHERE id = "
        "?1");
    st->bind(1, id)
        .bind(2, to_string(status))
        .bind(3, progress)
        .bind(4, error)
        .bind(5, detail::now_utc())
        .run();
}

std::optional<BatchJob> JobRepository::find_job(Id id) const {
    auto st =
        db().statement(std::string("SELECT ") + kJobColumns + " FROM batch_jobs WHERE id = ?1");
    st->bind(1, id);
    if (!st->step())
        return std::nullopt;
    return read_job(*st);
}

std::vector<BatchJob> JobRepository::jobs(Id session_id) const {
    auto st = db().statement(std::string("SELECT ") + kJobColumns +
                             " FROM batch_jobs WHERE session_id = ?1 ORDER BY id");
    st->bind(1, session_id);
    std::vector<BatchJob> result;
    while (st->step())
        result.push_back(read_job(*st));
    return result;
}

Id detail::insert_training_run(detail::Connection& db, const TrainingRun& r) {
    auto st = db.statement(
        "INSERT INTO training_runs (session_id, config, status, metrics_path, checkpoint_dir, "
        "error, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)");
    st->bind(1, r.session_id).bind(2, or_empty_object(r.config_json)).bind(3, to_string(r.status));
    st->bind(4, r.metrics_path).bind(5, r.checkpoint_dir).bind(6, r.error);
    st->bind(7, detail::now_utc()).run();
    return db.last_insert_rowid();
}

Id JobRepository::add_run(const TrainingRun& r) {
    return detail::insert_training_run(db(), r);
}

void JobRepository::update_run(Id id, JobStatus status, const std::string& error) {
    auto st = db().statement(
        "UPDATE training_runs SET status = ?2, error = ?3, updated_at = ?4 WHERE id = ?1");
    st->bind(1, id).bind(2, to_string(status)).bind(3, error).bind(4, detail::now_utc()).run();
}

std::optional<TrainingRun> JobRepository::find_run(Id id) const {
    auto st =
        db().statement(std::string("SELECT ") + kRunColumns + " FROM training_runs WHERE id = ?1");
    st->bind(1, id);
    if (!st->step())
        return std::nullopt;
    return detail::read_training_run(*st);
}

std::vector<TrainingRun> JobRepository::runs(Id session_id) const {
    auto st = db().statement(std::string("SELECT ") + kRunColumns +
                             " FROM training_runs WHERE session_id = ?1 ORDER BY id");
    st->bind(1, session_id);
    std::vector<TrainingRun> result;
    while (st->step())
        result.push_back(detail::read_training_run(*st));
    return result;
}

int JobRepository::fail_interrupted(const std::string& reason) {
    detail::Transaction transaction(db());
    const std::string now = detail::now_utc();
    int changed = 0;
    for (const char* table : {"batch_jobs", "training_runs"}) {
        auto st = db().statement(
            std::string("UPDATE ") + table +
            " SET status = 'failed', error = ?1, updated_at = ?2 WHERE status = 'running'");
        st->bind(1, reason).bind(2, now).run();
        changed += db().changes();
    }
    transaction.commit();
    return changed;
}

}  // namespace facellava::store
