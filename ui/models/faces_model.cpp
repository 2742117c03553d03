#include "models/faces_model.h"

#include <cmath>

#include "models/analysis_state.h"

namespace facellava::ui {

FacesModel::FacesModel(AnalysisState& state, QObject* parent)
    : QAbstractTableModel(parent), state_(state) {
    // A new analysis replaces every row; landmark edits only change the pose columns.
    connect(&state_, &AnalysisState::analysisChanged, this, [this] {
        beginResetModel();
        endResetModel();
    });
}

int FacesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(state_.analysis().faces.size());
}

int FacesModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

int FacesModel::rowOfFace(int face_id) const {
    const auto& faces = state_.analysis().faces;
    for (size_t i = 0; i < faces.size(); ++i)
        if (faces[i].face_id == face_id)
            return int(i);
    return -1;
}

QVariant FacesModel::data(const QModelIndex& index, int role) const {
    const auto& faces = state_.analysis().faces;
    if (!index.isValid() || index.row() >= int(faces.size()))
        return {};
    const FaceResult& face = faces[size_t(index.row())];
    if (role == FaceIdRole)
        return face.face_id;
    if (role == Qt::TextAlignmentRole && index.column() != ExpressionColumn &&
        index.column() != GenderColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    const auto angle = [&](double PoseResult::*field) -> QVariant {
        return face.pose ? QVariant(QString::number(face.pose.value().*field, 'f', 0)) : QVariant();
    };
    switch (index.column()) {
        case FaceColumn:
            return face.face_id;
        case ExpressionColumn: {
            const int top = face.dominantExpression();
            return tr("%1 (%2%)")
                .arg(expression_display_name(top))
                .arg(std::lround(100 * face.expression[size_t(top)]));
        }
        case AgeColumn:
            return QString::number(face.age, 'f', 0);
        case GenderColumn:
            return tr("%1 (%2%)").arg(face.gender).arg(std::lround(100 * face.gender_probability));
        case YawColumn:
            return angle(&PoseResult::yaw);
        case PitchColumn:
            return angle(&PoseResult::pitch);
        case RollColumn:
            return angle(&PoseResult::roll);
        case ScoreColumn:
            return QString::number(face.score, 'f', 2);
        default:
            return {};
    }
}

QVariant FacesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
        case FaceColumn:
            return tr("Face");
        case ExpressionColumn:
            return tr("Expression");
        case AgeColumn:
            return tr("Age");
        case GenderColumn:
            return tr("Gender");
        case YawColumn:
            return tr("Yaw°");
        case PitchColumn:
            return tr("Pitch°");
        case RollColumn:
            return tr("Roll°");
        case ScoreColumn:
            return tr("Detector score");
        default:
            return {};
    }
}

}  // namespace facellava::ui
