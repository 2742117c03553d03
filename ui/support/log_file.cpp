#include "support/log_file.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QMutex>
#include <QStandardPaths>
#include <QTextStream>
#include <cstdio>

namespace facellava::ui {
namespace {

constexpr qint64 kKeepBytes = 1 << 20;

// The message handler is process-wide by Qt's design, so its state is too.
QMutex log_mutex;
QFile* log_file = nullptr;
QtMessageHandler previous_handler = nullptr;

const char* level_name(QtMsgType type) {
    switch (type) {
        case QtDebugMsg:
            return "debug";
        case QtInfoMsg:
            return "info";
        case QtWarningMsg:
            return "warning";
        case QtCriticalMsg:
            return "error";
        case QtFatalMsg:
            return "fatal";
    }
    return "?";
}

void handle_message(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    {
        QMutexLocker lock(&log_mutex);
        if (log_file) {
            const QString line = QStringLiteral("%1 [%2] %3\n")
                                     .arg(QDateTime::currentDateTime().toString(Qt::ISODateWithMs),
                                          QString::fromLatin1(level_name(type)), message);
            log_file->write(line.toUtf8());
            log_file->flush();
        }
    }
    if (previous_handler)
        previous_handler(type, context, message);
}

void trim(const QString& path) {
    QFile file(path);
    if (file.size() <= kKeepBytes || !file.open(QIODevice::ReadOnly))
        return;
    file.seek(file.size() - kKeepBytes);
    const QByteArray tail = file.readAll();
    file.close();
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(tail);
}

}  // namespace

QString LogFile::path() {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    return QDir(dir).filePath("workbench.log");
}

QString LogFile::install() {
    const QString file_path = path();
    QMutexLocker lock(&log_mutex);
    if (log_file)
        return log_file->fileName();
    QDir().mkpath(QFileInfo(file_path).absolutePath());
    trim(file_path);
    auto* file = new QFile(file_path);  // lives as long as the process logs
    if (!file->open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text)) {
        std::fprintf(stderr, "cannot write the log file %s\n", qPrintable(file_path));
        delete file;
        return file_path;
    }
    log_file = file;
    previous_handler = qInstallMessageHandler(handle_message);
    return file_path;
}

}  // namespace facellava::ui
