#include "dialogs/error_reporter.h"

#include <QMessageBox>
#include <QWidget>

#include "facellava/core/error.h"

namespace facellava::ui {

ErrorReporter::ErrorReporter(QWidget* dialog_parent, QObject* parent)
    : QObject(parent), dialog_parent_(dialog_parent) {
    qRegisterMetaType<UserError>();
}

UserError ErrorReporter::describe(const QString& what, std::exception_ptr exception,
                                  const QString& fallback_fix) {
    UserError error{what, {}, fallback_fix, {}};
    try {
        if (exception)
            std::rethrow_exception(exception);
    } catch (const facellava::Error& e) {
        error.file = QString::fromStdString(e.path());
        if (!e.hint().empty())
            error.fix = QString::fromStdString(e.hint());
        error.details =
            QString::fromStdString(e.brief().empty() ? std::string(e.what()) : e.brief());
    } catch (const std::exception& e) {
        error.details = QString::fromUtf8(e.what());
    } catch (...) {
        error.details = tr("an unknown error");
    }
    return error;
}

QMessageBox* ErrorReporter::currentDialog() const {
    return dialog_.data();
}

void ErrorReporter::report(const QString& what, std::exception_ptr exception,
                           const QString& fallback_fix) {
    report(describe(what, exception, fallback_fix));
}

void ErrorReporter::report(const UserError& error) {
    last_ = error;
    ++count_;
    qWarning().noquote() << "error:" << error.what << "| file:" << error.file
                         << "| fix:" << error.fix << "| details:" << error.details;
    emit reported(error);
    if (!dialogs_enabled_)
        return;

    QString text = QStringLiteral("<b>%1</b>").arg(error.what.toHtmlEscaped());
    if (!error.details.isEmpty())
        text += QStringLiteral("<p>%1</p>").arg(error.details.toHtmlEscaped());
    if (!error.file.isEmpty())
        text += tr("<p>File: <code>%1</code></p>").arg(error.file.toHtmlEscaped());
    if (!error.fix.isEmpty())
        text += tr("<p>What to do: %1</p>").arg(error.fix.toHtmlEscaped());
    text += tr("<p>The log (Help ▸ Open log) has more.</p>");

    // One dialog at a time: a burst of failures updates it instead of stacking boxes.
    if (!dialog_) {
        dialog_ = new QMessageBox(QMessageBox::Warning, tr("Face-LLaVA Workbench"), QString(),
                                  QMessageBox::Ok, dialog_parent_);
        dialog_->setAttribute(Qt::WA_DeleteOnClose);
        dialog_->setTextFormat(Qt::RichText);
        dialog_->setObjectName("ErrorDialog");
    }
    dialog_->setText(text);
    dialog_->open();
}

}  // namespace facellava::ui
