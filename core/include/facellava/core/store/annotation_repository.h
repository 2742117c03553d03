// Annotations with undo/redo built in: every change returns the row before
// and after (AnnotationEdit), and restore() puts the "before" back, returning
// the inverse edit for redo. Deletion is soft so undo keeps the same id.
#pragma once

#include <optional>
#include <vector>

#include "facellava/core/store/records.h"
#include "facellava/core/store/repository.h"

namespace facellava::store {

class AnnotationRepository : public Repository {
  public:
    using Repository::Repository;

    // created_at/updated_at are set here; author and tier are the caller's.
    AnnotationEdit add(const Annotation& annotation);
    // Replaces the row with annotation.id (updated_at set to now).
    AnnotationEdit update(const Annotation& annotation);
    // Soft delete.
    AnnotationEdit remove(Id id);
    // Undo: writes edit.before back (an edit that created the row marks it
    // deleted). Throws facellava::Error when the row no longer equals
    // edit.after, i.e. the stack is out of step with the file. Returns the
    // inverse edit, so restore(restore(e)) is redo.
    AnnotationEdit restore(const AnnotationEdit& edit);

    std::optional<Annotation> find(Id id) const;  // deleted rows too
    std::vector<Annotation> list(Id media_id, bool include_deleted = false) const;
    std::vector<Annotation> list_all(bool include_deleted = false) const;
    // Permanently removes soft-deleted rows (e.g. on "compact session").
    int purge_deleted();
};

}  // namespace facellava::store
