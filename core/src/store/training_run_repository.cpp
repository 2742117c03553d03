#include "facellava/core/store/training_run_repository.h"

#include "facellava/core/error.h"
#include "store/clock.h"
#include "store/sqlite_db.h"
#include "store/training_run_row.h"

namespace facellava::store {
namespace {

constexpr const char* kSelect =
    "SELECT r.id, r.session_id, r.config, r.status, r.metrics_path, r.checkpoint_dir, r.error, "
    "r.created_at, r.updated_at, coalesce(d.output_dir, ''), coalesce(d.command, ''), "
    "coalesce(d.steps_done, 0), coalesce(d.total_steps, 0), d.last_loss, "
    "coalesce(d.final_model_dir, '') FROM training_runs r LEFT JOIN training_run_details d ON "
    "d.run_id = r.id ";

TrainingRunEntry read_entry(detail::Statement& st) {
    TrainingRunEntry e;
    e.run = detail::read_training_run(st);  // columns 0–8
    TrainingRunDetails& d = e.details;
    d.output_dir = st.text(9);
    d.command = st.text(10);
    d.steps_done = st.int64(11);
    d.total_steps = st.int64(12);
    d.last_loss = st.optional_real(13);
    d.final_model_dir = st.text(14);
    return e;
}

}  // namespace

Id TrainingRunRepository::add(const TrainingRun& r, const TrainingRunDetails& d) {
    detail::Transaction transaction(db());
    const Id id = detail::insert_training_run(db(), r);
    auto details = db().statement(
        "INSERT INTO training_run_details (run_id, output_dir, command, steps_done, total_steps, "
        "last_loss, final_model_dir) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    details->bind(1, id)
        .bind(2, d.output_dir)
        .bind(3, d.command)
        .bind(4, d.steps_done)
        .bind(5, d.total_steps)
        .bind(6, d.last_loss)
        .bind(7, d.final_model_dir)
        .run();
    transaction.commit();
    return id;
}

void TrainingRunRepository::update(Id id, const TrainingRunProgress& p) {
    detail::Transaction transaction(db());
    auto run = db().statement(
        "UPDATE training_runs SET status = ?2, error = ?3, checkpoint_dir = CASE WHEN ?4 = '' "
        "THEN checkpoint_dir ELSE ?4 END, updated_at = ?5 WHERE id = ?1");
    run->bind(1, id)
        .bind(2, to_string(p.status))
        .bind(3, p.error)
        .bind(4, p.checkpoint_dir)
        .bind(5, detail::now_utc())
        .run();
    if (db().changes() == 0)
        throw Error("no training run " + std::to_string(id) + " in this session file", db().path(),
                    "the run may have been removed from the history meanwhile");
    // Runs added through JobRepository::add_run have no details row yet.
    auto details = db().statement(
        "INSERT INTO training_run_details (run_id, steps_done, total_steps, last_loss, "
        "final_model_dir) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (run_id) DO UPDATE SET "
        "steps_done = excluded.steps_done, total_steps = excluded.total_steps, last_loss = "
        "coalesce(excluded.last_loss, last_loss), final_model_dir = CASE WHEN "
        "excluded.final_model_dir = '' THEN final_model_dir ELSE excluded.final_model_dir END");
    details->bind(1, id)
        .bind(2, p.steps_done)
        .bind(3, p.total_steps)
        .bind(4, p.last_loss)
        .bind(5, p.final_model_dir)
        .run();
    transaction.commit();
}

std::optional<TrainingRunEntry> TrainingRunRepository::find(Id id) const {
    auto st = db().statement(std::string(kSelect) + "WHERE r.id = ?1");
    st->bind(1, id);
    if (!st->step())
        return std::nullopt;
    return read_entry(*st);
}

std::vector<TrainingRunEntry> TrainingRunRepository::for_session(Id session_id) const {
    auto st = db().statement(std::string(kSelect) + "WHERE r.session_id = ?1 ORDER BY r.id DESC");
    st->bind(1, session_id);
    std::vector<TrainingRunEntry> result;
    while (st->step())
        result.push_back(read_entry(*st));
    return result;
}

void TrainingRunRepository::remove(Id id) {
    auto st = db().statement("DELETE FROM training_runs WHERE id = ?1");
    st->bind(1, id).run();
}

}  // namespace facellava::store
