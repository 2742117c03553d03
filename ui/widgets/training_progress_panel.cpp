#include "widgets/training_progress_panel.h"

#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

#include "models/training_metrics_model.h"
#include "support/timecode.h"
#include "widgets/training_charts.h"

namespace facellava::ui {

TrainingProgressPanel::TrainingProgressPanel(TrainingMetricsModel* metrics, QWidget* parent)
    : QWidget(parent), metrics_(metrics) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    status_ = new QLabel(this);
    status_->setObjectName("TrainStatus");
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(status_);
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1);
    progress_->setValue(0);
    layout->addWidget(progress_);
    progress_label_ = new QLabel(this);
    progress_label_->setObjectName("TrainProgress");
    layout->addWidget(progress_label_);
    charts_ = new TrainingCharts(this);
    charts_->setModel(metrics_);
    layout->addWidget(charts_, 3);
    ranks_ = new QTableWidget(0, 2, this);
    ranks_->setObjectName("TrainRanks");
    ranks_->setHorizontalHeaderLabels({tr("Process"), tr("Status")});
    ranks_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    ranks_->verticalHeader()->hide();
    ranks_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    ranks_->setMaximumHeight(120);
    ranks_->hide();  // shown when a multi-process run reports per-rank lines
    layout->addWidget(ranks_);
    log_ = new QPlainTextEdit(this);
    log_->setObjectName("TrainLog");
    log_->setReadOnly(true);
    log_->setMaximumBlockCount(500);
    log_->setPlaceholderText(tr("The trainer's output shows here."));
    layout->addWidget(log_, 1);
    connect(metrics_, &QAbstractItemModel::rowsInserted, this, &TrainingProgressPanel::refresh);
    connect(metrics_, &QAbstractItemModel::modelReset, this, &TrainingProgressPanel::refresh);
    connect(metrics_, &TrainingMetricsModel::problemFound, this, &TrainingProgressPanel::appendLog);
}

void TrainingProgressPanel::setStatus(const QString& text) {
    status_->setText(text);
}

QString TrainingProgressPanel::status() const {
    return status_->text();
}

QString TrainingProgressPanel::progressText() const {
    return progress_label_->text();
}

void TrainingProgressPanel::beginRun(qint64 total_steps, bool gpu) {
    step_ = 0;
    total_ = total_steps;
    gpu_ = gpu;
    log_->clear();
    ranks_->setRowCount(0);
    ranks_->hide();
    progress_label_->clear();
}

void TrainingProgressPanel::setRunning(bool running) {
    running_ = running;
    if (!running && status().isEmpty())
        setStatus(tr("Choose the data, the base checkpoint and an output folder, then Start."));
}

void TrainingProgressPanel::showStarted(const QString& program) {
    setStatus(tr("Training in a separate process (%1). The workbench stays usable; "
                 "Close only hides this window.")
                  .arg(QFileInfo(program).fileName()));
}

void TrainingProgressPanel::showStopping() {
    setStatus(tr("Stopping: the trainer finishes the current step and saves a checkpoint…"));
}

void TrainingProgressPanel::showKilled() {
    setStatus(
        tr("Stopped the trainer without waiting for its checkpoint; the last saved checkpoint "
           "(if any) is still there."));
}

void TrainingProgressPanel::showStep(qint64 step, qint64 total_steps) {
    total_ = total_steps;
    step_ = std::max(step_, step);
    refresh();
}

void TrainingProgressPanel::showFinished(qint64 steps, double wall_s, const QString& checkpoint,
                                         const QString& model_dir) {
    setStatus(model_dir.isEmpty()
                  ? tr("Finished %1 steps in %2. Checkpoint: %3 (no model folder was written: "
                       "turn on \"Write a model the chat can load\").")
                        .arg(steps)
                        .arg(format_duration(wall_s), checkpoint)
                  : tr("Finished %1 steps in %2. The model is in %3; Load into chat uses it.")
                        .arg(steps)
                        .arg(format_duration(wall_s), model_dir));
}

void TrainingProgressPanel::showAborted(qint64 steps, const QString& checkpoint) {
    setStatus(
        checkpoint.isEmpty()
            ? tr("Aborted after %1 steps. No checkpoint was written (the run stopped before "
                 "its first step ended, or was forced).")
                  .arg(steps)
            : tr("Aborted after %1 steps. The checkpoint was kept: %2. Choose it under Resume "
                 "to continue.")
                  .arg(steps)
                  .arg(checkpoint));
}

void TrainingProgressPanel::showError(const UserError& error) {
    QString text = error.what;
    if (!error.details.isEmpty())
        text += QStringLiteral(": ") + error.details;
    if (!error.file.isEmpty())
        text += QLatin1Char('\n') + tr("File: %1").arg(error.file);
    if (!error.fix.isEmpty())
        text += QLatin1Char('\n') + error.fix;
    setStatus(text);
}

void TrainingProgressPanel::showRunLength(qint64 steps_done, qint64 total_steps) {
    step_ = steps_done;
    total_ = total_steps;
}

void TrainingProgressPanel::appendLog(const QString& line) {
    log_->appendPlainText(line);
}

void TrainingProgressPanel::showProcessStatus(int rank, const QString& text) {
    // One process alone needs no table: the status line and the log say it all.
    if (rank == 0 && ranks_->rowCount() == 0)
        return;
    ranks_->show();
    const QString name = rank < 0 ? tr("launcher") : tr("rank %1").arg(rank);
    int row = 0;
    while (row < ranks_->rowCount() && ranks_->item(row, 0)->text() != name)
        ++row;
    if (row == ranks_->rowCount()) {
        ranks_->insertRow(row);
        ranks_->setItem(row, 0, new QTableWidgetItem(name));
        ranks_->setItem(row, 1, new QTableWidgetItem());
    }
    ranks_->item(row, 1)->setText(text);
}

void TrainingProgressPanel::refresh() {
    const auto last = metrics_->last();
    const qint64 step = std::max(step_, last ? last->step : 0);
    if (!running_ && !last)
        return;
    QStringList parts;
    parts << (total_ > 0 ? tr("Step %1 / %2").arg(step).arg(total_) : tr("Step %1").arg(step));
    if (last) {
        parts << tr("loss %1").arg(last->loss, 0, 'f', 4);
        if (last->tokens_per_s > 0)
            parts << tr("%1 tokens/s").arg(last->tokens_per_s, 0, 'f', 0);
        parts << (gpu_ ? tr("GPU memory %1 GiB") : tr("memory %1 GiB"))
                     .arg(double(last->memory_bytes) / double(1 << 30), 0, 'f', 2);
        parts << tr("elapsed %1").arg(format_duration(last->elapsed_s));
        if (running_)
            parts << tr("ETA %1").arg(format_duration(last->eta_s));
    }
    progress_label_->setText(parts.join(QStringLiteral(" · ")));
    if (total_ > 0) {
        progress_->setRange(0, int(std::min<qint64>(total_, 2000000000)));
        progress_->setValue(int(std::min<qint64>(step, total_)));
    }
}

}  // namespace facellava::ui
