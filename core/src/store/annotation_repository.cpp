#include "facellava/core/store/annotation_repository.h"

#include "facellava/core/error.h"
#include "store/clock.h"
#include "store/sqlite_db.h"

namespace facellava::store {
namespace {

constexpr const char* kColumns =
    "id, media_id, target, track_id, frame, start_ms, end_ms, tier, label, author, created_at, "
    "updated_at, deleted";

Annotation read_annotation(detail::Statement& st) {
    Annotation a;
    a.id = st.int64(0);
    a.media_id = st.int64(1);
    a.target = annotation_target_from_string(st.text(2));
    a.track_id = st.optional_int64(3);
    a.frame = st.optional_int64(4);
    a.start_ms = st.optional_int64(5);
    a.end_ms = st.optional_int64(6);
    a.tier = st.text(7);
    a.label = st.text(8);
    a.author = st.text(9);
    a.created_at = st.text(10);
    a.updated_at = st.text(11);
    a.deleted = st.int64(12) != 0;
    return a;
}

std::vector<Annotation> read_all(detail::StatementRef& st) {
    std::vector<Annotation> result;
    while (st->step())
        result.push_back(read_annotation(*st));
    return result;
}

// Writes every column of `a` to its row (the row must exist).
void write_row(detail::Connection& db, const Annotation& a) {
    auto st = db.statement(
        "UPDATE annotations SET media_id = ?2, target = ?3, track_id = ?4, frame = ?5, start_ms = "
        "?6, end_ms = ?7, "
        "tier = ?8, label = ?9, author = ?10, created_at = ?11, updated_at = ?12, deleted = ?13 "
        "WHERE id = ?1");
    st->bind(1, a.id)
        .bind(2, a.media_id)
        .bind(3, to_string(a.target))
        .bind(4, a.track_id)
        .bind(5, a.frame);
    st->bind(6, a.start_ms).bind(7, a.end_ms).bind(8, a.tier).bind(9, a.label).bind(10, a.author);
    st->bind(11, a.created_at).bind(12, a.updated_at).bind(13, int64_t(a.deleted ? 1 : 0)).run();
}

}  // namespace

std::optional<Annotation> AnnotationRepository::find(Id id) const {
    auto st = db().statement(std::string("SELECT ") + kColumns + " FROM annotations WHERE id = ?1");
    st->bind(1, id);
    if (!st->step())
        return std::nullopt;
    return read_annotation(*st);
}

AnnotationEdit AnnotationRepository::add(const Annotation& annotation) {
    detail::Transaction transaction(db());
    const std::string now = detail::now_utc();
    auto st = db().statement(
        "INSERT INTO annotations (media_id, target, track_id, frame, start_ms, end_ms, tier, "
        "label, author, "
        "created_at, updated_at, deleted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, "
        "0)");
    const Annotation& a = annotation;
    st->bind(1, a.media_id).bind(2, to_string(a.target)).bind(3, a.track_id).bind(4, a.frame);
    st->bind(5, a.start_ms)
        .bind(6, a.end_ms)
        .bind(7, a.tier.empty() ? std::string("default") : a.tier);
    st->bind(8, a.label).bind(9, a.author).bind(10, now).run();
    AnnotationEdit edit{std::nullopt, find(db().last_insert_rowid())};
    transaction.commit();
    return edit;
}

AnnotationEdit AnnotationRepository::update(const Annotation& annotation) {
    detail::Transaction transaction(db());
    auto before = find(annotation.id);
    if (!before) {
        throw Error("annotation " + std::to_string(annotation.id) + " does not exist", db().path(),
                    "reload the session");
    }
    Annotation after = annotation;
    after.created_at = before->created_at;
    after.updated_at = detail::now_utc();
    write_row(db(), after);
    AnnotationEdit edit{before, find(annotation.id)};
    transaction.commit();
    return edit;
}

AnnotationEdit AnnotationRepository::remove(Id id) {
    detail::Transaction transaction(db());
    auto before = find(id);
    if (!before)
        throw Error("annotation " + std::to_string(id) + " does not exist", db().path(),
                    "reload the session");
    Annotation after = *before;
    after.deleted = true;
    after.updated_at = detail::now_utc();
    write_row(db(), after);
    AnnotationEdit edit{before, find(id)};
    transaction.commit();
    return edit;
}

AnnotationEdit AnnotationRepository::restore(const AnnotationEdit& edit) {
    const Id id = edit.id();
    detail::Transaction transaction(db());
    auto current = find(id);
    const bool in_step =
        edit.after ? (current && *current == *edit.after) : !current || current->deleted;
    if (!in_step) {
        throw Error("annotation " + std::to_string(id) + " was changed elsewhere since this edit",
                    db().path(), "reload the session; the undo history no longer matches it");
    }
    Annotation target;
    if (edit.before) {
        target = *edit.before;
    } else {
        // Undoing a creation: hide the row but keep its id, so redo brings
        // back the very same annotation (other edits may refer to it).
        target = *current;
        target.deleted = true;
    }
    write_row(db(), target);
    AnnotationEdit inverse{current, find(id)};
    transaction.commit();
    return inverse;
}

std::vector<Annotation> AnnotationRepository::list(Id media_id, bool include_deleted) const {
    auto st =
        db().statement(std::string("SELECT ") + kColumns +
                       " FROM annotations WHERE media_id = ?1 AND (?2 OR deleted = 0) ORDER BY id");
    st->bind(1, media_id).bind(2, int64_t(include_deleted ? 1 : 0));
    return read_all(st);
}

std::vector<Annotation> AnnotationRepository::list_all(bool include_deleted) const {
    auto st = db().statement(std::string("SELECT ") + kColumns +
                             " FROM annotations WHERE (?1 OR deleted = 0) ORDER BY id");
    st->bind(1, int64_t(include_deleted ? 1 : 0));
    return read_all(st);
}

int AnnotationRepository::purge_deleted() {
    auto st = db().statement("DELETE FROM annotations WHERE deleted = 1");
    st->run();
    return db().changes();
}

}  // namespace facellava::store
