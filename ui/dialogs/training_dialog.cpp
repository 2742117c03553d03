#include "dialogs/training_dialog.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>
#include <algorithm>
#include <optional>

#include "facellava/core/error.h"
#include "facellava/training/checkpoint_layout.h"
#include "models/session_context.h"
#include "models/train_command.h"
#include "models/training_metrics_model.h"
#include "models/training_runs_model.h"
#include "settings/settings.h"
#include "support/thread_priority.h"
#include "support/timecode.h"
#include "widgets/dataset_preview.h"
#include "widgets/train_config_form.h"
#include "widgets/training_charts.h"
#include "widgets/training_history_view.h"
#include "widgets/training_progress_panel.h"

namespace facellava::ui {
namespace {

using training::TrainConfig;

// Runs `work` (which must capture only values) on the thread pool and `done`
// with its result on the GUI thread, unless `owner` was deleted meanwhile.
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

void select_data(QComboBox* box, const QString& value) {
    int index = box->findData(value);
    if (index < 0) {
        // A value the list does not offer (a hand-written config): shown as
        // is, so it survives a round trip and validation names it.
        box->addItem(value, value);
        index = box->count() - 1;
    }
    box->setCurrentIndex(index);
}

QScrollArea* scrolled(QWidget* page, QWidget* parent) {
    auto* area = new QScrollArea(parent);
    area->setWidget(page);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    return area;
}

}  // namespace

TrainingDialog::TrainingDialog(SessionContext& session, Settings& settings, QWidget* parent)
    : QDialog(parent), session_(session), settings_(settings) {
    setObjectName("TrainingDialog");
    setWindowTitle(tr("Fine-tune Face-LLaVA"));
    setModal(false);
    program_ = TrainingJob::locateTrainer();
    metrics_ = new TrainingMetricsModel(this);
    job_ = new TrainingJob(session_, this);
    runs_ = new TrainingRunsModel(session_, this);
    scan_ = new DatasetScanJob(this);
    scan_timer_ = new QTimer(this);
    scan_timer_->setSingleShot(true);
    scan_timer_->setInterval(400);
    checkpoint_timer_ = new QTimer(this);
    checkpoint_timer_->setSingleShot(true);
    checkpoint_timer_->setInterval(400);
    form_ = new TrainConfigForm(this);

    auto* layout = new QVBoxLayout(this);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    tabs_ = new QTabWidget(splitter);
    tabs_->addTab(buildDataTab(), tr("Data"));
    tabs_->addTab(scrolled(form_->page(TrainConfigForm::Section::Training), tabs_), tr("Training"));
    tabs_->addTab(buildOutputTab(), tr("Output && resume"));
    tabs_->addTab(buildHistoryTab(), tr("History"));
    splitter->addWidget(tabs_);
    panel_ = new TrainingProgressPanel(metrics_, splitter);
    splitter->addWidget(panel_);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);
    layout->addWidget(buildCommandBox());

    auto* buttons = new QHBoxLayout();
    start_ = new QPushButton(tr("Start"), this);
    start_->setObjectName("TrainStart");
    abort_ = new QPushButton(tr("Abort"), this);
    abort_->setObjectName("TrainAbort");
    load_into_chat_ = new QPushButton(tr("Load into chat"), this);
    load_into_chat_->setObjectName("TrainLoadIntoChat");
    load_into_chat_->setToolTip(tr("Use the trained model in the chat"));
    auto* close = new QPushButton(tr("Close"), this);
    close->setToolTip(tr("Hide this window; a run goes on"));
    buttons->addWidget(start_);
    buttons->addWidget(abort_);
    buttons->addStretch();
    buttons->addWidget(load_into_chat_);
    buttons->addWidget(close);
    layout->addLayout(buttons);

    connect(start_, &QPushButton::clicked, this, &TrainingDialog::start);
    connect(abort_, &QPushButton::clicked, this, &TrainingDialog::abort);
    connect(load_into_chat_, &QPushButton::clicked, this, [this] {
        if (!finished_model_.isEmpty())
            emit loadIntoChatRequested(finished_model_);
    });
    connect(close, &QPushButton::clicked, this, &QDialog::hide);

    connect(form_, &TrainConfigForm::changed, this, &TrainingDialog::updatePreview);
    connect(form_, &TrainConfigForm::dataChanged, this, &TrainingDialog::scheduleDataScan);
    if (auto* output = qobject_cast<QLineEdit*>(form_->editor("checkpoint.output_dir")))
        connect(output, &QLineEdit::textChanged, checkpoint_timer_, qOverload<>(&QTimer::start));
    connect(scan_timer_, &QTimer::timeout, this, &TrainingDialog::startDataScan);
    connect(checkpoint_timer_, &QTimer::timeout, this, &TrainingDialog::refreshCheckpoints);
    connect(scan_, &DatasetScanJob::summaryReady, this, &TrainingDialog::showDataSummary);
    connect(scan_, &DatasetScanJob::failed, this, [this](const UserError& error) {
        QString message = error.details;
        if (!error.file.isEmpty() && !message.contains(error.file))
            message += QStringLiteral(" (%1)").arg(error.file);
        if (!error.fix.isEmpty())
            message += QStringLiteral(" ") + error.fix;
        preview_->showMessage(tr("The data could not be read: %1").arg(message));
        emit dataScanned();
    });
    connect(job_, &Job::started, this, [this] { emit runStarted(); });
    connect(job_, &TrainingJob::stepDone, this,
            [this](const TrainerEvent& step) { panel_->showStep(step.step, step.total_steps); });
    connect(job_, &TrainingJob::statusMessage, this, [this](const QString& message) {
        if (!job_->isStopping())
            panel_->setStatus(message);
    });
    connect(job_, &TrainingJob::processStatus, panel_, &TrainingProgressPanel::showProcessStatus);
    connect(job_, &TrainingJob::logLine, panel_, &TrainingProgressPanel::appendLog);
    connect(job_, &TrainingJob::outcomeReady, this, &TrainingDialog::onOutcome);
    for (auto end : {&Job::finished, &Job::cancelled})
        connect(job_, end, this, &TrainingDialog::onRunEnded);
    connect(job_, &Job::failed, this, &TrainingDialog::onRunEnded);
    connect(job_, &TrainingJob::runRecorded, this, &TrainingDialog::refreshHistory);
    connect(job_, &TrainingJob::checkpointsListed, this, &TrainingDialog::showCheckpoints);
    connect(runs_, &TrainingRunsModel::loaded, this, &TrainingDialog::historyRefreshed);
    connect(&session_, &SessionContext::sessionChanged, this, &TrainingDialog::refreshHistory);
    connect(&session_, &SessionContext::opened, this, &TrainingDialog::refreshHistory);

    // The user's model and device as the starting point.
    TrainConfig initial;
    initial.model.checkpoint = settings_.effectiveCheckpointDir().toStdString();
    initial.model.device =
        settings_.device().isEmpty() ? std::string("auto") : settings_.device().toStdString();
    setConfig(initial);
    setRunning(false);
    refreshHistory();
    resize(1280, 860);
}

TrainingDialog::~TrainingDialog() = default;

QWidget* TrainingDialog::buildDataTab() {
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(form_->page(TrainConfigForm::Section::Data));
    preview_ = new DatasetPreview(page);
    layout->addWidget(preview_, 1);
    return page;
}

QWidget* TrainingDialog::buildOutputTab() {
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(form_->page(TrainConfigForm::Section::Output));
    output_note_ = new QLabel(page);
    output_note_->setWordWrap(true);
    layout->addWidget(output_note_);
    auto* resume = new QGroupBox(tr("Resume"), page);
    auto* resume_layout = new QHBoxLayout(resume);
    resume_list_ = new QComboBox(resume);
    resume_list_->setObjectName("TrainResumeFrom");
    resume_list_->setToolTip(tr("Start fresh, or continue from a checkpoint of the output folder"));
    auto* refresh = new QPushButton(tr("Refresh"), resume);
    resume_layout->addWidget(resume_list_, 1);
    resume_layout->addWidget(refresh);
    layout->addWidget(resume);
    layout->addStretch();
    connect(refresh, &QPushButton::clicked, this, &TrainingDialog::refreshCheckpoints);
    connect(resume_list_, &QComboBox::currentIndexChanged, this, [this] {
        start_->setText(resume_list_->currentData().toString().isEmpty() ? tr("Start")
                                                                         : tr("Resume"));
        updatePreview();
    });
    return scrolled(page, tabs_);
}

QWidget* TrainingDialog::buildHistoryTab() {
    history_ = new TrainingHistoryView(runs_, this);
    connect(history_, &TrainingHistoryView::refreshRequested, this,
            &TrainingDialog::refreshHistory);
    connect(history_, &TrainingHistoryView::curvesRequested, this, &TrainingDialog::showRunCurves);
    connect(history_, &TrainingHistoryView::settingsRequested, this, [this](qint64 id) {
        const store::TrainingRunEntry* entry = runs_->run(id);
        if (entry == nullptr)
            return;
        try {
            setConfig(training::parse_train_config(entry->run.config_json,
                                                   tr("training run %1").arg(id).toStdString()));
        } catch (...) {
            reportError(ErrorReporter::describe(tr("The run's settings cannot be used"),
                                                std::current_exception()));
        }
    });
    // A past run's model can go to the chat.
    connect(history_, &TrainingHistoryView::runSelected, this, [this](qint64 id) {
        const store::TrainingRunEntry* entry = runs_->run(id);
        if (!isRunning() && entry && !entry->details.final_model_dir.empty()) {
            finished_model_ = QString::fromStdString(entry->details.final_model_dir);
            updateLoadIntoChat();
        }
    });
    return history_;
}

QWidget* TrainingDialog::buildCommandBox() {
    auto* command_box = new QGroupBox(tr("Command"), this);
    auto* command_layout = new QHBoxLayout(command_box);
    command_ = new QPlainTextEdit(command_box);
    command_->setObjectName("TrainCommand");
    command_->setReadOnly(true);
    command_->setLineWrapMode(QPlainTextEdit::NoWrap);
    command_->setMaximumHeight(110);
    command_->setToolTip(
        tr("What Start runs; paste it into a terminal to train without the "
           "workbench"));
    auto* command_buttons = new QVBoxLayout();
    auto* copy = new QPushButton(tr("Copy"), command_box);
    auto* save = new QPushButton(tr("Save config…"), command_box);
    auto* load = new QPushButton(tr("Load config…"), command_box);
    save->setToolTip(tr("Write the settings as a JSON file `facellava train --config` reads"));
    for (auto* b : {copy, save, load})
        command_buttons->addWidget(b);
    command_buttons->addStretch();
    command_layout->addWidget(command_, 1);
    command_layout->addLayout(command_buttons);

    connect(copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(commandLine()); });
    connect(save, &QPushButton::clicked, this, [this] {
        auto* picker = new QFileDialog(this, tr("Save training config"), outputDir(),
                                       tr("Training config (*.json)"));
        picker->setAcceptMode(QFileDialog::AcceptSave);
        picker->setDefaultSuffix(QStringLiteral("json"));
        picker->setAttribute(Qt::WA_DeleteOnClose);
        connect(picker, &QFileDialog::fileSelected, this, &TrainingDialog::saveConfig);
        picker->open();
    });
    connect(load, &QPushButton::clicked, this, [this] {
        auto* picker = new QFileDialog(this, tr("Load training config"), outputDir(),
                                       tr("Training config (*.json);;All files (*)"));
        picker->setFileMode(QFileDialog::ExistingFile);
        picker->setAttribute(Qt::WA_DeleteOnClose);
        connect(picker, &QFileDialog::fileSelected, this, &TrainingDialog::loadConfig);
        picker->open();
    });
    return command_box;
}

QString TrainingDialog::outputDir() const {
    return QString::fromStdString(form_->config().checkpoint.output_dir);
}

void TrainingDialog::setTrainerProgram(const QString& program) {
    program_ = program;
    updatePreview();
}

int TrainingDialog::processCount() const {
    return std::max(1, form_->config().dist.nproc);
}

void TrainingDialog::setProcessCount(int n) {
    if (auto* spin = qobject_cast<QSpinBox*>(form_->editor("nproc")))
        spin->setValue(n);
}

void TrainingDialog::setConfig(const TrainConfig& config) {
    const QSignalBlocker block(resume_list_);
    resume_list_->clear();
    resume_list_->addItem(tr("Fresh run (no resume)"), QString());
    resume_list_->addItem(tr("The newest checkpoint (latest)"), QStringLiteral("latest"));
    select_data(resume_list_, QString::fromStdString(config.checkpoint.resume_from));
    form_->setConfig(config);
    checkpoint_timer_->start();
}

TrainConfig TrainingDialog::config() const {
    return readForm(nullptr);
}

TrainConfig TrainingDialog::readForm(QStringList* problems) const {
    TrainConfig c = form_->config(problems);
    c.checkpoint.resume_from = resume_list_->currentData().toString().toStdString();
    return c;
}

QString TrainingDialog::configFileForCommand(const TrainConfig& config) const {
    const QString out = QString::fromStdString(config.checkpoint.output_dir);
    return QDir(out.isEmpty() ? QDir::currentPath() : out)
        .filePath(QStringLiteral("train_config.gui.json"));
}

QStringList TrainingDialog::commandArguments() const {
    const TrainConfig c = config();
    return build_train_command(c, std::max(1, c.dist.nproc), configFileForCommand(c)).arguments;
}

QString TrainingDialog::commandLine() const {
    return shell_command(program_.isEmpty() ? QStringLiteral("facellava") : program_,
                         commandArguments(), true);
}

void TrainingDialog::updatePreview() {
    if (command_ == nullptr || start_ == nullptr)
        return;  // still being built
    QStringList problems;
    const TrainConfig c = readForm(&problems);
    const TrainCommand command =
        build_train_command(c, std::max(1, c.dist.nproc), configFileForCommand(c));
    QString text = shell_command(program_.isEmpty() ? QStringLiteral("facellava") : program_,
                                 command.arguments, true);
    if (command.uses_config_file)
        text += QLatin1Char('\n') +
                tr("# Some values cannot be written as flags: Start writes them to %1 first.")
                    .arg(command.config_file);
    for (const QString& p : problems)
        text += QStringLiteral("\n# ") + p;
    command_->setPlainText(text);
    if (!isRunning())
        start_->setEnabled(problems.isEmpty());
}

void TrainingDialog::scheduleDataScan() {
    scan_timer_->start();
}

bool TrainingDialog::isScanningData() const {
    return scan_timer_->isActive() || scan_->isRunning();
}

void TrainingDialog::startDataScan() {
    const TrainConfig c = config();
    if (c.data.train_files.empty()) {
        summary_ = DatasetSummary{};
        preview_->showMessage(
            tr("Add FaceInstruct .json or .jsonl files to see their samples "
               "and counts."));
        emit dataScanned();
        return;
    }
    DatasetScanRequest request;
    for (const auto& f : c.data.train_files)
        request.files << QString::fromStdString(f);
    request.image_root = QString::fromStdString(c.data.image_root);
    request.video_root = QString::fromStdString(c.data.video_root);
    request.num_frames = c.data.num_frames;
    request.checkpoint_dir = QString::fromStdString(c.model.checkpoint);
    request.video_frame_separator = QString::fromStdString(c.data.video_frame_separator);
    request.check_media = c.data.check_media;
    for (const auto& [task, weight] : c.data.task_weights)
        request.task_weights.insert(QString::fromStdString(task), weight);
    request.json_max_depth = c.data.json_max_depth;
    request.json_max_string_bytes = c.data.json_max_string_bytes;
    request.json_max_file_bytes = c.data.json_max_file_bytes;
    preview_->showMessage(tr("Reading and checking the data…"));
    scan_->scan(request);
}

QString TrainingDialog::dataSummaryText() const {
    return preview_->summaryText();
}

void TrainingDialog::showDataSummary(const DatasetSummary& summary) {
    summary_ = summary;
    preview_->showSummary(summary);
    emit dataScanned();
}

void TrainingDialog::saveConfig(const QString& path) {
    QStringList problems;
    const TrainConfig c = readForm(&problems);
    if (!problems.isEmpty()) {
        reportError({tr("The settings cannot be saved"), path, tr("Correct these fields first."),
                     problems.join(QLatin1Char('\n'))});
        return;
    }
    const std::string file = path.toStdString();
    off_gui_thread<QString>(
        this,
        [c, file]() -> QString {
            try {
                training::save_train_config(c, file);
                return {};
            } catch (const std::exception& e) {
                return QString::fromUtf8(e.what());
            }
        },
        [this, path](const QString& error) {
            if (!error.isEmpty()) {
                reportError({tr("The training config could not be saved"), path,
                             tr("Choose a folder you can write to."), error});
                return;
            }
            panel_->setStatus(tr("Saved the settings to %1 (use it with `facellava train "
                                 "--config`).")
                                  .arg(path));
            emit configSaved(path);
        });
}

void TrainingDialog::loadConfig(const QString& path) {
    struct Loaded {
        std::optional<TrainConfig> config;
        UserError error;
    };
    const std::string file = path.toStdString();
    off_gui_thread<Loaded>(
        this,
        [file, path]() {
            Loaded loaded;
            try {
                loaded.config = training::load_train_config(file);
            } catch (...) {
                loaded.error = ErrorReporter::describe(
                    QObject::tr("The training config could not be read"), std::current_exception(),
                    QObject::tr("Choose a file written by Save config or `facellava train "
                                "--save-config`."));
                if (loaded.error.file.isEmpty())
                    loaded.error.file = path;
            }
            return loaded;
        },
        [this, path](const Loaded& loaded) {
            if (!loaded.config) {
                reportError(loaded.error);
                return;
            }
            setConfig(*loaded.config);
            panel_->setStatus(tr("Loaded the settings of %1.").arg(path));
            emit configLoaded(path);
        });
}

bool TrainingDialog::start() {
    if (isRunning())
        return false;
    QStringList problems;
    const TrainConfig c = readForm(&problems);
    if (!problems.isEmpty()) {
        reportError({tr("The training cannot start"),
                     {},
                     tr("Correct these fields first."),
                     problems.join(QLatin1Char('\n'))});
        return false;
    }
    return launch(c);
}

bool TrainingDialog::resume(const QString& checkpoint_dir) {
    if (isRunning())
        return false;
    select_data(resume_list_, checkpoint_dir);
    return start();
}

bool TrainingDialog::launch(const TrainConfig& c) {
    try {
        training::validate_train_config(c);  // in-memory checks only
    } catch (...) {
        reportError(ErrorReporter::describe(tr("The training settings are incomplete"),
                                            std::current_exception(),
                                            tr("Fix the settings listed, then Start again.")));
        return false;
    }
    if (program_.isEmpty()) {
        reportError({tr("The trainer program was not found"),
                     {},
                     tr("Build or install `facellava` next to the workbench, or set the "
                        "FACELLAVA_CLI environment variable to its path."),
                     {}});
        return false;
    }
    const TrainCommand command =
        build_train_command(c, std::max(1, c.dist.nproc), configFileForCommand(c));
    TrainingRunRequest request;
    request.program = program_;
    // The progress stream the job reads (docs/TRAINING.md, "Progress as JSON
    // lines"); the preview leaves it out: in a terminal the lines for people
    // are what a user wants.
    request.arguments = command.arguments;
    request.arguments << QStringLiteral("--progress") << QStringLiteral("jsonl");
    request.config = c;
    request.command_text = shell_command(program_, command.arguments, false);
    if (command.uses_config_file)
        request.config_file = command.config_file;

    finished_model_.clear();
    panel_->beginRun(c.optim.max_steps,
                     QString::fromStdString(c.model.device).startsWith(QLatin1String("cuda")));
    // metrics.jsonl of an earlier run in this folder is not this run's: the
    // trainer replaces it as it starts.
    metrics_->follow(QString::fromStdString(training::metrics_log_path(c.checkpoint.output_dir)),
                     true);
    panel_->appendLog(shell_command(program_, request.arguments, false));
    job_->start(request);
    setRunning(true);
    panel_->setStatus(tr("Training in a separate process (%1). The workbench stays usable; "
                         "Close only hides this window.")
                          .arg(QFileInfo(program_).fileName()));
    return true;
}

void TrainingDialog::abort() {
    if (!isRunning())
        return;
    if (job_->isStopping()) {
        job_->cancel();  // the second time: killed
        panel_->setStatus(
            tr("Stopped the trainer without waiting for its checkpoint; the last "
               "saved checkpoint (if any) is still there."));
        return;
    }
    job_->cancel();
    abort_->setText(tr("Force stop"));
    abort_->setToolTip(tr("Kill the trainer now (no checkpoint of the current step)"));
    panel_->setStatus(
        tr("Stopping: the trainer finishes the current step and saves a "
           "checkpoint…"));
}

bool TrainingDialog::isRunning() const {
    return job_->isRunning();
}

QString TrainingDialog::statusText() const {
    return panel_->status();
}

QString TrainingDialog::progressText() const {
    return panel_->progressText();
}

void TrainingDialog::onOutcome(const TrainingOutcome& outcome) {
    metrics_->finish();
    const auto last = metrics_->last();
    const qint64 steps = outcome.steps_done >= 0 ? outcome.steps_done
                                                 : std::max(job_->step(), last ? last->step : 0);
    const bool finished =
        outcome.exit_code == 0 && !outcome.crashed && !outcome.aborted && outcome.error.isEmpty();
    if (finished) {
        finished_model_ = outcome.model_dir;
        panel_->setStatus(
            outcome.model_dir.isEmpty()
                ? tr("Finished %1 steps in %2. Checkpoint: %3 (no model folder was written: "
                     "turn on \"Write a model the chat can load\").")
                      .arg(steps)
                      .arg(format_duration(outcome.wall_s), outcome.checkpoint)
                : tr("Finished %1 steps in %2. The model is in %3; Load into chat uses it.")
                      .arg(steps)
                      .arg(format_duration(outcome.wall_s), outcome.model_dir));
    } else if (outcome.error.isEmpty()) {
        panel_->setStatus(
            outcome.checkpoint.isEmpty()
                ? tr("Aborted after %1 steps. No checkpoint was written (the run stopped before "
                     "its first step ended, or was forced).")
                      .arg(steps)
                : tr("Aborted after %1 steps. The checkpoint was kept: %2. Choose it under Resume "
                     "to continue.")
                      .arg(steps)
                      .arg(outcome.checkpoint));
    } else {
        reportError(outcome.failure);
    }
    last_outcome_ = outcome;
}

void TrainingDialog::onRunEnded() {
    setRunning(false);
    refreshCheckpoints();
    emit runFinished(last_outcome_);
}

void TrainingDialog::setRunning(bool running) {
    panel_->setRunning(running);
    abort_->setEnabled(running);
    abort_->setText(tr("Abort"));
    abort_->setToolTip(
        tr("Stop after the current step; the trainer saves a checkpoint to "
           "resume from"));
    start_->setEnabled(!running);
    for (int tab = 0; tab < 3; ++tab)  // the settings; History stays usable
        tabs_->widget(tab)->setEnabled(!running);
    history_->setRunning(running);
    if (!running) {
        panel_->setStatus(panel_->status().isEmpty()
                              ? tr("Choose the data, the base checkpoint and an output folder, "
                                   "then Start.")
                              : panel_->status());
        updatePreview();
    }
    updateLoadIntoChat();
}

void TrainingDialog::updateLoadIntoChat() {
    load_into_chat_->setEnabled(!isRunning() && !finished_model_.isEmpty());
    load_into_chat_->setToolTip(finished_model_.isEmpty()
                                    ? tr("Available when a run has written its model")
                                    : tr("Use %1 in the chat").arg(finished_model_));
}

void TrainingDialog::reportError(const UserError& error) {
    QString text = error.what;
    if (!error.details.isEmpty())
        text += QStringLiteral(": ") + error.details;
    if (!error.file.isEmpty())
        text += QLatin1Char('\n') + tr("File: %1").arg(error.file);
    if (!error.fix.isEmpty())
        text += QLatin1Char('\n') + error.fix;
    panel_->setStatus(text);
    emit failed(error);
}

void TrainingDialog::refreshCheckpoints() {
    job_->refreshCheckpoints(outputDir().trimmed());
}

void TrainingDialog::showCheckpoints(const QString& dir, const QVector<TrainingCheckpoint>& list) {
    if (dir != outputDir().trimmed())
        return;  // the folder changed meanwhile: its own listing follows
    checkpoints_ = list;
    const QString selected = resume_list_->currentData().toString();
    const QSignalBlocker block(resume_list_);
    resume_list_->clear();
    resume_list_->addItem(tr("Fresh run (no resume)"), QString());
    resume_list_->addItem(tr("The newest checkpoint (latest)"), QStringLiteral("latest"));
    for (const TrainingCheckpoint& c : list) {
        QString label = tr("step %1").arg(c.step);
        if (c.total_steps > 0)
            label += tr(" of %1").arg(c.total_steps);
        if (!c.reason.isEmpty())
            label += QStringLiteral(" · ") + c.reason;
        if (c.last_loss)
            label += tr(" · loss %1").arg(*c.last_loss, 0, 'f', 4);
        if (c.latest)
            label += tr(" (latest)");
        if (!c.complete)
            label += tr(" — incomplete");
        resume_list_->addItem(label, c.dir);
    }
    if (!selected.isEmpty())
        select_data(resume_list_, selected);
    start_->setText(resume_list_->currentData().toString().isEmpty() ? tr("Start") : tr("Resume"));
    output_note_->setText(
        list.isEmpty() ? QString()
                       : tr("This folder holds %1 checkpoint(s) of an earlier run. A fresh run "
                            "starts its metrics over and may replace them; choose one under Resume "
                            "to continue instead.")
                             .arg(list.size()));
    updatePreview();
    emit checkpointsRefreshed();
}

QTableView* TrainingDialog::historyList() const {
    return history_->table();
}

TrainingCharts* TrainingDialog::charts() const {
    return panel_->charts();
}

const std::vector<store::TrainingRunEntry>& TrainingDialog::history() const {
    return runs_->runs();
}

void TrainingDialog::refreshHistory() {
    if (!session_.isOpen()) {
        history_->setNote(tr("Open a session to keep a history of training runs."));
        return;
    }
    history_->setNote(tr("Training runs started from this session, newest first."));
    runs_->refresh();
}

void TrainingDialog::showRunCurves(qint64 run_id) {
    if (isRunning()) {
        panel_->setStatus(
            tr("The charts follow the run in progress; look at past runs when it "
               "ends."));
        return;
    }
    const store::TrainingRunEntry* entry = runs_->run(run_id);
    if (entry == nullptr)
        return;
    panel_->showRunLength(entry->details.steps_done, entry->details.total_steps);
    metrics_->load(QString::fromStdString(entry->run.metrics_path));
    panel_->setStatus(tr("Curves of run %1 (%2).")
                          .arg(run_id)
                          .arg(QString::fromStdString(entry->run.metrics_path)));
}

}  // namespace facellava::ui
