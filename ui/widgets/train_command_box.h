// The Training dialog's "Command" group: the `facellava train` command Start
// runs, as shell text a user can paste into a terminal (a comment line says
// when Start writes a config file first, and one per field that does not
// parse), with Copy, Save config… and Load config…. What saving and loading
// do is the dialog's: the box only asks for the file.
//
// The command itself comes from commandFor(), the one place that decides
// where a config that cannot be written as flags goes, so the preview, Copy
// and Start (runRequest()) run the same command.
#pragma once

#include <QGroupBox>
#include <QString>
#include <QStringList>

#include "facellava/training/train_config.h"
#include "models/train_command.h"

class QPlainTextEdit;

namespace facellava::ui {

struct TrainingRunRequest;

class TrainCommandBox : public QGroupBox {
    Q_OBJECT
  public:
    explicit TrainCommandBox(QWidget* parent = nullptr);

    // The command of `config` (its process count included). A config with a
    // value no flag can carry goes to <output folder>/train_config.gui.json
    // (the working folder when it names none).
    static TrainCommand commandFor(const training::TrainConfig& config);
    // The command as multi-line shell text; `program` "" reads `facellava`.
    static QString shellText(const QString& program, const QStringList& arguments);
    // What Start hands the training job: the command plus the JSON-lines
    // progress stream the job reads, and the config file to write first.
    static TrainingRunRequest runRequest(const QString& program,
                                         const training::TrainConfig& config);

    // Shows the command of `config` run by `program`, then `problems` (the
    // form's fields that do not parse) as comment lines.
    void showCommand(const QString& program, const training::TrainConfig& config,
                     const QStringList& problems);
    // The command shown, without the comment lines (what Copy copies).
    QString commandLine() const { return command_line_; }

  signals:
    void saveRequested(const QString& path);
    void loadRequested(const QString& path);

  private:
    void pickFile(bool save);

    QPlainTextEdit* text_ = nullptr;
    QString command_line_;
    QString folder_;  // where the file pickers open: the output folder
};

}  // namespace facellava::ui
