// The training runs of the open session (its training_runs rows, newest
// first) as a table: run id, start, status, steps, last loss, output folder.
// The command line is the run column's tooltip, the error the status's.
// refresh() reads on the store's writer thread; loaded() follows.
#pragma once

#include <QAbstractTableModel>
#include <vector>

#include "facellava/core/store/training_run_repository.h"

namespace facellava::ui {

class SessionContext;

class TrainingRunsModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column {
        RunColumn,
        StartedColumn,
        StatusColumn,
        StepsColumn,
        LossColumn,
        OutputColumn,
        ColumnCount
    };
    static constexpr int RunIdRole = Qt::UserRole;

    explicit TrainingRunsModel(SessionContext& session, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const std::vector<store::TrainingRunEntry>& runs() const { return runs_; }
    // The run of an id, or nullptr.
    const store::TrainingRunEntry* run(qint64 id) const;
    // The row of an id, or -1.
    int rowOf(qint64 id) const;

    // Re-reads the session's runs (nothing while no session is open).
    void refresh();

    static QString statusName(store::JobStatus status);

  signals:
    void loaded();

  private:
    SessionContext& session_;
    std::vector<store::TrainingRunEntry> runs_;
};

}  // namespace facellava::ui
