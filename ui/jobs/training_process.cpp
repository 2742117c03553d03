#include "jobs/training_process.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <algorithm>

#if defined(Q_OS_UNIX)
#include <unistd.h>
#endif

#include "facellava/core/paths.h"

namespace facellava::ui {
namespace {

constexpr int kTailLines = 400;

bool is_executable(const QString& path) {
    const QFileInfo info(path);
    return info.isFile() && info.isExecutable();
}

}  // namespace

TrainingProcess::TrainingProcess(QObject* parent) : QObject(parent) {
    qRegisterMetaType<TrainingOutcome>();
    process_.setProcessChannelMode(QProcess::SeparateChannels);
    connect(&process_, &QProcess::readyReadStandardError, this, [this] { readStderr(false); });
    connect(&process_, &QProcess::readyReadStandardOutput, this, [this] { readStdout(false); });
    connect(&process_, &QProcess::started, this, &TrainingProcess::started);
    connect(&process_, &QProcess::finished, this, &TrainingProcess::onFinished);
    connect(&process_, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;  // crashes and exits arrive through finished()
        emit failedToStart({tr("The trainer could not be started"), process_.program(),
                            tr("Build or install the `facellava` program next to the workbench, "
                               "or point FACELLAVA_CLI at it."),
                            process_.errorString()});
    });
}

TrainingProcess::~TrainingProcess() {
    if (process_.state() == QProcess::NotRunning)
        return;
    disconnect(&process_, nullptr, this, nullptr);
    process_.terminate();
    if (!process_.waitForFinished(30000))
        process_.kill();
    process_.waitForFinished(5000);
}

QString TrainingProcess::locateTrainer() {
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

void TrainingProcess::start(const QString& program, const QStringList& arguments) {
    if (process_.state() != QProcess::NotRunning)
        return;
    stderr_partial_.clear();
    stdout_partial_.clear();
    tail_.clear();
    error_lines_.clear();
    outcome_ = TrainingOutcome{};
    total_steps_ = 0;
    abort_requested_ = false;
    clock_.start();
#if defined(Q_OS_UNIX)
    // The trainer (and the ranks it starts, which inherit this) runs below
    // the GUI's priority: on a machine it keeps busy, the window must still
    // answer within 100 ms; alone on the machine it is exactly as fast.
    process_.setChildProcessModifier([] {
        // Only fails where lowering is not allowed: then the GUI's priority.
        [[maybe_unused]] const int niceness = ::nice(kTrainerNiceness);
    });
#endif
    process_.start(program, arguments, QIODevice::ReadOnly);
}

qint64 TrainingProcess::processId() const {
    return process_.state() == QProcess::NotRunning ? 0 : process_.processId();
}

void TrainingProcess::abort() {
    if (process_.state() == QProcess::NotRunning)
        return;
    abort_requested_ = true;
    process_.terminate();  // SIGTERM: the trainer saves a checkpoint, then exits
}

void TrainingProcess::kill() {
    if (process_.state() != QProcess::NotRunning) {
        abort_requested_ = true;
        process_.kill();
    }
}

bool TrainingProcess::isRunning() const {
    return process_.state() != QProcess::NotRunning;
}

TrainingProcess::LineInfo TrainingProcess::parseLine(const QString& line) {
    static const QRegularExpression rank_prefix(
        QStringLiteral("^\\s*(?:\\[rank\\s*(\\d+)\\]|rank\\s*(\\d+)\\s*[:|])\\s*(.*)$"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression step(QStringLiteral("^step\\s+(\\d+)\\s*/\\s*(\\d+)\\b"));
    // The launcher of `--nproc N` runs, and a rank introducing itself.
    static const QRegularExpression launcher(QStringLiteral("^launcher:\\s*(.*)$"));
    static const QRegularExpression rank_of(QStringLiteral("^rank (\\d+) of \\d+\\b"));
    LineInfo info;
    info.text = line;
    if (const auto r = rank_prefix.match(line); r.hasMatch()) {
        info.rank = (r.captured(1).isEmpty() ? r.captured(2) : r.captured(1)).toInt();
        info.text = r.captured(3);
    } else if (const auto l = launcher.match(line); l.hasMatch()) {
        info.rank = kLauncher;
        info.text = l.captured(1);
    } else if (const auto o = rank_of.match(line); o.hasMatch()) {
        info.rank = o.captured(1).toInt();
    }
    const auto s = step.match(info.text);
    if (s.hasMatch()) {
        info.step = s.captured(1).toLongLong();
        info.total = s.captured(2).toLongLong();
    }
    return info;
}

void TrainingProcess::handleStderrLine(const QString& line) {
    tail_ << line;
    if (tail_.size() > kTailLines)
        tail_.erase(tail_.begin(), tail_.begin() + (tail_.size() - kTailLines));
    // main.cpp prints "facellava train: error: <what>" then the file and the fix.
    if (line.startsWith(QStringLiteral("facellava train:")) || !error_lines_.isEmpty())
        error_lines_ << line;
    emit logLine(line);
    const LineInfo info = parseLine(line);
    if (info.rank >= 0 || info.rank == kLauncher)
        emit rankStatus(info.rank, info.text);
    if (info.step >= 0 && info.rank <= 0) {
        total_steps_ = info.total;
        emit progress(info.step, info.total);
    }
}

void TrainingProcess::readStderr(bool flush) {
    stderr_partial_ += process_.readAllStandardError();
    qsizetype start = 0;
    for (qsizetype end; (end = stderr_partial_.indexOf('\n', start)) >= 0; start = end + 1)
        handleStderrLine(QString::fromUtf8(stderr_partial_.mid(start, end - start)).trimmed());
    stderr_partial_.remove(0, start);
    if (flush && !stderr_partial_.isEmpty()) {
        handleStderrLine(QString::fromUtf8(stderr_partial_).trimmed());
        stderr_partial_.clear();
    }
}

void TrainingProcess::applySummaryLine(TrainingOutcome& outcome, const QString& line) {
    static const QRegularExpression summary(
        QStringLiteral("^(Aborted|Finished) after (\\d+) steps"));
    if (line.startsWith(QStringLiteral("Checkpoint: "))) {
        outcome.checkpoint = line.mid(12).trimmed();
    } else if (line.startsWith(QStringLiteral("Model: "))) {
        outcome.model_dir = line.mid(7).trimmed();
    } else if (const auto m = summary.match(line); m.hasMatch()) {
        outcome.aborted = m.captured(1) == QStringLiteral("Aborted");
        outcome.steps_done = m.captured(2).toLongLong();
    }
}

namespace {

// The last `bytes` of a file, split into lines (the first, cut, dropped).
QStringList tail_lines(const QString& path, qint64 bytes) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const qint64 size = file.size();
    const qint64 from = std::max<qint64>(0, size - bytes);
    file.seek(from);
    QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    if (from > 0 && !lines.isEmpty())
        lines.removeFirst();
    for (QString& line : lines)
        line = line.trimmed();
    lines.removeAll(QString());
    return lines;
}

}  // namespace

QStringList TrainingProcess::rankLogTails(const QString& output_dir, int nproc) {
    QStringList tails;
    for (int k = 0; k < nproc; ++k) {
        const QStringList lines =
            tail_lines(QDir(output_dir).filePath(QStringLiteral("rank-%1.log").arg(k)), 4096);
        tails << (lines.isEmpty() ? QString() : lines.last());
    }
    return tails;
}

void TrainingProcess::completeFromRankLog(TrainingOutcome& outcome, const QString& output_dir) {
    TrainingOutcome from_log;
    for (const QString& line :
         tail_lines(QDir(output_dir).filePath(QStringLiteral("rank-0.log")), 64 * 1024))
        applySummaryLine(from_log, line);
    if (outcome.steps_done < 0 && from_log.steps_done >= 0) {
        outcome.steps_done = from_log.steps_done;
        outcome.aborted = from_log.aborted;
    }
    if (outcome.checkpoint.isEmpty())
        outcome.checkpoint = from_log.checkpoint;
    if (outcome.model_dir.isEmpty())
        outcome.model_dir = from_log.model_dir;
}

void TrainingProcess::readStdout(bool flush) {
    stdout_partial_ += process_.readAllStandardOutput();
    auto handle = [this](const QString& line) {
        applySummaryLine(outcome_, line);
        if (!line.isEmpty())
            emit logLine(line);
    };
    qsizetype start = 0;
    for (qsizetype end; (end = stdout_partial_.indexOf('\n', start)) >= 0; start = end + 1)
        handle(QString::fromUtf8(stdout_partial_.mid(start, end - start)).trimmed());
    stdout_partial_.remove(0, start);
    if (flush && !stdout_partial_.isEmpty()) {
        handle(QString::fromUtf8(stdout_partial_).trimmed());
        stdout_partial_.clear();
    }
}

void TrainingProcess::onFinished(int exit_code, QProcess::ExitStatus status) {
    readStderr(true);
    readStdout(true);
    outcome_.exit_code = exit_code;
    outcome_.crashed = status == QProcess::CrashExit;
    outcome_.abort_requested = abort_requested_;
    outcome_.error = error_lines_.join(QLatin1Char('\n'));
    outcome_.wall_s = double(clock_.elapsed()) / 1000.0;
    abort_requested_ = false;
    emit finished(outcome_);
}

}  // namespace facellava::ui
