// A `facellava train` run as a Job: the trainer runs in a child process, so
// a crash or a stuck step in LibTorch cannot take the workbench down and the
// GUI thread never waits on training. The job reads the trainer's
// `--progress jsonl` stream on stdout (trainer_event.h; schema in
// docs/TRAINING.md) — steps, evaluations, checkpoints and the outcome — and
// shows stderr, the lines for people, as the log. No prose is parsed.
//
// It also keeps the run in the session's history (a training_runs row added
// at the start, its progress every few seconds, the outcome at the end) and
// lists the checkpoints of an output folder (checkpoint_layout.h, off the
// GUI thread).
//
// cancel() sends SIGTERM: the trainer finishes the current step, saves a
// checkpoint and reports "cancelled" (app/cli/cmd_train.cpp); a second
// cancel() kills it. A run ends with exactly one of finished() (outcome
// "finished"), cancelled() (outcome "cancelled", or stopped by the user
// without one) or failed(UserError) (an error event, a crash, an exit without
// an outcome, an unreadable stream); outcomeReady() comes just before.
#pragma once

#include <QElapsedTimer>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QVector>
#include <memory>
#include <optional>

#include "facellava/core/store/records.h"
#include "facellava/training/train_config.h"
#include "jobs/job.h"
#include "jobs/trainer_event.h"
#include "models/training_checkpoints.h"

namespace facellava::ui {

class SessionContext;

struct TrainingOutcome {
    int exit_code = -1;
    bool crashed = false;          // killed by a signal, or it could not run
    bool abort_requested = false;  // cancel() was called
    bool aborted = false;          // the trainer reported the outcome "cancelled"
    qint64 steps_done = -1;        // from the outcome event; -1: none arrived
    QString checkpoint;            // the last checkpoint written ("" when none)
    QString model_dir;             // the loadable model of a finished run ("" when none)
    QString error;                 // what failed, for people ("" when nothing did)
    UserError failure;             // the same with the file and the fix (failed runs)
    double wall_s = 0;
};

// What Start runs and records.
struct TrainingRunRequest {
    QString program;
    QStringList arguments;  // "train", …, "--progress", "jsonl"
    training::TrainConfig config;
    QString command_text;  // what the history shows
    QString config_file;   // written before the start when not empty
};

class TrainingJob : public Job {
    Q_OBJECT
  public:
    explicit TrainingJob(SessionContext& session, QObject* parent = nullptr);
    // A trainer still running is asked to stop and given up to 30 s to save
    // its checkpoint (only at exit: the dialog lives as long as the window).
    ~TrainingJob() override;

    // The `facellava` binary: $FACELLAVA_CLI when set, else the one next to
    // the running executable (the install and build layouts put both in
    // bin/), else the first on PATH. "" when none is found.
    static QString locateTrainer();
    // How much nicer than the GUI the trainer runs (Unix): a busy machine
    // keeps the window responsive; an idle one trains just as fast.
    static constexpr int kTrainerNiceness = 10;

    // Records the run, prepares its folder (and config file) on a worker,
    // then starts the process. Does nothing while a run is in progress.
    void start(const TrainingRunRequest& request);
    // First call: stop after the current step with a checkpoint. Second: kill.
    void cancel() override;
    bool isStopping() const { return stopping_; }
    // The trainer's process id while it runs, else 0.
    qint64 processId() const;
    QString program() const { return process_.program(); }
    // The last lines of stderr (at most 400).
    QStringList stderrTail() const { return tail_; }
    qint64 step() const { return step_; }
    qint64 totalSteps() const { return total_steps_; }
    std::optional<double> lastLoss() const { return last_loss_; }

    // Lists the checkpoints of `output_dir` on a worker: checkpointsListed().
    // A listing asked for meanwhile supersedes one in flight.
    void refreshCheckpoints(const QString& output_dir);

  signals:
    void stepDone(const facellava::ui::TrainerEvent& step);
    void statusMessage(const QString& message);
    // rank: a process of the run, -1 the launcher of an `--nproc` run.
    void processStatus(int rank, const QString& text);
    void logLine(const QString& line);
    void checkpointSaved(const QString& dir, qint64 step, const QString& reason);
    void outcomeReady(const facellava::ui::TrainingOutcome& outcome);
    // The session store has the run's row, or its last update.
    void runRecorded();
    void checkpointsListed(const QString& output_dir,
                           const QVector<facellava::ui::TrainingCheckpoint>& checkpoints);

  private:
    void launch(const TrainingRunRequest& request);
    void readStdout(bool flush);
    void readStderr(bool flush);
    void handleEvent(const TrainerEvent& event);
    void onFinished(int exit_code, QProcess::ExitStatus status);
    void endRun(TrainingOutcome outcome, const std::optional<UserError>& start_error);
    void recordProgress(bool force);

    SessionContext& session_;
    QProcess process_;
    QByteArray stdout_partial_;
    QByteArray stderr_partial_;
    qint64 stdout_lines_ = 0;
    QStringList tail_;
    QString stream_problem_;  // the first unreadable progress line
    std::optional<TrainerEvent> outcome_event_;
    QElapsedTimer clock_;
    qint64 step_ = 0;
    qint64 total_steps_ = 0;
    std::optional<double> last_loss_;
    QString last_checkpoint_;
    QString output_dir_;
    bool stopping_ = false;
    std::shared_ptr<store::Id> run_id_;  // set on the store's writer thread
    qint64 last_recorded_ms_ = 0;
    int listing_generation_ = 0;
};

}  // namespace facellava::ui

Q_DECLARE_METATYPE(facellava::ui::TrainingOutcome)
Q_DECLARE_METATYPE(facellava::ui::TrainerEvent)
