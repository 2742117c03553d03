// The Training dialog's right side: what a run is doing. A status line,
// the progress bar with "Step X / Y · loss · tokens/s · memory · elapsed ·
// ETA" (from the job's steps and metrics.jsonl), the loss / held-out /
// learning-rate charts, a table of the processes of a multi-process run,
// and the trainer's log.
#pragma once

#include <QWidget>

#include "dialogs/error_reporter.h"

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QTableWidget;

namespace facellava::ui {

class TrainingCharts;
class TrainingMetricsModel;

class TrainingProgressPanel : public QWidget {
    Q_OBJECT
  public:
    TrainingProgressPanel(TrainingMetricsModel* metrics, QWidget* parent = nullptr);

    void setStatus(const QString& text);
    QString status() const;
    QString progressText() const;
    TrainingCharts* charts() const { return charts_; }

    // A new run: log, processes and progress cleared. gpu: memory is the device's.
    void beginRun(qint64 total_steps, bool gpu);
    // Not running with nothing to say: the status line says what to do first.
    void setRunning(bool running);
    // The run's state in words: started (by `program`), asked to stop after
    // the current step, killed without its checkpoint.
    void showStarted(const QString& program);
    void showStopping();
    void showKilled();
    // A step of the run (the charts follow metrics.jsonl on their own).
    void showStep(qint64 step, qint64 total_steps);
    // How a run ended without an error. Finished: where its model is, or why
    // there is none. Aborted: whether a checkpoint was kept to resume from.
    void showFinished(qint64 steps, double wall_s, const QString& checkpoint,
                      const QString& model_dir);
    void showAborted(qint64 steps, const QString& checkpoint);
    // What failed, its details, the file and the fix, in the status line.
    void showError(const UserError& error);
    // The length of a past run whose curves are shown.
    void showRunLength(qint64 steps_done, qint64 total_steps);
    // rank: a process of the run, -1 the launcher.
    void showProcessStatus(int rank, const QString& text);
    void appendLog(const QString& line);

  private:
    void refresh();

    TrainingMetricsModel* metrics_;
    QLabel* status_ = nullptr;
    QLabel* progress_label_ = nullptr;
    QProgressBar* progress_ = nullptr;
    TrainingCharts* charts_ = nullptr;
    QTableWidget* ranks_ = nullptr;
    QPlainTextEdit* log_ = nullptr;
    qint64 step_ = 0;
    qint64 total_ = 0;
    bool gpu_ = false;
    bool running_ = false;
};

}  // namespace facellava::ui
