#include "commands/annotation_command.h"

#include "facellava/core/error.h"
#include "facellava/core/store/session_store.h"
#include "models/annotation_model.h"
#include "models/session_context.h"

namespace facellava::ui {
namespace {

AnnotationRow row_after(store::SessionStore& store, const store::AnnotationEdit& edit) {
    AnnotationRow row;
    if (edit.after) {
        row.annotation = *edit.after;
    } else if (edit.before) {
        row.annotation = *edit.before;
        row.annotation.deleted = true;
    }
    if (row.annotation.track_id)
        if (auto track = store.faces().find_track(*row.annotation.track_id))
            row.face_index = track->face_index;
    return row;
}

}  // namespace

AnnotationCommand::AnnotationCommand(SessionContext& session, AnnotationModel& model,
                                     const QString& text, Edit edit)
    : session_(session),
      model_(model),
      edit_(std::move(edit)),
      shared_(std::make_shared<Shared>()) {
    setText(text);
}

void AnnotationCommand::redo() {
    if (done_once_) {
        restore();
        return;
    }
    done_once_ = true;
    AnnotationModel* model = &model_;
    session_.run(
        [edit = edit_, shared = shared_](store::SessionStore& store, WriterState& state) {
            shared->last = edit(store, state);
            return row_after(store, shared->last);
        },
        [model](const AnnotationRow& row) { model->apply(row); }, model);
}

void AnnotationCommand::undo() {
    restore();
}

void AnnotationCommand::restore() {
    AnnotationModel* model = &model_;
    session_.run(
        [shared = shared_](store::SessionStore& store, WriterState&) {
            shared->last = store.annotations().restore(shared->last);
            return row_after(store, shared->last);
        },
        [model](const AnnotationRow& row) { model->apply(row); }, model);
}

AnnotationCommand::Edit AnnotationCommand::add(store::Annotation annotation, int face_index,
                                               const QString& media_path) {
    return [annotation, face_index, media_path](store::SessionStore& store,
                                                WriterState& state) mutable {
        // The media id is looked up here, on the writer thread, where the
        // registration posted before this edit has already run.
        if (annotation.media_id == 0)
            annotation.media_id = state.media_id(media_path);
        if (annotation.media_id == 0)
            throw facellava::Error(
                "the media is not in the session yet", store.path(),
                "wait until the file has been added to the session, then label again");
        if (face_index >= 0)
            annotation.track_id = store.faces().track_for(annotation.media_id, face_index);
        return store.annotations().add(annotation);
    };
}

AnnotationCommand::Edit AnnotationCommand::update(store::Annotation annotation) {
    return [annotation](store::SessionStore& store, WriterState&) {
        return store.annotations().update(annotation);
    };
}

AnnotationCommand::Edit AnnotationCommand::remove(store::Id id) {
    return
        [id](store::SessionStore& store, WriterState&) { return store.annotations().remove(id); };
}

}  // namespace facellava::ui
