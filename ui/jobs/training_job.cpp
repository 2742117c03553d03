#include "jobs/training_job.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QStandardPaths>
#include <QtConcurrent>

#if defined(Q_OS_UNIX)
#include <unistd.h>
#endif

#include "facellava/core/paths.h"
#include "facellava/core/store/training_run_repository.h"
#include "facellava/training/checkpoint_layout.h"
#include "models/session_context.h"
#include "support/thread_priority.h"

namespace facellava::ui {
namespace {

constexpr int kTailLines = 400;
constexpr qint64 kRecordEveryMs = 5000;

bool is_executable(const QString& path) {
    const QFileInfo info(path);
    return info.isFile() && info.isExecutable();
}

// Runs `work` (capturing only values) on the thread pool and `done` with its
// result on the GUI thread, unless `owner` was deleted meanwhile.
template <typename T, typename Work, typename Done>
void off_gui_thread(QObject* owner, Work work, Done done) {
    auto* watcher = new QFutureWatcher<T>(owner);
    QObject::connect(watcher, &QFutureWatcher<T>::finished, owner, [watcher, done]() mutable {
        done(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([work = std::move(work)]() mutable {
        lower_current_thread_priority();
        return work();
    }));
}

QString step_text(const TrainerEvent& e) {
    return e.total_steps > 0 ? TrainingJob::tr("step %1 / %2").arg(e.step).arg(e.total_steps)
                             : TrainingJob::tr("step %1").arg(e.step);
}

}  // namespace

TrainingJob::TrainingJob(SessionContext& session, QObject* parent)
    : Job(parent), session_(session) {
    qRegisterMetaType<TrainingOutcome>();
    qRegisterMetaType<TrainerEvent>();
    qRegisterMetaType<QVector<TrainingCheckpoint>>();
    process_.setProcessChannelMode(QProcess::SeparateChannels);
    connect(&process_, &QProcess::readyReadStandardOutput, this, [this] { readStdout(false); });
    connect(&process_, &QProcess::readyReadStandardError, this, [this] { readStderr(false); });
    connect(&process_, &QProcess::finished, this, &TrainingJob::onFinished);
    connect(&process_, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;  // crashes and exits arrive through finished()
        TrainingOutcome outcome;
        outcome.crashed = true;
        endRun(outcome, UserError{tr("The trainer could not be started"), process_.program(),
                                  tr("Build or install the `facellava` program next to the "
                                     "workbench, or point FACELLAVA_CLI at it."),
                                  process_.errorString()});
    });
}

TrainingJob::~TrainingJob() {
    if (process_.state() == QProcess::NotRunning)
        return;
    disconnect(&process_, nullptr, this, nullptr);
    process_.terminate();
    if (!process_.waitForFinished(30000))
        process_.kill();
    process_.waitForFinished(5000);
}

QString TrainingJob::locateTrainer() {
    const QString from_env = qEnvironmentVariable("FACELLAVA_CLI");
    if (!from_env.isEmpty())
        return from_env;
    QStringList dirs;
    if (QCoreApplication::instance())
        dirs << QCoreApplication::applicationDirPath();
    dirs << QString::fromStdString(executable_dir());
    for (const QString& dir : dirs) {
        const QString candidate = QDir(dir).filePath(QStringLiteral("facellava"));
        if (!dir.isEmpty() && is_executable(candidate))
            return candidate;
    }
    return QStandardPaths::findExecutable(QStringLiteral("facellava"));
}

void TrainingJob::start(const TrainingRunRequest& request) {
    if (isRunning())
        return;
    begin();
    stdout_partial_.clear();
    stderr_partial_.clear();
    stdout_lines_ = 0;
    tail_.clear();
    stream_problem_.clear();
    outcome_event_.reset();
    step_ = 0;
    total_steps_ = request.config.optim.max_steps;
    last_loss_.reset();
    last_checkpoint_.clear();
    output_dir_ = QString::fromStdString(request.config.checkpoint.output_dir);
    stopping_ = false;
    clock_.start();

    // The session's history: the run row first, its id kept for the updates
    // (posted in order to the same writer thread, which alone touches it).
    run_id_ = std::make_shared<store::Id>(0);
    last_recorded_ms_ = QDateTime::currentMSecsSinceEpoch();
    store::TrainingRun run;
    run.config_json = training::train_config_to_json(request.config);
    run.status = store::JobStatus::Running;
    run.metrics_path = training::metrics_log_path(request.config.checkpoint.output_dir);
    store::TrainingRunDetails details;
    details.output_dir = request.config.checkpoint.output_dir;
    details.command = request.command_text.toStdString();
    details.total_steps = total_steps_;
    session_.run(
        [run, details, id = run_id_](store::SessionStore& s, WriterState& state) {
            if (state.session_id == 0)
                return;
            store::TrainingRun row = run;
            row.session_id = state.session_id;
            *id = s.training_runs().add(row, details);
        },
        [this] { emit runRecorded(); }, this);

    // The output folder (and the config file when flags cannot carry every
    // value) are written on a worker; the process starts when they are there.
    const std::string dir = request.config.checkpoint.output_dir;
    const std::string config_file = request.config_file.toStdString();
    const training::TrainConfig config = request.config;
    off_gui_thread<QString>(
        this,
        [config, dir, config_file]() -> QString {
            if (!QDir().mkpath(QString::fromStdString(dir)))
                return tr("cannot create the folder");
            try {
                if (!config_file.empty())
                    training::save_train_config(config, config_file);
            } catch (const std::exception& e) {
                return QString::fromUtf8(e.what());
            }
            return {};
        },
        [this, request](const QString& error) {
            if (!error.isEmpty()) {
                TrainingOutcome outcome;
                outcome.crashed = true;
                endRun(outcome, UserError{tr("The output folder cannot be prepared"), output_dir_,
                                          tr("Choose a folder you can write to."), error});
                return;
            }
            launch(request);
        });
}

void TrainingJob::launch(const TrainingRunRequest& request) {
    if (stopping_) {                              // cancelled while the folder was prepared
        endRun(TrainingOutcome{}, std::nullopt);  // stopping_: ends as cancelled
        return;
    }
#if defined(Q_OS_UNIX)
    // The trainer (and the ranks it starts, which inherit this) runs below
    // the GUI's priority: on a machine it keeps busy, the window must still
    // answer within 100 ms; alone on the machine it is exactly as fast.
    process_.setChildProcessModifier([] {
        // Only fails where lowering is not allowed: then the GUI's priority.
        [[maybe_unused]] const int niceness = ::nice(kTrainerNiceness);
    });
#endif
    process_.start(request.program, request.arguments, QIODevice::ReadOnly);
}

qint64 TrainingJob::processId() const {
    return process_.state() == QProcess::NotRunning ? 0 : process_.processId();
}

void TrainingJob::cancel() {
    if (!isRunning())
        return;
    Job::cancel();
    if (stopping_) {
        if (process_.state() != QProcess::NotRunning)
            process_.kill();
        return;
    }
    stopping_ = true;
    if (process_.state() != QProcess::NotRunning)
        process_.terminate();  // SIGTERM: the trainer saves a checkpoint, then exits
}

void TrainingJob::readStdout(bool flush) {
    stdout_partial_ += process_.readAllStandardOutput();
    auto handle = [this](const QByteArray& line) {
        ++stdout_lines_;
        if (line.trimmed().isEmpty())
            return;
        const TrainerLine read = read_trainer_line(line, stdout_lines_);
        if (!read.problem.isEmpty()) {
            if (stream_problem_.isEmpty())
                stream_problem_ = read.problem;
            emit logLine(read.problem);
            return;
        }
        if (read.event)
            handleEvent(*read.event);
    };
    qsizetype start = 0;
    for (qsizetype end; (end = stdout_partial_.indexOf('\n', start)) >= 0; start = end + 1)
        handle(stdout_partial_.mid(start, end - start));
    stdout_partial_.remove(0, start);
    if (flush && !stdout_partial_.isEmpty()) {
        handle(stdout_partial_);  // a last line without its newline
        stdout_partial_.clear();
    }
}

void TrainingJob::readStderr(bool flush) {
    stderr_partial_ += process_.readAllStandardError();
    auto handle = [this](const QByteArray& bytes) {
        const QString line = QString::fromUtf8(bytes).trimmed();
        tail_ << line;
        if (tail_.size() > kTailLines)
            tail_.erase(tail_.begin(), tail_.begin() + (tail_.size() - kTailLines));
        emit logLine(line);
    };
    qsizetype start = 0;
    for (qsizetype end; (end = stderr_partial_.indexOf('\n', start)) >= 0; start = end + 1)
        handle(stderr_partial_.mid(start, end - start));
    stderr_partial_.remove(0, start);
    if (flush && !stderr_partial_.isEmpty()) {
        handle(stderr_partial_);
        stderr_partial_.clear();
    }
}

void TrainingJob::handleEvent(const TrainerEvent& e) {
    using Kind = TrainerEvent::Kind;
    switch (e.kind) {
        case Kind::Start:
            emit processStatus(
                e.rank, e.rank < 0 ? tr("started %1 processes").arg(e.world_size) : tr("started"));
            break;
        case Kind::Status:
            emit processStatus(e.rank, e.message);
            if (e.ownsOutcome())
                emit statusMessage(e.message);
            break;
        case Kind::Epoch:
            break;
        case Kind::Step:
            emit processStatus(e.rank, step_text(e));
            if (!e.ownsOutcome())
                break;
            step_ = std::max(step_, e.step);
            total_steps_ = e.total_steps;
            if (e.loss)
                last_loss_ = e.loss;
            reportProgress(e.total_steps > 0 ? double(e.step) / double(e.total_steps) : -1.0,
                           step_text(e));
            emit stepDone(e);
            recordProgress(false);
            break;
        case Kind::Eval:
            break;  // the charts read the held-out numbers from metrics.jsonl
        case Kind::Checkpoint:
            last_checkpoint_ = e.path;
            emit checkpointSaved(e.path, e.step, e.reason);
            break;
        case Kind::Done:
        case Kind::Error:
            if (e.kind == Kind::Error)
                emit processStatus(e.rank, e.error_message);
            // The outcome is the last one of rank 0 or the launcher; a
            // launcher's error (a rank died) comes after rank 0's lines.
            if (e.ownsOutcome())
                outcome_event_ = e;
            break;
    }
}

void TrainingJob::onFinished(int exit_code, QProcess::ExitStatus status) {
    readStderr(true);
    readStdout(true);
    TrainingOutcome outcome;
    outcome.exit_code = exit_code;
    outcome.crashed = status == QProcess::CrashExit;
    endRun(outcome, std::nullopt);
}

void TrainingJob::endRun(TrainingOutcome outcome, const std::optional<UserError>& start_error) {
    if (!isRunning())
        return;
    outcome.abort_requested = stopping_;
    outcome.wall_s = double(clock_.elapsed()) / 1000.0;
    outcome.checkpoint = last_checkpoint_;
    if (outcome_event_) {
        const TrainerEvent& e = *outcome_event_;
        if (e.kind == TrainerEvent::Kind::Done) {
            outcome.aborted = e.outcome == QLatin1String("cancelled");
            outcome.steps_done = e.steps_done;
            if (!e.checkpoint.isEmpty())
                outcome.checkpoint = e.checkpoint;
            outcome.model_dir = e.model_dir;
            if (e.loss)
                last_loss_ = e.loss;
        } else {
            outcome.steps_done = e.step;
            outcome.failure = {tr("Training failed"),
                               e.error_path.isEmpty() ? output_dir_ : e.error_path,
                               e.error_hint.isEmpty()
                                   ? tr("Read the trainer's output in the dialog, fix the setting "
                                        "or file it names, then Start again (or Resume from a "
                                        "checkpoint).")
                                   : e.error_hint,
                               e.error_message};
        }
    }
    const bool finished = outcome_event_ && outcome_event_->kind == TrainerEvent::Kind::Done &&
                          !outcome.aborted && outcome.exit_code == 0 && !outcome.crashed;
    // Stopped by the user: whatever the trainer managed to say, not a failure.
    const bool cancelled = !start_error && (outcome.aborted || (stopping_ && !finished));
    if (start_error) {
        outcome.failure = *start_error;
    } else if (!finished && !cancelled && outcome.failure.what.isEmpty()) {
        // No outcome from the trainer: it crashed, was killed, or its stream
        // could not be read.
        QString details = stream_problem_;
        if (details.isEmpty())
            details = outcome.crashed
                          ? tr("the trainer crashed without reporting an outcome")
                          : tr("the trainer exited with code %1 without reporting an outcome")
                                .arg(outcome.exit_code);
        const QStringList last = tail_.mid(std::max<qsizetype>(0, tail_.size() - 5));
        if (!last.isEmpty())
            details += QLatin1Char('\n') + last.join(QLatin1Char('\n'));
        outcome.failure = {tr("Training failed"), output_dir_,
                           tr("Read the trainer's output in the dialog, then Start again (or "
                              "Resume from a checkpoint)."),
                           details};
    }
    if (!finished && !cancelled)
        outcome.error = outcome.failure.details;
    if (outcome.steps_done < 0 && outcome_event_)
        outcome.steps_done = step_;
    stopping_ = false;

    store::TrainingRunProgress p;
    p.steps_done = outcome.steps_done >= 0 ? outcome.steps_done : step_;
    p.total_steps = total_steps_;
    p.last_loss = last_loss_;
    p.checkpoint_dir = outcome.checkpoint.toStdString();
    p.final_model_dir = outcome.model_dir.toStdString();
    p.status = finished    ? store::JobStatus::Done
               : cancelled ? store::JobStatus::Cancelled
                           : store::JobStatus::Failed;
    if (cancelled)
        p.error = tr("aborted by the user").toStdString();
    else if (!finished)
        p.error = outcome.failure.details.toStdString();
    if (run_id_) {
        session_.run(
            [p, id = run_id_](store::SessionStore& s, WriterState&) {
                if (*id != 0)
                    s.training_runs().update(*id, p);
            },
            [this] { emit runRecorded(); }, this);
    }

    emit outcomeReady(outcome);
    if (finished)
        succeed();
    else if (cancelled)
        endCancelled();
    else
        fail(outcome.failure);
}

void TrainingJob::recordProgress(bool force) {
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (!run_id_ || (!force && now - last_recorded_ms_ < kRecordEveryMs))
        return;
    last_recorded_ms_ = now;
    store::TrainingRunProgress p;
    p.status = store::JobStatus::Running;
    p.steps_done = step_;
    p.total_steps = total_steps_;
    p.last_loss = last_loss_;
    session_.run([p, id = run_id_](store::SessionStore& s, WriterState&) {
        if (*id != 0)
            s.training_runs().update(*id, p);
    });
}

void TrainingJob::refreshCheckpoints(const QString& output_dir) {
    const int generation = ++listing_generation_;
    off_gui_thread<QVector<TrainingCheckpoint>>(
        this, [output_dir]() { return list_training_checkpoints(output_dir); },
        [this, generation, output_dir](const QVector<TrainingCheckpoint>& list) {
            if (generation == listing_generation_)
                emit checkpointsListed(output_dir, list);
        });
}

}  // namespace facellava::ui
