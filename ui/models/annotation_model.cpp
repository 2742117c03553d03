#include "models/annotation_model.h"

#include <algorithm>

#include "support/timecode.h"

namespace facellava::ui {

AnnotationModel::AnnotationModel(QObject* parent) : QAbstractTableModel(parent) {}

void AnnotationModel::reset(store::Id media_id, double fps, std::vector<AnnotationRow> rows) {
    beginResetModel();
    media_id_ = media_id;
    fps_ = fps;
    rows_.clear();
    for (auto& row : rows)
        if (!row.annotation.deleted)
            rows_.push_back(std::move(row));
    endResetModel();
    emit annotationsChanged();
}

const AnnotationRow* AnnotationModel::rowById(store::Id id) const {
    for (const auto& row : rows_)
        if (row.annotation.id == id)
            return &row;
    return nullptr;
}

void AnnotationModel::apply(const AnnotationRow& row) {
    if (row.annotation.media_id != media_id_)
        return;
    auto it = std::find_if(rows_.begin(), rows_.end(), [&](const AnnotationRow& r) {
        return r.annotation.id == row.annotation.id;
    });
    if (row.annotation.deleted) {
        if (it == rows_.end())
            return;
        const int at = int(it - rows_.begin());
        beginRemoveRows({}, at, at);
        rows_.erase(it);
        endRemoveRows();
    } else if (it != rows_.end()) {
        *it = row;
        const int at = int(it - rows_.begin());
        emit dataChanged(index(at, 0), index(at, ColumnCount - 1));
    } else {
        // Ordered by id, as the store lists them.
        auto pos = std::lower_bound(
            rows_.begin(), rows_.end(), row.annotation.id,
            [](const AnnotationRow& r, store::Id id) { return r.annotation.id < id; });
        const int at = int(pos - rows_.begin());
        beginInsertRows({}, at, at);
        rows_.insert(pos, row);
        endInsertRows();
    }
    emit annotationsChanged();
}

int AnnotationModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int AnnotationModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AnnotationModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(rows_.size()))
        return {};
    const AnnotationRow& row = rows_[size_t(index.row())];
    const store::Annotation& a = row.annotation;
    switch (role) {
        case IdRole:
            return qint64(a.id);
        case StartMsRole:
            return a.start_ms ? QVariant(qint64(*a.start_ms)) : QVariant();
        case EndMsRole:
            return a.end_ms ? QVariant(qint64(*a.end_ms)) : QVariant();
        case FrameRole:
            return a.frame ? QVariant(qint64(*a.frame)) : QVariant();
        case FaceRole:
            return row.face_index;
        case Qt::DisplayRole:
            break;
        default:
            return {};
    }
    switch (index.column()) {
        case TargetColumn:
            switch (a.target) {
                case store::AnnotationTarget::Face:
                    return tr("Face");
                case store::AnnotationTarget::Frame:
                    return tr("Frame");
                case store::AnnotationTarget::Range:
                    return tr("Range");
            }
            return {};
        case FaceColumn:
            return row.face_index >= 0 ? QVariant(row.face_index) : QVariant();
        case WhenColumn:
            if (a.target == store::AnnotationTarget::Range && a.start_ms && a.end_ms)
                return tr("%1 – %2").arg(format_time(*a.start_ms / 1000.0),
                                         format_time(*a.end_ms / 1000.0));
            if (a.frame)
                return fps_ > 0 ? format_playhead(*a.frame / fps_, *a.frame) : tr("image");
            return tr("whole media");
        case TierColumn:
            return QString::fromStdString(a.tier);
        case LabelColumn:
            return QString::fromStdString(a.label);
        default:
            return {};
    }
}

QVariant AnnotationModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
        case TargetColumn:
            return tr("Target");
        case FaceColumn:
            return tr("Face");
        case WhenColumn:
            return tr("When");
        case TierColumn:
            return tr("Tier");
        case LabelColumn:
            return tr("Label");
        default:
            return {};
    }
}

}  // namespace facellava::ui
