// The faces of the analysed frame as a table (one row per face). With the
// identity output measured, the faces are grouped by person: sorted by
// identity, then face id, and labelled "person_2 · face 3".
#pragma once

#include <QAbstractTableModel>
#include <vector>

#include "models/frame_analysis.h"

namespace facellava::ui {

class AnalysisState;

class FacesModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column {
        FaceColumn,
        ExpressionColumn,
        AgeColumn,
        GenderColumn,
        YawColumn,
        PitchColumn,
        RollColumn,
        ScoreColumn,
        ColumnCount
    };
    enum Role { FaceIdRole = Qt::UserRole + 1 };

    explicit FacesModel(AnalysisState& state, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    int rowOfFace(int face_id) const;
    // The face shown in `row` (nullptr outside the table).
    const FaceResult* faceAt(int row) const;

  private:
    void sortRows();

    AnalysisState& state_;
    std::vector<size_t> order_;  // row → index into the analysis' faces
};

}  // namespace facellava::ui
