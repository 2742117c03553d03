// Fine-tuning from the workbench: pick FaceInstruct data (preview and counts
// from the trainer's own reader), set the stage, LoRA and hyper-parameters,
// see the exact `facellava train` command, save/load the config file that
// `--config` reads, then Start it as a separate process. While it runs: live
// loss / held-out / learning-rate charts from metrics.jsonl, step X/Y with
// ETA and memory, per-process status; Abort stops after the current step and
// keeps a checkpoint; Resume continues from a checkpoint of the output
// folder; past runs of the session are listed with their curves; a finished
// run's model can be loaded into the chat (loadIntoChatRequested).
//
// The dialog builds the window from parts that each do one job and wires
// them: the settings form generated from the trainer's field table
// (widgets/train_config_form.h), the run as a Job reading the trainer's
// JSON-lines progress and keeping the session's history and the checkpoint
// listing (jobs/training_job.h), the data preview and its scan
// (widgets/dataset_preview.h), the Output & resume tab
// (widgets/training_output_page.h), the history as a table model and its view
// (models/training_runs_model.h, widgets/training_history_view.h), the
// command box (widgets/train_command_box.h), the config files
// (models/train_config_files.h), the progress panel with its charts
// (widgets/training_progress_panel.h over models/training_metrics_model.h)
// and the row of Start / Abort / Load into chat / Close
// (widgets/training_run_buttons.h).
//
// Non-modal. Everything that touches files or the session store runs off the
// GUI thread.
#pragma once

#include <QDialog>
#include <vector>

#include "dialogs/error_reporter.h"
#include "facellava/core/store/training_run_repository.h"
#include "facellava/training/train_config.h"
#include "jobs/dataset_scan_job.h"
#include "jobs/training_job.h"
#include "models/training_checkpoints.h"

class QComboBox;
class QPushButton;
class QTableView;
class QTabWidget;

namespace facellava::ui {

class DatasetPreview;
class SessionContext;
class Settings;
class TrainCommandBox;
class TrainConfigFiles;
class TrainConfigForm;
class TrainingCharts;
class TrainingHistoryView;
class TrainingMetricsModel;
class TrainingOutputPage;
class TrainingProgressPanel;
class TrainingRunButtons;
class TrainingRunsModel;

class TrainingDialog : public QDialog {
    Q_OBJECT
  public:
    TrainingDialog(SessionContext& session, Settings& settings, QWidget* parent = nullptr);
    ~TrainingDialog() override;

    // The form as a config (every field; the resume choice included), and back.
    training::TrainConfig config() const;
    void setConfig(const training::TrainConfig& config);
    int processCount() const;
    void setProcessCount(int n);

    // The trainer binary (default: TrainingJob::locateTrainer()).
    QString trainerProgram() const { return program_; }
    void setTrainerProgram(const QString& program);

    // The command Start runs (without the `--progress jsonl` the dialog
    // reads it with), as arguments and as shell text (the preview).
    QStringList commandArguments() const;
    QString commandLine() const;

    // Config files in the format `facellava train --config` reads, written
    // and read on a worker; configSaved / configLoaded / failed tell the end.
    void saveConfig(const QString& path);
    void loadConfig(const QString& path);

    // Starts a run with the form's settings (resume_from as the form has it);
    // false, with the reason in statusText() and failed(), when it cannot.
    bool start();
    // Starts a run continuing from `checkpoint_dir` (one of checkpoints()).
    bool resume(const QString& checkpoint_dir);
    // Stops after the current step; the trainer saves a checkpoint. A second
    // call while stopping kills the process (no checkpoint).
    void abort();
    bool isRunning() const;

    QString statusText() const;
    QString progressText() const;
    QString dataSummaryText() const;
    const QVector<TrainingCheckpoint>& checkpoints() const;
    const std::vector<store::TrainingRunEntry>& history() const;
    const DatasetSummary& dataSummary() const;
    bool isScanningData() const;
    // The model folder "Load into chat" hands over ("" when none).
    QString finishedModelDir() const;

    TrainingCharts* charts() const;
    TrainingMetricsModel* metrics() const { return metrics_; }
    TrainingRunsModel* runs() const { return runs_; }
    TrainConfigForm* form() const { return form_; }
    QPushButton* loadIntoChatButton() const;
    QTableView* historyList() const;
    QComboBox* checkpointList() const;
    const TrainingJob& trainingJob() const { return *job_; }

    // Re-reads the session's runs and the output folder's checkpoints.
    void refreshHistory();
    void refreshCheckpoints();
    // Shows a past run's curves (its metrics.jsonl) in the charts.
    void showRunCurves(qint64 run_id);

  signals:
    void loadIntoChatRequested(const QString& model_dir);
    void failed(const facellava::ui::UserError& error);
    void configSaved(const QString& path);
    void configLoaded(const QString& path);
    void runStarted();
    void runFinished(const facellava::ui::TrainingOutcome& outcome);
    void historyRefreshed();
    void checkpointsRefreshed();
    void dataScanned();

  private:
    QWidget* buildDataTab();
    void connectParts();

    // The form's config with the resume choice; problems are listed, not thrown.
    training::TrainConfig readForm(QStringList* problems) const;
    // The command box and Start follow the form.
    void updatePreview();
    bool launch(const training::TrainConfig& config);
    // The outcome, just before the job ends (status line, errors).
    void onOutcome(const TrainingOutcome& outcome);
    // The job ended: buttons, checkpoints, runFinished().
    void onRunEnded();
    void setRunning(bool running);
    void reportError(const UserError& error);

    SessionContext& session_;
    Settings& settings_;
    QString program_;

    TrainConfigForm* form_ = nullptr;
    TrainingJob* job_ = nullptr;
    TrainingRunsModel* runs_ = nullptr;
    TrainingMetricsModel* metrics_ = nullptr;
    TrainConfigFiles* files_ = nullptr;

    QTabWidget* tabs_ = nullptr;
    DatasetPreview* preview_ = nullptr;
    TrainingOutputPage* output_ = nullptr;
    TrainingHistoryView* history_ = nullptr;
    TrainingProgressPanel* panel_ = nullptr;
    TrainCommandBox* command_ = nullptr;
    TrainingRunButtons* buttons_ = nullptr;

    TrainingOutcome last_outcome_;  // of the run in progress, or the last one
};

}  // namespace facellava::ui
