#include "models/faces_model.h"

#include <algorithm>
#include <cmath>

#include "models/analysis_state.h"

namespace facellava::ui {

FacesModel::FacesModel(AnalysisState& state, QObject* parent)
    : QAbstractTableModel(parent), state_(state) {
    // A new analysis replaces every row; landmark edits only change the pose columns.
    connect(&state_, &AnalysisState::analysisChanged, this, [this] {
        beginResetModel();
        sortRows();
        endResetModel();
    });
    sortRows();
}

void FacesModel::sortRows() {
    const auto& faces = state_.analysis().faces;
    order_.resize(faces.size());
    for (size_t i = 0; i < order_.size(); ++i)
        order_[i] = i;
    // One person's faces together: by identity (person_2 before person_10:
    // the names differ only in their number, so shorter is smaller), then by
    // face id; faces without an identity last, in the analysis' order.
    const auto before = [&](size_t a, size_t b) {
        const QString& x = faces[a].identity;
        const QString& y = faces[b].identity;
        if (x.isEmpty() != y.isEmpty())
            return y.isEmpty();
        if (x.size() != y.size())
            return x.size() < y.size();
        if (x != y)
            return x < y;
        return faces[a].face_id < faces[b].face_id;
    };
    std::stable_sort(order_.begin(), order_.end(), before);
}

const FaceResult* FacesModel::faceAt(int row) const {
    const auto& faces = state_.analysis().faces;
    // The order is rebuilt on each new analysis; guard against a stale one.
    if (row < 0 || row >= int(order_.size()) || order_[size_t(row)] >= faces.size())
        return nullptr;
    return &faces[order_[size_t(row)]];
}

int FacesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(order_.size());
}

int FacesModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

int FacesModel::rowOfFace(int face_id) const {
    for (int row = 0; row < int(order_.size()); ++row) {
        const FaceResult* face = faceAt(row);
        if (face && face->face_id == face_id)
            return row;
    }
    return -1;
}

QVariant FacesModel::data(const QModelIndex& index, int role) const {
    const FaceResult* found = index.isValid() ? faceAt(index.row()) : nullptr;
    if (!found)
        return {};
    const FaceResult& face = *found;
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
            if (face.identity.isEmpty())
                return face.face_id;
            return tr("%1 · face %2").arg(face.identity).arg(face.face_id);
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
