// Errors as users need them: what failed, which file, what to do. Every
// report is logged; with dialogs on it is also shown in a non-blocking message
// box (open(), not exec(), so no nested event loop and no stalled work).
#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <exception>

class QWidget;
#include <QMessageBox>

namespace facellava::ui {

struct UserError {
    QString what;     // what failed, e.g. "Cannot open the video"
    QString file;     // the file or folder involved (may be empty)
    QString fix;      // what the user can do about it (may be empty)
    QString details;  // the technical message, shown under "Show Details…"
};

class ErrorReporter : public QObject {
    Q_OBJECT
  public:
    explicit ErrorReporter(QWidget* dialog_parent, QObject* parent = nullptr);

    // Off in tests and screenshot runs: errors are still logged and signalled.
    void setDialogsEnabled(bool enabled) { dialogs_enabled_ = enabled; }

    void report(const UserError& error);
    // From a caught exception: a facellava::Error supplies the file and the
    // fix itself; anything else gets `fallback_fix`.
    void report(const QString& what, std::exception_ptr exception,
                const QString& fallback_fix = {});

    // facellava::Error and friends turned into a UserError (for workers that
    // catch on their thread and report on the GUI thread).
    static UserError describe(const QString& what, std::exception_ptr exception,
                              const QString& fallback_fix = {});

    const UserError& lastError() const { return last_; }
    int count() const { return count_; }
    QMessageBox* currentDialog() const;

  signals:
    void reported(const facellava::ui::UserError& error);

  private:
    QWidget* dialog_parent_;
    QPointer<QMessageBox> dialog_;
    bool dialogs_enabled_ = true;
    UserError last_;
    int count_ = 0;
};

}  // namespace facellava::ui

Q_DECLARE_METATYPE(facellava::ui::UserError)
