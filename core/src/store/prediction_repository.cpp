#include "facellava/core/store/prediction_repository.h"

#include "store/clock.h"
#include "store/sqlite_db.h"

namespace facellava::store {
namespace {

constexpr const char* kColumns =
    "id, media_id, track_id, frame, task, value, probabilities, model_id, checkpoint_sha256, "
    "created_at";

Prediction read_prediction(detail::Statement& st) {
    Prediction p;
    p.id = st.int64(0);
    p.media_id = st.int64(1);
    p.track_id = st.optional_int64(2);
    p.frame = st.optional_int64(3);
    p.task = st.text(4);
    p.value = st.text(5);
    p.probabilities_json = st.text(6);
    p.model_id = st.text(7);
    p.checkpoint_sha256 = st.text(8);
    p.created_at = st.text(9);
    return p;
}

std::vector<Prediction> read_all(detail::StatementRef& st) {
    std::vector<Prediction> result;
    while (st->step())
        result.push_back(read_prediction(*st));
    return result;
}

}  // namespace

Id PredictionRepository::add(const Prediction& p) {
    auto st = db().statement(
        "INSERT INTO predictions (media_id, track_id, frame, task, value, probabilities, model_id, "
        "checkpoint_sha256, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    st->bind(1, p.media_id).bind(2, p.track_id).bind(3, p.frame).bind(4, p.task).bind(5, p.value);
    st->bind(6, p.probabilities_json.empty() ? std::string("{}") : p.probabilities_json);
    st->bind(7, p.model_id).bind(8, p.checkpoint_sha256);
    st->bind(9, p.created_at.empty() ? detail::now_utc() : p.created_at).run();
    return db().last_insert_rowid();
}

std::vector<Prediction> PredictionRepository::list(Id media_id) const {
    auto st = db().statement(std::string("SELECT ") + kColumns +
                             " FROM predictions WHERE media_id = ?1 ORDER BY id");
    st->bind(1, media_id);
    return read_all(st);
}

std::vector<Prediction> PredictionRepository::at_frame(Id media_id, int64_t frame) const {
    auto st = db().statement(std::string("SELECT ") + kColumns +
                             " FROM predictions WHERE media_id = ?1 AND frame = ?2 ORDER BY id");
    st->bind(1, media_id).bind(2, frame);
    return read_all(st);
}

std::optional<Prediction> PredictionRepository::latest(Id media_id, const std::string& task,
                                                       std::optional<int64_t> frame) const {
    // "frame IS ?3" matches NULL with NULL, so one statement serves both cases.
    auto st = db().statement(std::string("SELECT ") + kColumns +
                             " FROM predictions WHERE media_id = ?1 AND task = ?2 AND frame IS ?3"
                             " ORDER BY created_at DESC, id DESC LIMIT 1");
    st->bind(1, media_id).bind(2, task).bind(3, frame);
    if (!st->step())
        return std::nullopt;
    return read_prediction(*st);
}

int PredictionRepository::remove_at(Id media_id, int64_t frame,
                                    const std::vector<std::string>& tasks) {
    if (tasks.empty())
        return 0;
    std::string sql = "DELETE FROM predictions WHERE media_id = ?1 AND frame = ?2 AND task IN (";
    for (size_t i = 0; i < tasks.size(); ++i)
        sql += (i ? ", ?" : "?") + std::to_string(i + 3);
    sql += ")";
    auto st = db().statement(sql);
    st->bind(1, media_id).bind(2, frame);
    for (size_t i = 0; i < tasks.size(); ++i)
        st->bind(int(i) + 3, tasks[i]);
    st->run();
    return db().changes();
}

int PredictionRepository::remove_of_track(Id track_id, int64_t frame, const std::string& task) {
    auto st =
        db().statement("DELETE FROM predictions WHERE track_id = ?1 AND frame = ?2 AND task = ?3");
    st->bind(1, track_id).bind(2, frame).bind(3, task).run();
    return db().changes();
}

}  // namespace facellava::store
