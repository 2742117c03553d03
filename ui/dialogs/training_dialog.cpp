#include "dialogs/training_dialog.h"

#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>
#include <algorithm>

#include "facellava/training/checkpoint_layout.h"
#include "models/session_context.h"
#include "models/train_command.h"
#include "models/train_config_files.h"
#include "models/training_metrics_model.h"
#include "models/training_runs_model.h"
#include "settings/settings.h"
#include "widgets/dataset_preview.h"
#include "widgets/train_command_box.h"
#include "widgets/train_config_form.h"
#include "widgets/training_history_view.h"
#include "widgets/training_output_page.h"
#include "widgets/training_progress_panel.h"
#include "widgets/training_run_buttons.h"

namespace facellava::ui {
namespace {

using training::TrainConfig;

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
    files_ = new TrainConfigFiles(this);
    form_ = new TrainConfigForm(this);

    // Settings on the left (History stays usable during a run), the run on
    // the right, the command and the buttons below.
    auto* layout = new QVBoxLayout(this);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    tabs_ = new QTabWidget(splitter);
    output_ = new TrainingOutputPage(form_, tabs_);
    history_ = new TrainingHistoryView(runs_, tabs_);
    tabs_->addTab(buildDataTab(), tr("Data"));
    tabs_->addTab(scrolled(form_->page(TrainConfigForm::Section::Training), tabs_), tr("Training"));
    tabs_->addTab(scrolled(output_, tabs_), tr("Output && resume"));
    tabs_->addTab(history_, tr("History"));
    splitter->addWidget(tabs_);
    panel_ = new TrainingProgressPanel(metrics_, splitter);
    splitter->addWidget(panel_);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);
    command_ = new TrainCommandBox(this);
    layout->addWidget(command_);
    buttons_ = new TrainingRunButtons(this);
    layout->addWidget(buttons_);
    connectParts();

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

void TrainingDialog::connectParts() {
    connect(buttons_, &TrainingRunButtons::startClicked, this, &TrainingDialog::start);
    connect(buttons_, &TrainingRunButtons::abortClicked, this, &TrainingDialog::abort);
    connect(buttons_, &TrainingRunButtons::loadIntoChatClicked, this,
            &TrainingDialog::loadIntoChatRequested);
    connect(buttons_, &TrainingRunButtons::closeClicked, this, &QDialog::hide);

    // The settings: the command follows every edit, the data preview the data.
    connect(form_, &TrainConfigForm::changed, this, &TrainingDialog::updatePreview);
    connect(form_, &TrainConfigForm::dataChanged, this,
            [this] { preview_->scheduleScan(config()); });
    connect(preview_, &DatasetPreview::scanned, this, &TrainingDialog::dataScanned);
    connect(output_, &TrainingOutputPage::resumeChanged, this, &TrainingDialog::updatePreview);
    connect(output_, &TrainingOutputPage::refreshRequested, this,
            &TrainingDialog::refreshCheckpoints);
    connect(job_, &TrainingJob::checkpointsListed, this,
            [this](const QString& dir, const QVector<TrainingCheckpoint>& list) {
                if (!output_->showCheckpoints(dir, list))
                    return;  // the folder changed meanwhile: its own listing follows
                updatePreview();
                emit checkpointsRefreshed();
            });

    // Config files.
    connect(command_, &TrainCommandBox::saveRequested, this, &TrainingDialog::saveConfig);
    connect(command_, &TrainCommandBox::loadRequested, this, &TrainingDialog::loadConfig);
    connect(files_, &TrainConfigFiles::saved, this, [this](const QString& path) {
        panel_->setStatus(tr("Saved the settings to %1 (use it with `facellava train "
                             "--config`).")
                              .arg(path));
        emit configSaved(path);
    });
    connect(files_, &TrainConfigFiles::loaded, this,
            [this](const TrainConfig& loaded, const QString& path) {
                setConfig(loaded);
                panel_->setStatus(tr("Loaded the settings of %1.").arg(path));
                emit configLoaded(path);
            });
    connect(files_, &TrainConfigFiles::failed, this, &TrainingDialog::reportError);

    // The run.
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

    // The history of the session's runs.
    connect(job_, &TrainingJob::runRecorded, this, &TrainingDialog::refreshHistory);
    connect(runs_, &TrainingRunsModel::loaded, this, &TrainingDialog::historyRefreshed);
    connect(&session_, &SessionContext::sessionChanged, this, &TrainingDialog::refreshHistory);
    connect(&session_, &SessionContext::opened, this, &TrainingDialog::refreshHistory);
    connect(history_, &TrainingHistoryView::refreshRequested, this,
            &TrainingDialog::refreshHistory);
    connect(history_, &TrainingHistoryView::curvesRequested, this, &TrainingDialog::showRunCurves);
    connect(history_, &TrainingHistoryView::settingsRequested, this, &TrainingDialog::setConfig);
    connect(history_, &TrainingHistoryView::failed, this, &TrainingDialog::reportError);
    // A past run's model can go to the chat.
    connect(history_, &TrainingHistoryView::modelSelected, this, [this](const QString& model) {
        if (!isRunning())
            buttons_->setModel(model);
    });
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
    // The resume choice first: the form's changed() reads it.
    output_->setResumeFrom(QString::fromStdString(config.checkpoint.resume_from));
    form_->setConfig(config);
}

TrainConfig TrainingDialog::config() const {
    return readForm(nullptr);
}

TrainConfig TrainingDialog::readForm(QStringList* problems) const {
    TrainConfig c = form_->config(problems);
    c.checkpoint.resume_from = output_->resumeFrom().toStdString();
    return c;
}

QStringList TrainingDialog::commandArguments() const {
    return TrainCommandBox::commandFor(config()).arguments;
}

QString TrainingDialog::commandLine() const {
    return TrainCommandBox::shellText(program_, commandArguments());
}

void TrainingDialog::updatePreview() {
    QStringList problems;
    const TrainConfig c = readForm(&problems);
    command_->showCommand(program_, c, problems);
    buttons_->setStartable(problems.isEmpty(), !c.checkpoint.resume_from.empty());
}

bool TrainingDialog::isScanningData() const {
    return preview_->isScanning();
}

const DatasetSummary& TrainingDialog::dataSummary() const {
    return preview_->summary();
}

QString TrainingDialog::dataSummaryText() const {
    return preview_->summaryText();
}

void TrainingDialog::saveConfig(const QString& path) {
    QStringList problems;
    const TrainConfig c = readForm(&problems);
    if (!problems.isEmpty()) {
        reportError({tr("The settings cannot be saved"), path, tr("Correct these fields first."),
                     problems.join(QLatin1Char('\n'))});
        return;
    }
    files_->save(c, path);
}

void TrainingDialog::loadConfig(const QString& path) {
    files_->load(path);
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
    output_->selectResume(checkpoint_dir);
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
    const TrainingRunRequest request = TrainCommandBox::runRequest(program_, c);
    buttons_->setModel({});
    panel_->beginRun(c.optim.max_steps,
                     QString::fromStdString(c.model.device).startsWith(QLatin1String("cuda")));
    // metrics.jsonl of an earlier run in this folder is not this run's: the
    // trainer replaces it as it starts.
    metrics_->follow(QString::fromStdString(training::metrics_log_path(c.checkpoint.output_dir)),
                     true);
    panel_->appendLog(shell_command(program_, request.arguments, false));
    job_->start(request);
    setRunning(true);
    panel_->showStarted(program_);
    return true;
}

void TrainingDialog::abort() {
    if (!isRunning())
        return;
    if (job_->isStopping()) {
        job_->cancel();  // the second time: killed
        panel_->showKilled();
        return;
    }
    job_->cancel();
    buttons_->setStopping();
    panel_->showStopping();
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
        buttons_->setModel(outcome.model_dir);
        panel_->showFinished(steps, outcome.wall_s, outcome.checkpoint, outcome.model_dir);
    } else if (outcome.error.isEmpty()) {
        panel_->showAborted(steps, outcome.checkpoint);
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
    buttons_->setRunning(running);
    for (int tab = 0; tab < 3; ++tab)  // the settings; History stays usable
        tabs_->widget(tab)->setEnabled(!running);
    history_->setRunning(running);
    if (!running)
        updatePreview();
}

void TrainingDialog::reportError(const UserError& error) {
    panel_->showError(error);
    emit failed(error);
}

void TrainingDialog::refreshCheckpoints() {
    job_->refreshCheckpoints(output_->outputDir());
}

const QVector<TrainingCheckpoint>& TrainingDialog::checkpoints() const {
    return output_->checkpoints();
}

QString TrainingDialog::finishedModelDir() const {
    return buttons_->model();
}

QPushButton* TrainingDialog::loadIntoChatButton() const {
    return buttons_->loadIntoChatButton();
}

QComboBox* TrainingDialog::checkpointList() const {
    return output_->resumeList();
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
    history_->refresh(session_.isOpen());
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
