#include "facellava/core/store/session_repository.h"

#include "store/clock.h"
#include "store/sqlite_db.h"

namespace facellava::store {
namespace {

constexpr const char* kColumns = "id, name, notes, created_at, updated_at";

SessionInfo read_session(detail::Statement& st) {
    return {st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4)};
}

}  // namespace

Id SessionRepository::create(const std::string& name, const std::string& notes) {
    const std::string now = detail::now_utc();
    auto st = db().statement(
        "INSERT INTO sessions (name, notes, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)");
    st->bind(1, name).bind(2, notes).bind(3, now).run();
    return db().last_insert_rowid();
}

std::optional<SessionInfo> SessionRepository::find(Id id) const {
    auto st = db().statement(std::string("SELECT ") + kColumns + " FROM sessions WHERE id = ?1");
    st->bind(1, id);
    if (!st->step())
        return std::nullopt;
    return read_session(*st);
}

std::vector<SessionInfo> SessionRepository::list() const {
    auto st = db().statement(std::string("SELECT ") + kColumns + " FROM sessions ORDER BY id");
    std::vector<SessionInfo> result;
    while (st->step())
        result.push_back(read_session(*st));
    return result;
}

void SessionRepository::update(const SessionInfo& session) {
    auto st =
        db().statement("UPDATE sessions SET name = ?2, notes = ?3, updated_at = ?4 WHERE id = ?1");
    st->bind(1, session.id)
        .bind(2, session.name)
        .bind(3, session.notes)
        .bind(4, detail::now_utc())
        .run();
}

void SessionRepository::remove(Id id) {
    auto st = db().statement("DELETE FROM sessions WHERE id = ?1");
    st->bind(1, id).run();
}

}  // namespace facellava::store
