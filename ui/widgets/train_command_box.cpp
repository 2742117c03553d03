#include "widgets/train_command_box.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>

#include "jobs/training_job.h"

namespace facellava::ui {

TrainCommandBox::TrainCommandBox(QWidget* parent) : QGroupBox(tr("Command"), parent) {
    auto* layout = new QHBoxLayout(this);
    text_ = new QPlainTextEdit(this);
    text_->setObjectName("TrainCommand");
    text_->setReadOnly(true);
    text_->setLineWrapMode(QPlainTextEdit::NoWrap);
    text_->setMaximumHeight(110);
    text_->setToolTip(
        tr("What Start runs; paste it into a terminal to train without the "
           "workbench"));
    auto* buttons = new QVBoxLayout();
    auto* copy = new QPushButton(tr("Copy"), this);
    auto* save = new QPushButton(tr("Save config…"), this);
    auto* load = new QPushButton(tr("Load config…"), this);
    save->setToolTip(tr("Write the settings as a JSON file `facellava train --config` reads"));
    for (auto* b : {copy, save, load})
        buttons->addWidget(b);
    buttons->addStretch();
    layout->addWidget(text_, 1);
    layout->addLayout(buttons);

    connect(copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(command_line_); });
    connect(save, &QPushButton::clicked, this, [this] { pickFile(true); });
    connect(load, &QPushButton::clicked, this, [this] { pickFile(false); });
}

TrainCommand TrainCommandBox::commandFor(const training::TrainConfig& config) {
    const QString out = QString::fromStdString(config.checkpoint.output_dir);
    const QString config_file = QDir(out.isEmpty() ? QDir::currentPath() : out)
                                    .filePath(QStringLiteral("train_config.gui.json"));
    return build_train_command(config, std::max(1, config.dist.nproc), config_file);
}

QString TrainCommandBox::shellText(const QString& program, const QStringList& arguments) {
    return shell_command(program.isEmpty() ? QStringLiteral("facellava") : program, arguments,
                         true);
}

TrainingRunRequest TrainCommandBox::runRequest(const QString& program,
                                               const training::TrainConfig& config) {
    const TrainCommand command = commandFor(config);
    TrainingRunRequest request;
    request.program = program;
    // The progress stream the job reads (docs/TRAINING.md, "Progress as JSON
    // lines"); the preview leaves it out: in a terminal the lines for people
    // are what a user wants.
    request.arguments = command.arguments;
    request.arguments << QStringLiteral("--progress") << QStringLiteral("jsonl");
    request.config = config;
    request.command_text = shell_command(program, command.arguments, false);
    if (command.uses_config_file)
        request.config_file = command.config_file;
    return request;
}

void TrainCommandBox::showCommand(const QString& program, const training::TrainConfig& config,
                                  const QStringList& problems) {
    const TrainCommand command = commandFor(config);
    command_line_ = shellText(program, command.arguments);
    folder_ = QString::fromStdString(config.checkpoint.output_dir);
    QString text = command_line_;
    if (command.uses_config_file)
        text += QLatin1Char('\n') +
                tr("# Some values cannot be written as flags: Start writes them to %1 first.")
                    .arg(command.config_file);
    for (const QString& p : problems)
        text += QStringLiteral("\n# ") + p;
    text_->setPlainText(text);
}

void TrainCommandBox::pickFile(bool save) {
    // Non-modal pickers (open(), not exec()): a run's progress keeps coming in.
    auto* picker = save ? new QFileDialog(this, tr("Save training config"), folder_,
                                          tr("Training config (*.json)"))
                        : new QFileDialog(this, tr("Load training config"), folder_,
                                          tr("Training config (*.json);;All files (*)"));
    if (save) {
        picker->setAcceptMode(QFileDialog::AcceptSave);
        picker->setDefaultSuffix(QStringLiteral("json"));
    } else {
        picker->setFileMode(QFileDialog::ExistingFile);
    }
    picker->setAttribute(Qt::WA_DeleteOnClose);
    connect(picker, &QFileDialog::fileSelected, this,
            save ? &TrainCommandBox::saveRequested : &TrainCommandBox::loadRequested);
    picker->open();
}

}  // namespace facellava::ui
