#include "models/training_runs_model.h"

#include <QDateTime>
#include <QLocale>

#include "models/session_context.h"

namespace facellava::ui {

TrainingRunsModel::TrainingRunsModel(SessionContext& session, QObject* parent)
    : QAbstractTableModel(parent), session_(session) {}

int TrainingRunsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(runs_.size());
}

int TrainingRunsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString TrainingRunsModel::statusName(store::JobStatus status) {
    switch (status) {
        case store::JobStatus::Queued:
            return tr("queued");
        case store::JobStatus::Running:
            return tr("running");
        case store::JobStatus::Done:
            return tr("finished");
        case store::JobStatus::Failed:
            return tr("failed");
        case store::JobStatus::Cancelled:
            return tr("aborted");
    }
    return {};
}

QVariant TrainingRunsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const store::TrainingRunEntry& entry = runs_[size_t(index.row())];
    const auto& d = entry.details;
    if (role == RunIdRole)
        return qint64(entry.run.id);
    if (role == Qt::ToolTipRole) {
        if (index.column() == RunColumn)
            return QString::fromStdString(d.command);
        if (index.column() == StatusColumn)
            return QString::fromStdString(entry.run.error);
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
        case RunColumn:
            return QString::number(entry.run.id);
        case StartedColumn: {
            const QDateTime started = QDateTime::fromString(
                QString::fromStdString(entry.run.created_at), Qt::ISODateWithMs);
            return started.isValid()
                       ? QLocale().toString(started.toLocalTime(), QLocale::ShortFormat)
                       : QString::fromStdString(entry.run.created_at);
        }
        case StatusColumn:
            return statusName(entry.run.status);
        case StepsColumn:
            return d.total_steps > 0
                       ? QStringLiteral("%1 / %2").arg(d.steps_done).arg(d.total_steps)
                       : QString::number(d.steps_done);
        case LossColumn:
            return d.last_loss ? QString::number(*d.last_loss, 'f', 4) : QString();
        case OutputColumn:
            return QString::fromStdString(d.output_dir);
        default:
            return {};
    }
}

QVariant TrainingRunsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
        case RunColumn:
            return tr("Run");
        case StartedColumn:
            return tr("Started");
        case StatusColumn:
            return tr("Status");
        case StepsColumn:
            return tr("Steps");
        case LossColumn:
            return tr("Last loss");
        case OutputColumn:
            return tr("Output folder");
        default:
            return {};
    }
}

const store::TrainingRunEntry* TrainingRunsModel::run(qint64 id) const {
    const int row = rowOf(id);
    return row < 0 ? nullptr : &runs_[size_t(row)];
}

int TrainingRunsModel::rowOf(qint64 id) const {
    for (size_t i = 0; i < runs_.size(); ++i)
        if (runs_[i].run.id == id)
            return int(i);
    return -1;
}

void TrainingRunsModel::refresh() {
    session_.run([](store::SessionStore& s,
                    WriterState& state) { return s.training_runs().for_session(state.session_id); },
                 [this](const std::vector<store::TrainingRunEntry>& runs) {
                     beginResetModel();
                     runs_ = runs;
                     endResetModel();
                     emit loaded();
                 },
                 this);
}

}  // namespace facellava::ui
