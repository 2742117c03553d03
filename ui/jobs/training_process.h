// A `facellava train` run in a child process, so a crash or a stuck step in
// LibTorch cannot take the workbench down and the GUI thread never waits on
// training. Reads the trainer's stderr line by line (progress "step N/M",
// per-rank lines of multi-process runs, the error on failure) and its stdout
// summary ("Aborted/Finished after N steps", "Checkpoint: DIR", "Model: DIR").
//
// abort() sends SIGTERM: the trainer finishes the current step, saves a
// checkpoint and exits (app/cli/cmd_train.cpp). kill() is the last resort.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>

#include "dialogs/error_reporter.h"

namespace facellava::ui {

struct TrainingOutcome {
    int exit_code = -1;
    bool crashed = false;          // killed by a signal, or it could not run
    bool abort_requested = false;  // abort() was called
    bool aborted = false;          // the trainer says it stopped early ("Aborted after …")
    qint64 steps_done = -1;        // from the summary line; -1: none printed
    QString checkpoint;            // "Checkpoint: DIR" (the last one written)
    QString model_dir;             // "Model: DIR" (loadable, finished runs)
    QString error;                 // the trainer's error message, when it failed
    double wall_s = 0;
};

class TrainingProcess : public QObject {
    Q_OBJECT
  public:
    explicit TrainingProcess(QObject* parent = nullptr);
    // A trainer still running is asked to stop and given up to 30 s to save
    // its checkpoint (only at exit: the dialog lives as long as the window).
    ~TrainingProcess() override;

    // The `facellava` binary: $FACELLAVA_CLI when set, else the one next to
    // the running executable (the install and build layouts put both in
    // bin/), else the first on PATH. "" when none is found.
    static QString locateTrainer();

    // Starts `program args…`; failures arrive as failedToStart().
    void start(const QString& program, const QStringList& arguments);
    void abort();
    void kill();
    bool isRunning() const;
    // The trainer's process id while it runs, else 0.
    qint64 processId() const;
    // How much nicer than the GUI the trainer runs (Unix): a busy machine
    // keeps the window responsive; an idle one trains just as fast.
    static constexpr int kTrainerNiceness = 10;
    bool isStopping() const { return abort_requested_; }
    QString program() const { return process_.program(); }
    // The last lines of stderr (at most 400).
    QStringList stderrTail() const { return tail_; }
    qint64 totalSteps() const { return total_steps_; }

    // Parsing of one stderr line (public for tests). A "[rank K] …" or
    // "rank K: …" prefix, or a "rank K of N …" line, names the process of a
    // multi-process run; "launcher: …" lines are the launcher's (kLauncher).
    static constexpr int kLauncher = -2;
    struct LineInfo {
        int rank = -1;     // -1: no process named
        QString text;      // the line without its rank prefix
        qint64 step = -1;  // "step N/M …"
        qint64 total = -1;
    };
    static LineInfo parseLine(const QString& line);
    // Applies one line of the trainer's stdout summary to `outcome`
    // ("Aborted/Finished after N steps…", "Checkpoint: DIR", "Model: DIR").
    static void applySummaryLine(TrainingOutcome& outcome, const QString& line);

    // Multi-process runs (`--nproc N`): each rank writes its stdout and
    // stderr to <output_dir>/rank-K.log and the launcher prints only its own
    // lines. The last line of each rank's log ("" while it has none); reads
    // files, call it off the GUI thread.
    static QStringList rankLogTails(const QString& output_dir, int nproc);
    // Fills what `outcome` lacks (the summary, checkpoint and model lines)
    // from rank 0's log. Reads a file, call it off the GUI thread.
    static void completeFromRankLog(TrainingOutcome& outcome, const QString& output_dir);

  signals:
    void started();
    void progress(qint64 step, qint64 total);
    void rankStatus(int rank, const QString& text);  // rank or kLauncher
    void logLine(const QString& line);
    void finished(const facellava::ui::TrainingOutcome& outcome);
    void failedToStart(const facellava::ui::UserError& error);

  private:
    void readStderr(bool flush);
    void readStdout(bool flush);
    void handleStderrLine(const QString& line);
    void onFinished(int exit_code, QProcess::ExitStatus status);

    QProcess process_;
    QByteArray stderr_partial_;
    QByteArray stdout_partial_;
    QStringList tail_;
    QStringList error_lines_;
    TrainingOutcome outcome_;
    QElapsedTimer clock_;
    qint64 total_steps_ = 0;
    bool abort_requested_ = false;
};

}  // namespace facellava::ui

Q_DECLARE_METATYPE(facellava::ui::TrainingOutcome)
