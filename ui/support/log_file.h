// The workbench's log file: every qDebug/qInfo/qWarning/qCritical line goes to
// <AppLocalDataLocation>/workbench.log (and to stderr), so a user can send it
// with a bug report; Help ▸ Open log shows it.
#pragma once

#include <QString>

namespace facellava::ui {

class LogFile {
  public:
    // Installs the message handler; the file is opened in append mode and
    // trimmed to its last ~1 MB at start so it cannot grow without bound.
    // Safe to call again (later calls keep the first file). Returns the path.
    static QString install();
    // Where the log is (whether or not install() was called).
    static QString path();
};

}  // namespace facellava::ui
