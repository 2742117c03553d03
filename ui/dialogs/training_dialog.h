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
// The dialog wires parts that each do one job: the settings form generated
// from the trainer's field table (widgets/train_config_form.h), the run as a
// Job reading the trainer's JSON-lines progress and keeping the session's
// history and the checkpoint listing (jobs/training_job.h), the history as a
// table model and its view (models/training_runs_model.h,
// widgets/training_history_view.h), the data preview (jobs/dataset_scan_job.h,
// widgets/dataset_preview.h), the progress panel
// (widgets/training_progress_panel.h), the command line (models/train_command.h) and
// the charts (widgets/training_charts.h over models/training_metrics_model.h).
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
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTabWidget;
class QTimer;

namespace facellava::ui {

class DatasetPreview;
class SessionContext;
class Settings;
class TrainConfigForm;
class TrainingCharts;
class TrainingHistoryView;
class TrainingMetricsModel;
class TrainingProgressPanel;
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
    const QVector<TrainingCheckpoint>& checkpoints() const { return checkpoints_; }
    const std::vector<store::TrainingRunEntry>& history() const;
    const DatasetSummary& dataSummary() const { return summary_; }
    bool isScanningData() const;
    // The model folder "Load into chat" hands over ("" when none).
    QString finishedModelDir() const { return finished_model_; }

    TrainingCharts* charts() const;
    TrainingMetricsModel* metrics() const { return metrics_; }
    TrainingRunsModel* runs() const { return runs_; }
    TrainConfigForm* form() const { return form_; }
    QPushButton* loadIntoChatButton() const { return load_into_chat_; }
    QTableView* historyList() const;
    QComboBox* checkpointList() const { return resume_list_; }
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
    QWidget* buildOutputTab();
    QWidget* buildHistoryTab();
    QWidget* buildCommandBox();

    // The form's config with the resume choice; problems are listed, not thrown.
    training::TrainConfig readForm(QStringList* problems) const;
    void updatePreview();
    void scheduleDataScan();
    void startDataScan();
    void showDataSummary(const DatasetSummary& summary);
    bool launch(const training::TrainConfig& config);
    // The outcome, just before the job ends (status line, errors).
    void onOutcome(const TrainingOutcome& outcome);
    // The job ended: buttons, checkpoints, runFinished().
    void onRunEnded();
    void showCheckpoints(const QString& output_dir, const QVector<TrainingCheckpoint>& list);
    void setRunning(bool running);
    void reportError(const UserError& error);
    void updateLoadIntoChat();
    QString configFileForCommand(const training::TrainConfig& config) const;
    QString outputDir() const;

    SessionContext& session_;
    Settings& settings_;
    QString program_;

    TrainConfigForm* form_ = nullptr;
    TrainingJob* job_ = nullptr;
    TrainingRunsModel* runs_ = nullptr;
    TrainingMetricsModel* metrics_ = nullptr;
    DatasetScanJob* scan_ = nullptr;
    QTimer* scan_timer_ = nullptr;
    QTimer* checkpoint_timer_ = nullptr;

    QTabWidget* tabs_ = nullptr;
    DatasetPreview* preview_ = nullptr;
    // Output
    QLabel* output_note_ = nullptr;
    QComboBox* resume_list_ = nullptr;
    TrainingHistoryView* history_ = nullptr;
    TrainingProgressPanel* panel_ = nullptr;
    // Bottom
    QPlainTextEdit* command_ = nullptr;
    QPushButton* start_ = nullptr;
    QPushButton* abort_ = nullptr;
    QPushButton* load_into_chat_ = nullptr;

    DatasetSummary summary_;
    QVector<TrainingCheckpoint> checkpoints_;

    TrainingOutcome last_outcome_;  // of the run in progress, or the last one
    QString finished_model_;
};

}  // namespace facellava::ui
