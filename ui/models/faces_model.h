// The faces of the analysed frame as a table (one row per face).
#pragma once

#include <QAbstractTableModel>

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

  private:
    AnalysisState& state_;
};

}  // namespace facellava::ui
