// The annotations of the media on screen as a table (what, face, when, tier,
// label). Rows arrive from the store's writer thread as AnnotationRow values;
// the model never touches the store itself.
#pragma once

#include <QAbstractTableModel>
#include <QMetaType>
#include <vector>

#include "facellava/core/store/records.h"

namespace facellava::ui {

struct AnnotationRow {
    store::Annotation annotation;
    int face_index = -1;  // the face id of annotation.track_id, -1 for none
};

class AnnotationModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column { TargetColumn, FaceColumn, WhenColumn, TierColumn, LabelColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, StartMsRole, EndMsRole, FrameRole, FaceRole };

    explicit AnnotationModel(QObject* parent = nullptr);

    // The media whose rows are shown; rows of other media passed to apply() are ignored.
    void reset(store::Id media_id, double fps, std::vector<AnnotationRow> rows);
    // Inserts, updates or (for a deleted row) removes one annotation.
    void apply(const AnnotationRow& row);
    store::Id mediaId() const { return media_id_; }
    const AnnotationRow* rowById(store::Id id) const;
    const AnnotationRow& rowAt(int row) const { return rows_[size_t(row)]; }
    const std::vector<AnnotationRow>& rows() const { return rows_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  signals:
    void annotationsChanged();

  private:
    store::Id media_id_ = 0;
    double fps_ = 0;
    std::vector<AnnotationRow> rows_;
};

}  // namespace facellava::ui

Q_DECLARE_METATYPE(facellava::ui::AnnotationRow)
