// One annotation edit on the undo stack. The first redo() runs the edit (add,
// update or remove) in the session store; undo and later redos call the
// store's restore(), which returns the inverse edit, so the row keeps its id
// and the file always matches the stack. All store work is posted to the
// writer thread; the table is updated when the row comes back.
#pragma once

#include <QString>
#include <QUndoCommand>
#include <functional>
#include <memory>

#include "facellava/core/store/records.h"

namespace facellava::store {
class SessionStore;
}

namespace facellava::ui {

class AnnotationModel;
class SessionContext;
struct WriterState;

class AnnotationCommand : public QUndoCommand {
  public:
    // Runs on the writer thread; returns the edit it made.
    using Edit = std::function<store::AnnotationEdit(store::SessionStore&, WriterState&)>;

    AnnotationCommand(SessionContext& session, AnnotationModel& model, const QString& text,
                      Edit edit);

    void redo() override;
    void undo() override;

    // Ready-made edits.
    // face_index ≥ 0 labels that face (its track is created when missing);
    // a media_id of 0 is taken from media_path's registration in the session.
    static Edit add(store::Annotation annotation, int face_index, const QString& media_path);
    static Edit update(store::Annotation annotation);
    static Edit remove(store::Id id);

  private:
    void restore();

    struct Shared {
        store::AnnotationEdit last;  // the newest edit applied; touched on the writer thread only
    };
    SessionContext& session_;
    AnnotationModel& model_;
    Edit edit_;
    bool done_once_ = false;
    std::shared_ptr<Shared> shared_;
};

}  // namespace facellava::ui
