// The Training dialog's History tab: the session's training runs (a
// TrainingRunsModel) with "Show curves", "Use its settings" and "Refresh".
// The selection survives a refresh. The view hands over what a run has — its
// id for the curves, its settings as a config, the model it wrote — and the
// dialog decides what to do with them.
#pragma once

#include <QWidget>

#include "dialogs/error_reporter.h"
#include "facellava/training/train_config.h"

class QLabel;
class QPushButton;
class QTableView;

namespace facellava::ui {

class TrainingRunsModel;

class TrainingHistoryView : public QWidget {
    Q_OBJECT
  public:
    TrainingHistoryView(TrainingRunsModel* runs, QWidget* parent = nullptr);

    QTableView* table() const { return table_; }
    // The selected run's id, 0 when none.
    qint64 selectedRun() const;
    // Re-reads the session's runs; without a session, says why there are none.
    void refresh(bool session_open);
    // While a run is in progress the charts follow it: no past curves.
    void setRunning(bool running);

  signals:
    void curvesRequested(qint64 run_id);
    // "Use its settings": the run's config as the trainer recorded it.
    void settingsRequested(const facellava::training::TrainConfig& config);
    // A selected run that wrote a model the chat can load.
    void modelSelected(const QString& model_dir);
    void refreshRequested();
    // The run's recorded settings cannot be read.
    void failed(const facellava::ui::UserError& error);

  private:
    void updateButtons();
    void useSettings(qint64 run_id);

    TrainingRunsModel* runs_;
    QLabel* note_ = nullptr;
    QTableView* table_ = nullptr;
    QPushButton* curves_ = nullptr;
    QPushButton* settings_ = nullptr;
    qint64 selected_before_reset_ = 0;
    bool running_ = false;
};

}  // namespace facellava::ui
