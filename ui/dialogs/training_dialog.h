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
// Non-modal. Everything that touches files or the session store runs off the
// GUI thread (the data scan, config load/save, checkpoint listing, the
// metrics tail, store writes through SessionContext).
#pragma once

#include <QDialog>
#include <QMap>
#include <memory>
#include <optional>
#include <vector>

#include "dialogs/error_reporter.h"
#include "facellava/core/store/training_run_repository.h"
#include "facellava/training/train_config.h"
#include "jobs/dataset_scan_job.h"
#include "jobs/training_process.h"
#include "models/training_checkpoints.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTabWidget;
class QTimer;
class QTreeWidget;

namespace facellava::ui {

class SessionContext;
class Settings;
class TrainingCharts;
class TrainingMetricsModel;

class TrainingDialog : public QDialog {
    Q_OBJECT
  public:
    TrainingDialog(SessionContext& session, Settings& settings, QWidget* parent = nullptr);
    ~TrainingDialog() override;

    // The form as a config (every field, including those the form does not
    // show, which keep the values last loaded), and back.
    training::TrainConfig config() const;
    void setConfig(const training::TrainConfig& config);
    int processCount() const;
    void setProcessCount(int n);

    // The trainer binary (default: TrainingProcess::locateTrainer()).
    QString trainerProgram() const { return program_; }
    void setTrainerProgram(const QString& program);

    // The command Start runs, as arguments and as shell text (the preview).
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
    const std::vector<store::TrainingRunEntry>& history() const { return history_; }
    const DatasetSummary& dataSummary() const { return summary_; }
    bool isScanningData() const;
    // The model folder "Load into chat" hands over ("" when none).
    QString finishedModelDir() const { return finished_model_; }

    TrainingCharts* charts() const { return charts_; }
    TrainingMetricsModel* metrics() const { return metrics_; }
    QPushButton* loadIntoChatButton() const { return load_into_chat_; }
    QTreeWidget* historyList() const { return history_list_; }
    QComboBox* checkpointList() const { return resume_list_; }
    const TrainingProcess& trainerProcess() const { return *process_; }

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
    QWidget* buildTrainingTab();
    QWidget* buildOutputTab();
    QWidget* buildHistoryTab();
    QWidget* buildProgressPanel();

    void writeForm(const training::TrainConfig& config);
    // The form over base_; problems (unparsable numbers) are listed, not thrown.
    training::TrainConfig readForm(QStringList* problems) const;
    void updatePreview();
    void scheduleDataScan();
    void startDataScan();
    void showDataSummary(const DatasetSummary& summary);
    bool launch(const training::TrainConfig& config);
    void onProgressLine(qint64 step, qint64 total);
    void onRankStatus(int rank, const QString& text);
    void onMetricsRows();
    // The end of a run: status, history, checkpoints. start_error: the run
    // never started (the process or its folder), reported as is.
    void finishRun(const TrainingOutcome& outcome, const std::optional<UserError>& start_error);
    void completeRun(const TrainingOutcome& outcome, const std::optional<UserError>& start_error);
    // Multi-process runs: the last line of each rank's log, every second.
    void pollRankLogs();
    void recordProgress(bool force);
    void setRunning(bool running);
    void reportError(const UserError& error);
    void updateLoadIntoChat();
    QString configFileForCommand(const training::TrainConfig& config) const;

    SessionContext& session_;
    Settings& settings_;
    training::TrainConfig base_;
    QString program_;

    // Data
    QListWidget* train_files_ = nullptr;
    QLineEdit* image_root_ = nullptr;
    QLineEdit* video_root_ = nullptr;
    QDoubleSpinBox* eval_fraction_ = nullptr;
    QCheckBox* check_media_ = nullptr;
    QComboBox* bad_samples_ = nullptr;
    QLabel* data_summary_ = nullptr;
    QTableWidget* task_table_ = nullptr;
    QTableWidget* sample_table_ = nullptr;
    QPlainTextEdit* data_issues_ = nullptr;
    // Training
    QLineEdit* checkpoint_ = nullptr;
    QComboBox* stage_ = nullptr;
    QGroupBox* lora_ = nullptr;
    QSpinBox* lora_rank_ = nullptr;
    QDoubleSpinBox* lora_alpha_ = nullptr;
    QDoubleSpinBox* lora_dropout_ = nullptr;
    QMap<QString, QCheckBox*> lora_targets_;
    QLineEdit* learning_rate_ = nullptr;
    QComboBox* schedule_ = nullptr;
    QDoubleSpinBox* warmup_ratio_ = nullptr;
    QSpinBox* warmup_steps_ = nullptr;
    QLineEdit* weight_decay_ = nullptr;
    QSpinBox* epochs_ = nullptr;
    QSpinBox* max_steps_ = nullptr;
    QSpinBox* batch_size_ = nullptr;
    QSpinBox* grad_accumulation_ = nullptr;
    QComboBox* precision_ = nullptr;
    QComboBox* device_ = nullptr;
    QSpinBox* processes_ = nullptr;
    QLineEdit* seed_ = nullptr;
    // Output
    QLineEdit* output_dir_ = nullptr;
    QSpinBox* save_every_ = nullptr;
    QSpinBox* keep_last_ = nullptr;
    QCheckBox* save_final_ = nullptr;
    QSpinBox* eval_every_ = nullptr;
    QSpinBox* eval_samples_ = nullptr;
    QComboBox* resume_list_ = nullptr;
    QPushButton* resume_button_ = nullptr;
    // History
    QTreeWidget* history_list_ = nullptr;
    QPushButton* history_curves_ = nullptr;
    QPushButton* history_settings_ = nullptr;
    // Progress
    QLabel* status_ = nullptr;
    QLabel* progress_label_ = nullptr;
    QProgressBar* progress_ = nullptr;
    TrainingCharts* charts_ = nullptr;
    QTableWidget* ranks_ = nullptr;
    QPlainTextEdit* log_ = nullptr;
    // Bottom
    QPlainTextEdit* command_ = nullptr;
    QPushButton* start_ = nullptr;
    QPushButton* abort_ = nullptr;
    QPushButton* load_into_chat_ = nullptr;
    QTabWidget* tabs_ = nullptr;

    TrainingMetricsModel* metrics_ = nullptr;
    TrainingProcess* process_ = nullptr;
    DatasetScanJob* scan_ = nullptr;
    QTimer* scan_timer_ = nullptr;
    QTimer* checkpoint_timer_ = nullptr;
    QTimer* rank_timer_ = nullptr;
    bool rank_poll_busy_ = false;
    QLabel* output_note_ = nullptr;
    QLabel* history_note_ = nullptr;
    DatasetSummary summary_;
    QVector<TrainingCheckpoint> checkpoints_;
    std::vector<store::TrainingRunEntry> history_;
    int checkpoint_generation_ = 0;  // listings started before the latest are dropped
    bool updating_form_ = false;     // writeForm() in progress: no previews, no scans

    // The run in progress (or last run).
    training::TrainConfig run_config_;
    QString run_output_dir_;
    std::shared_ptr<store::Id> run_id_;  // set on the store's writer thread
    qint64 run_step_ = 0;
    qint64 run_total_ = 0;
    qint64 last_recorded_ms_ = 0;
    QString finished_model_;
    bool stopping_ = false;
    bool running_ = false;
    int run_nproc_ = 1;
};

}  // namespace facellava::ui
