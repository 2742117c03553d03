#include "dialogs/training_dialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent>
#include <algorithm>
#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "facellava/core/error.h"
#include "models/session_context.h"
#include "models/train_command.h"
#include "models/training_metrics_model.h"
#include "settings/settings.h"
#include "support/thread_priority.h"
#include "support/timecode.h"
#include "widgets/training_charts.h"

namespace facellava::ui {
namespace {

using training::TrainConfig;
using training::TrainStage;

// The LoRA target layers the trainer accepts, in the order it lists them.
const QStringList& lora_target_names() {
    static const QStringList names = {QStringLiteral("q_proj"),    QStringLiteral("k_proj"),
                                      QStringLiteral("v_proj"),    QStringLiteral("o_proj"),
                                      QStringLiteral("gate_proj"), QStringLiteral("up_proj"),
                                      QStringLiteral("down_proj")};
    return names;
}

// The number of local processes is a config field ("nproc") in trainers
// that have it; older ones take only the flag (train_command.h).
bool config_has_nproc() {
    const auto& fields = training::train_config_fields();
    return std::any_of(fields.begin(), fields.end(),
                       [](const auto& f) { return f.key == "nproc"; });
}

int config_nproc(const TrainConfig& c) {
    const auto json = nlohmann::json::parse(training::train_config_to_json(c));
    return json.contains("nproc") && json["nproc"].is_number_integer() ? json["nproc"].get<int>()
                                                                       : 1;
}

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

// Doubles shown with the spin box's decimals but kept exact: a value loaded
// from a config file and not edited goes back unchanged.
void set_exact(QDoubleSpinBox* box, double value) {
    box->setValue(value);
    box->setProperty("exact", value);
    box->setProperty("shown", box->value());
}

double exact_value(const QDoubleSpinBox* box) {
    const QVariant shown = box->property("shown");
    if (shown.isValid() && shown.toDouble() == box->value())
        return box->property("exact").toDouble();
    return box->value();
}

QString number_text(double value) {
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

std::optional<double> parse_number(const QString& text) {
    bool ok = false;
    const double value = QLocale::c().toDouble(text.trimmed(), &ok);
    if (!ok || !std::isfinite(value))
        return std::nullopt;
    return value;
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

QHBoxLayout* browse_row(QLineEdit* field, QWidget* parent, const QString& title, bool folder) {
    auto* row = new QHBoxLayout();
    auto* browse = new QPushButton(QObject::tr("Browse…"), parent);
    row->addWidget(field, 1);
    row->addWidget(browse);
    QObject::connect(browse, &QPushButton::clicked, parent, [field, parent, title, folder] {
        auto* picker = new QFileDialog(parent, title, field->text());
        picker->setFileMode(folder ? QFileDialog::Directory : QFileDialog::ExistingFile);
        if (folder)
            picker->setOption(QFileDialog::ShowDirsOnly);
        picker->setAttribute(Qt::WA_DeleteOnClose);
        QObject::connect(picker, &QFileDialog::fileSelected, field, &QLineEdit::setText);
        picker->open();
    });
    return row;
}

QString status_name(store::JobStatus status) {
    switch (status) {
        case store::JobStatus::Queued:
            return QObject::tr("queued");
        case store::JobStatus::Running:
            return QObject::tr("running");
        case store::JobStatus::Done:
            return QObject::tr("finished");
        case store::JobStatus::Failed:
            return QObject::tr("failed");
        case store::JobStatus::Cancelled:
            return QObject::tr("aborted");
    }
    return {};
}

// "facellava train: error: <what> [<file>]: <fix>" (facellava::Error's text,
// possibly over several lines) → what, file, fix.
UserError trainer_error(const QString& text, const QString& output_dir) {
    UserError error{QObject::tr("Training failed"), output_dir,
                    QObject::tr("Read the trainer's output in the dialog, fix the setting or "
                                "file it names, then Start again (or Resume from a checkpoint)."),
                    text};
    static const QRegularExpression prefix(
        QStringLiteral("^facellava train: (?:unexpected )?(?:error: )?"));
    QString message = text;
    message.remove(prefix);
    static const QRegularExpression with_file(
        QStringLiteral("^(.*) \\[([^\\[\\]\\n]+)\\](?:: ([^\\n]*))?$"),
        QRegularExpression::DotMatchesEverythingOption);
    const auto m = with_file.match(message.trimmed());
    if (m.hasMatch()) {
        error.details = m.captured(1).trimmed();
        error.file = m.captured(2);
        if (!m.captured(3).isEmpty())
            error.fix = m.captured(3);
    } else if (!message.trimmed().isEmpty()) {
        error.details = message.trimmed();
    }
    return error;
}

}  // namespace

TrainingDialog::TrainingDialog(SessionContext& session, Settings& settings, QWidget* parent)
    : QDialog(parent), session_(session), settings_(settings) {
    setObjectName("TrainingDialog");
    setWindowTitle(tr("Fine-tune Face-LLaVA"));
    setModal(false);
    program_ = TrainingProcess::locateTrainer();
    metrics_ = new TrainingMetricsModel(this);
    process_ = new TrainingProcess(this);
    scan_ = new DatasetScanJob(this);
    scan_timer_ = new QTimer(this);
    scan_timer_->setSingleShot(true);
    scan_timer_->setInterval(400);
    checkpoint_timer_ = new QTimer(this);
    checkpoint_timer_->setSingleShot(true);
    checkpoint_timer_->setInterval(400);
    rank_timer_ = new QTimer(this);
    rank_timer_->setInterval(1000);

    auto* layout = new QVBoxLayout(this);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    tabs_ = new QTabWidget(splitter);
    tabs_->addTab(buildDataTab(), tr("Data"));
    tabs_->addTab(buildTrainingTab(), tr("Training"));
    tabs_->addTab(buildOutputTab(), tr("Output && resume"));
    tabs_->addTab(buildHistoryTab(), tr("History"));
    splitter->addWidget(tabs_);
    splitter->addWidget(buildProgressPanel());
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);

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
    layout->addWidget(command_box);

    auto* buttons = new QHBoxLayout();
    start_ = new QPushButton(tr("Start"), this);
    start_->setObjectName("TrainStart");
    abort_ = new QPushButton(tr("Abort"), this);
    abort_->setObjectName("TrainAbort");
    abort_->setToolTip(
        tr("Stop after the current step; the trainer saves a checkpoint to "
           "resume from"));
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

    connect(copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(commandLine()); });
    connect(save, &QPushButton::clicked, this, [this] {
        auto* picker = new QFileDialog(this, tr("Save training config"), output_dir_->text(),
                                       tr("Training config (*.json)"));
        picker->setAcceptMode(QFileDialog::AcceptSave);
        picker->setDefaultSuffix(QStringLiteral("json"));
        picker->setAttribute(Qt::WA_DeleteOnClose);
        connect(picker, &QFileDialog::fileSelected, this, &TrainingDialog::saveConfig);
        picker->open();
    });
    connect(load, &QPushButton::clicked, this, [this] {
        auto* picker = new QFileDialog(this, tr("Load training config"), output_dir_->text(),
                                       tr("Training config (*.json);;All files (*)"));
        picker->setFileMode(QFileDialog::ExistingFile);
        picker->setAttribute(Qt::WA_DeleteOnClose);
        connect(picker, &QFileDialog::fileSelected, this, &TrainingDialog::loadConfig);
        picker->open();
    });
    connect(start_, &QPushButton::clicked, this, &TrainingDialog::start);
    connect(abort_, &QPushButton::clicked, this, &TrainingDialog::abort);
    connect(load_into_chat_, &QPushButton::clicked, this, [this] {
        if (!finished_model_.isEmpty())
            emit loadIntoChatRequested(finished_model_);
    });
    connect(close, &QPushButton::clicked, this, &QDialog::hide);

    connect(scan_timer_, &QTimer::timeout, this, &TrainingDialog::startDataScan);
    connect(checkpoint_timer_, &QTimer::timeout, this, &TrainingDialog::refreshCheckpoints);
    connect(rank_timer_, &QTimer::timeout, this, &TrainingDialog::pollRankLogs);
    connect(scan_, &DatasetScanJob::finished, this, &TrainingDialog::showDataSummary);
    connect(scan_, &DatasetScanJob::failed, this, [this](const QString& message) {
        data_summary_->setText(tr("The data could not be read: %1").arg(message));
        emit dataScanned();
    });
    connect(process_, &TrainingProcess::started, this, [this] {
        status_->setText(tr("Training in a separate process (%1). The workbench stays usable; "
                            "Close only hides this window.")
                             .arg(QFileInfo(process_->program()).fileName()));
    });
    connect(process_, &TrainingProcess::progress, this, &TrainingDialog::onProgressLine);
    connect(process_, &TrainingProcess::rankStatus, this, &TrainingDialog::onRankStatus);
    connect(process_, &TrainingProcess::logLine, this,
            [this](const QString& line) { log_->appendPlainText(line); });
    connect(process_, &TrainingProcess::finished, this,
            [this](const TrainingOutcome& outcome) { finishRun(outcome, std::nullopt); });
    connect(process_, &TrainingProcess::failedToStart, this, [this](const UserError& error) {
        TrainingOutcome outcome;
        outcome.crashed = true;
        outcome.error = error.details;
        finishRun(outcome, error);
    });
    connect(metrics_, &QAbstractItemModel::rowsInserted, this, &TrainingDialog::onMetricsRows);
    connect(metrics_, &QAbstractItemModel::modelReset, this, &TrainingDialog::onMetricsRows);
    connect(metrics_, &TrainingMetricsModel::problemFound, this,
            [this](const QString& problem) { log_->appendPlainText(problem); });
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
    auto* form = new QFormLayout();
    train_files_ = new QListWidget(page);
    train_files_->setObjectName("TrainFiles");
    train_files_->setMaximumHeight(90);
    train_files_->setToolTip(tr("FaceInstruct .json (a list of samples) or .jsonl (one per line)"));
    auto* file_buttons = new QVBoxLayout();
    auto* add = new QPushButton(tr("Add…"), page);
    auto* remove = new QPushButton(tr("Remove"), page);
    file_buttons->addWidget(add);
    file_buttons->addWidget(remove);
    file_buttons->addStretch();
    auto* files_row = new QHBoxLayout();
    files_row->addWidget(train_files_, 1);
    files_row->addLayout(file_buttons);
    form->addRow(tr("Training files"), files_row);
    image_root_ = new QLineEdit(page);
    image_root_->setObjectName("TrainImageRoot");
    image_root_->setPlaceholderText(tr("folder the image and landmark paths are relative to"));
    form->addRow(tr("Image folder"), browse_row(image_root_, this, tr("Image folder"), true));
    video_root_ = new QLineEdit(page);
    video_root_->setObjectName("TrainVideoRoot");
    video_root_->setPlaceholderText(tr("folder the video paths are relative to"));
    form->addRow(tr("Video folder"), browse_row(video_root_, this, tr("Video folder"), true));
    eval_fraction_ = new QDoubleSpinBox(page);
    eval_fraction_->setObjectName("TrainEvalFraction");
    eval_fraction_->setRange(0, 0.9);
    eval_fraction_->setDecimals(3);
    eval_fraction_->setSingleStep(0.05);
    eval_fraction_->setSpecialValueText(tr("none"));
    eval_fraction_->setToolTip(
        tr("Share of the samples held out for evaluation (when the config "
           "names no held-out files)"));
    form->addRow(tr("Held-out share"), eval_fraction_);
    check_media_ = new QCheckBox(tr("Check that every media and landmark file exists"), page);
    form->addRow(QString(), check_media_);
    bad_samples_ = new QComboBox(page);
    bad_samples_->addItem(tr("skip them (reported)"), QStringLiteral("skip"));
    bad_samples_->addItem(tr("stop the run"), QStringLiteral("fail"));
    form->addRow(tr("Bad samples"), bad_samples_);
    layout->addLayout(form);

    data_summary_ = new QLabel(page);
    data_summary_->setObjectName("TrainDataSummary");
    data_summary_->setWordWrap(true);
    layout->addWidget(data_summary_);
    task_table_ = new QTableWidget(0, 6, page);
    task_table_->setObjectName("TrainTaskCounts");
    task_table_->setHorizontalHeaderLabels(
        {tr("Task"), tr("Samples"), tr("Images"), tr("Videos"), tr("Landmarks"), tr("Bad")});
    task_table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    task_table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    task_table_->verticalHeader()->hide();
    task_table_->setMaximumHeight(140);
    layout->addWidget(task_table_);
    sample_table_ = new QTableWidget(0, 4, page);
    sample_table_->setObjectName("TrainSamplePreview");
    sample_table_->setHorizontalHeaderLabels(
        {tr("Media"), tr("Question"), tr("Answer"), tr("Problem")});
    sample_table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    sample_table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    sample_table_->verticalHeader()->hide();
    layout->addWidget(sample_table_, 1);
    data_issues_ = new QPlainTextEdit(page);
    data_issues_->setObjectName("TrainDataIssues");
    data_issues_->setReadOnly(true);
    data_issues_->setMaximumHeight(90);
    data_issues_->setPlaceholderText(tr("Problems of the data (file #index: what) show here."));
    layout->addWidget(data_issues_);

    // Any change of the file list (the buttons, a loaded config) re-reads the data.
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved}) {
        connect(train_files_->model(), signal, this, [this] {
            updatePreview();
            scheduleDataScan();
        });
    }
    connect(add, &QPushButton::clicked, this, [this] {
        auto* picker = new QFileDialog(this, tr("FaceInstruct files"), image_root_->text(),
                                       tr("FaceInstruct data (*.json *.jsonl);;All files (*)"));
        picker->setFileMode(QFileDialog::ExistingFiles);
        picker->setAttribute(Qt::WA_DeleteOnClose);
        connect(picker, &QFileDialog::filesSelected, this, [this](const QStringList& files) {
            for (const QString& f : files)
                if (train_files_->findItems(f, Qt::MatchExactly).isEmpty())
                    train_files_->addItem(f);
        });
        picker->open();
    });
    connect(remove, &QPushButton::clicked, this,
            [this] { qDeleteAll(train_files_->selectedItems()); });
    for (QLineEdit* e : {image_root_, video_root_}) {
        connect(e, &QLineEdit::textChanged, this, [this] {
            updatePreview();
            scheduleDataScan();
        });
    }
    connect(check_media_, &QCheckBox::toggled, this, [this] {
        updatePreview();
        scheduleDataScan();
    });
    connect(eval_fraction_, &QDoubleSpinBox::valueChanged, this, &TrainingDialog::updatePreview);
    connect(bad_samples_, &QComboBox::currentIndexChanged, this, &TrainingDialog::updatePreview);
    return page;
}

QWidget* TrainingDialog::buildTrainingTab() {
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    auto* model = new QGroupBox(tr("Model"), page);
    auto* model_form = new QFormLayout(model);
    checkpoint_ = new QLineEdit(model);
    checkpoint_->setObjectName("TrainCheckpoint");
    checkpoint_->setPlaceholderText(tr("Face-LLaVA checkpoint folder to start from"));
    model_form->addRow(tr("Base checkpoint"),
                       browse_row(checkpoint_, this, tr("Base checkpoint"), true));
    stage_ = new QComboBox(model);
    stage_->setObjectName("TrainStage");
    stage_->addItem(tr("Stage 1: landmark projectors + FRGCA"), 1);
    stage_->addItem(tr("Stage 2: language model + projectors"), 2);
    model_form->addRow(tr("Stage"), stage_);
    lora_ = new QGroupBox(tr("LoRA on the language model (instead of all its weights)"), model);
    lora_->setObjectName("TrainLora");
    lora_->setCheckable(true);
    auto* lora_form = new QFormLayout(lora_);
    lora_rank_ = new QSpinBox(lora_);
    lora_rank_->setObjectName("TrainLoraRank");
    lora_rank_->setRange(1, 4096);
    lora_alpha_ = new QDoubleSpinBox(lora_);
    lora_alpha_->setObjectName("TrainLoraAlpha");
    lora_alpha_->setRange(0.01, 100000);
    lora_alpha_->setDecimals(2);
    lora_dropout_ = new QDoubleSpinBox(lora_);
    lora_dropout_->setObjectName("TrainLoraDropout");
    lora_dropout_->setRange(0, 0.99);
    lora_dropout_->setDecimals(3);
    lora_dropout_->setSingleStep(0.05);
    auto* targets = new QGridLayout();
    int column = 0;
    for (const QString& name : lora_target_names()) {
        auto* box = new QCheckBox(name, lora_);
        box->setObjectName(QStringLiteral("TrainLoraTarget_") + name);
        lora_targets_.insert(name, box);
        targets->addWidget(box, column / 4, column % 4);
        ++column;
        connect(box, &QCheckBox::toggled, this, &TrainingDialog::updatePreview);
    }
    lora_form->addRow(tr("Rank"), lora_rank_);
    lora_form->addRow(tr("Alpha"), lora_alpha_);
    lora_form->addRow(tr("Dropout"), lora_dropout_);
    lora_form->addRow(tr("Layers"), targets);
    model_form->addRow(lora_);
    precision_ = new QComboBox(model);
    precision_->setObjectName("TrainPrecision");
    precision_->addItem(tr("auto (bf16 on CUDA, fp32 on CPU)"), QStringLiteral("auto"));
    precision_->addItem(QStringLiteral("fp32"), QStringLiteral("fp32"));
    precision_->addItem(tr("bf16 (CUDA)"), QStringLiteral("bf16"));
    model_form->addRow(tr("Precision"), precision_);
    device_ = new QComboBox(model);
    device_->setObjectName("TrainDevice");
    device_->setEditable(true);
    for (const char* d : {"auto", "cpu", "cuda", "cuda:0", "cuda:1"})
        device_->addItem(QString::fromLatin1(d));
    model_form->addRow(tr("Device"), device_);
    processes_ = new QSpinBox(model);
    processes_->setObjectName("TrainProcesses");
    processes_->setRange(1, 64);
    processes_->setToolTip(
        tr("Local processes training together (one per GPU); rank 0 writes "
           "the checkpoints and the log"));
    model_form->addRow(tr("Processes / GPUs"), processes_);
    layout->addWidget(model);

    auto* optim = new QGroupBox(tr("Optimisation"), page);
    auto* optim_form = new QFormLayout(optim);
    auto* number =
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9.eE+-]*")), this);
    learning_rate_ = new QLineEdit(optim);
    learning_rate_->setObjectName("TrainLearningRate");
    learning_rate_->setValidator(number);
    optim_form->addRow(tr("Learning rate"), learning_rate_);
    schedule_ = new QComboBox(optim);
    schedule_->setObjectName("TrainSchedule");
    for (const char* s : {"cosine", "linear", "constant"})
        schedule_->addItem(QString::fromLatin1(s), QString::fromLatin1(s));
    optim_form->addRow(tr("Schedule"), schedule_);
    warmup_ratio_ = new QDoubleSpinBox(optim);
    warmup_ratio_->setObjectName("TrainWarmupRatio");
    warmup_ratio_->setRange(0, 1);
    warmup_ratio_->setDecimals(3);
    warmup_ratio_->setSingleStep(0.01);
    optim_form->addRow(tr("Warmup share"), warmup_ratio_);
    warmup_steps_ = new QSpinBox(optim);
    warmup_steps_->setObjectName("TrainWarmupSteps");
    warmup_steps_->setRange(-1, 100000000);
    warmup_steps_->setSpecialValueText(tr("from the share"));
    optim_form->addRow(tr("Warmup steps"), warmup_steps_);
    weight_decay_ = new QLineEdit(optim);
    weight_decay_->setObjectName("TrainWeightDecay");
    weight_decay_->setValidator(number);
    optim_form->addRow(tr("Weight decay"), weight_decay_);
    epochs_ = new QSpinBox(optim);
    epochs_->setObjectName("TrainEpochs");
    epochs_->setRange(1, 100000);
    optim_form->addRow(tr("Epochs"), epochs_);
    max_steps_ = new QSpinBox(optim);
    max_steps_->setObjectName("TrainMaxSteps");
    max_steps_->setRange(0, 2000000000);
    max_steps_->setSpecialValueText(tr("from the epochs"));
    optim_form->addRow(tr("Steps"), max_steps_);
    batch_size_ = new QSpinBox(optim);
    batch_size_->setObjectName("TrainBatchSize");
    batch_size_->setRange(1, 65536);
    optim_form->addRow(tr("Batch size"), batch_size_);
    grad_accumulation_ = new QSpinBox(optim);
    grad_accumulation_->setObjectName("TrainGradAccumulation");
    grad_accumulation_->setRange(1, 65536);
    optim_form->addRow(tr("Gradient accumulation"), grad_accumulation_);
    seed_ = new QLineEdit(optim);
    seed_->setObjectName("TrainSeed");
    seed_->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{0,20}")), this));
    optim_form->addRow(tr("Seed"), seed_);
    layout->addWidget(optim);
    layout->addStretch();

    for (QLineEdit* e : {checkpoint_, learning_rate_, weight_decay_, seed_})
        connect(e, &QLineEdit::textChanged, this, &TrainingDialog::updatePreview);
    connect(checkpoint_, &QLineEdit::textChanged, this, &TrainingDialog::scheduleDataScan);
    for (QComboBox* c : {stage_, precision_, schedule_})
        connect(c, &QComboBox::currentIndexChanged, this, &TrainingDialog::updatePreview);
    connect(device_, &QComboBox::currentTextChanged, this, &TrainingDialog::updatePreview);
    connect(stage_, &QComboBox::currentIndexChanged, this, [this] {
        // LoRA is a way of training the language model: stage 2 only.
        lora_->setEnabled(stage_->currentData().toInt() == 2);
    });
    connect(lora_, &QGroupBox::toggled, this, &TrainingDialog::updatePreview);
    for (QSpinBox* s : {lora_rank_, warmup_steps_, epochs_, max_steps_, batch_size_,
                        grad_accumulation_, processes_})
        connect(s, &QSpinBox::valueChanged, this, &TrainingDialog::updatePreview);
    for (QDoubleSpinBox* s : {lora_alpha_, lora_dropout_, warmup_ratio_})
        connect(s, &QDoubleSpinBox::valueChanged, this, &TrainingDialog::updatePreview);
    return page;
}

QWidget* TrainingDialog::buildOutputTab() {
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    auto* form = new QFormLayout();
    output_dir_ = new QLineEdit(page);
    output_dir_->setObjectName("TrainOutputDir");
    output_dir_->setPlaceholderText(tr("run folder: checkpoints/, metrics.jsonl, final/"));
    form->addRow(tr("Output folder"), browse_row(output_dir_, this, tr("Output folder"), true));
    output_note_ = new QLabel(page);
    output_note_->setWordWrap(true);
    form->addRow(QString(), output_note_);
    save_every_ = new QSpinBox(page);
    save_every_->setObjectName("TrainSaveEvery");
    save_every_->setRange(0, 100000000);
    save_every_->setSpecialValueText(tr("only at the end and on abort"));
    form->addRow(tr("Checkpoint every N steps"), save_every_);
    keep_last_ = new QSpinBox(page);
    keep_last_->setRange(0, 100000);
    keep_last_->setSpecialValueText(tr("all"));
    form->addRow(tr("Checkpoints kept"), keep_last_);
    save_final_ = new QCheckBox(tr("Write a model the chat can load (final/, LoRA merged)"), page);
    form->addRow(QString(), save_final_);
    eval_every_ = new QSpinBox(page);
    eval_every_->setObjectName("TrainEvalEvery");
    eval_every_->setRange(0, 100000000);
    eval_every_->setSpecialValueText(tr("at the end only"));
    form->addRow(tr("Evaluate every N steps"), eval_every_);
    eval_samples_ = new QSpinBox(page);
    eval_samples_->setObjectName("TrainEvalSamples");
    eval_samples_->setRange(0, 100000000);
    form->addRow(tr("Held-out samples per evaluation"), eval_samples_);
    layout->addLayout(form);

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

    connect(output_dir_, &QLineEdit::textChanged, this, [this] {
        updatePreview();
        checkpoint_timer_->start();
    });
    connect(refresh, &QPushButton::clicked, this, &TrainingDialog::refreshCheckpoints);
    connect(resume_list_, &QComboBox::currentIndexChanged, this, [this] {
        start_->setText(resume_list_->currentData().toString().isEmpty() ? tr("Start")
                                                                         : tr("Resume"));
        updatePreview();
    });
    for (QSpinBox* s : {save_every_, keep_last_, eval_every_, eval_samples_})
        connect(s, &QSpinBox::valueChanged, this, &TrainingDialog::updatePreview);
    connect(save_final_, &QCheckBox::toggled, this, &TrainingDialog::updatePreview);
    return page;
}

QWidget* TrainingDialog::buildHistoryTab() {
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    history_note_ = new QLabel(page);
    history_note_->setWordWrap(true);
    layout->addWidget(history_note_);
    history_list_ = new QTreeWidget(page);
    history_list_->setObjectName("TrainHistory");
    history_list_->setRootIsDecorated(false);
    history_list_->setHeaderLabels({tr("Run"), tr("Started"), tr("Status"), tr("Steps"),
                                    tr("Last loss"), tr("Output folder")});
    layout->addWidget(history_list_, 1);
    auto* buttons = new QHBoxLayout();
    history_curves_ = new QPushButton(tr("Show curves"), page);
    history_settings_ = new QPushButton(tr("Use its settings"), page);
    auto* refresh = new QPushButton(tr("Refresh"), page);
    buttons->addWidget(history_curves_);
    buttons->addWidget(history_settings_);
    buttons->addStretch();
    buttons->addWidget(refresh);
    layout->addLayout(buttons);

    auto selected_id = [this]() -> qint64 {
        auto* item = history_list_->currentItem();
        return item ? item->data(0, Qt::UserRole).toLongLong() : 0;
    };
    connect(refresh, &QPushButton::clicked, this, &TrainingDialog::refreshHistory);
    connect(history_curves_, &QPushButton::clicked, this,
            [this, selected_id] { showRunCurves(selected_id()); });
    connect(history_list_, &QTreeWidget::itemDoubleClicked, this,
            [this, selected_id] { showRunCurves(selected_id()); });
    connect(history_settings_, &QPushButton::clicked, this, [this, selected_id] {
        const qint64 id = selected_id();
        for (const auto& entry : history_) {
            if (entry.run.id != id)
                continue;
            try {
                setConfig(training::parse_train_config(
                    entry.run.config_json, tr("training run %1").arg(id).toStdString()));
            } catch (...) {
                reportError(ErrorReporter::describe(tr("The run's settings cannot be used"),
                                                    std::current_exception()));
            }
            break;
        }
    });
    connect(history_list_, &QTreeWidget::currentItemChanged, this, [this, selected_id] {
        const qint64 id = selected_id();
        history_curves_->setEnabled(id != 0);
        history_settings_->setEnabled(id != 0);
        if (isRunning())
            return;
        for (const auto& entry : history_) {
            if (entry.run.id == id && !entry.details.final_model_dir.empty()) {
                finished_model_ = QString::fromStdString(entry.details.final_model_dir);
                updateLoadIntoChat();
            }
        }
    });
    history_curves_->setEnabled(false);
    history_settings_->setEnabled(false);
    return page;
}

QWidget* TrainingDialog::buildProgressPanel() {
    auto* panel = new QWidget(this);
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    status_ = new QLabel(panel);
    status_->setObjectName("TrainStatus");
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(status_);
    progress_ = new QProgressBar(panel);
    progress_->setRange(0, 1);
    progress_->setValue(0);
    layout->addWidget(progress_);
    progress_label_ = new QLabel(panel);
    progress_label_->setObjectName("TrainProgress");
    layout->addWidget(progress_label_);
    charts_ = new TrainingCharts(panel);
    charts_->setModel(metrics_);
    layout->addWidget(charts_, 3);
    ranks_ = new QTableWidget(0, 2, panel);
    ranks_->setObjectName("TrainRanks");
    ranks_->setHorizontalHeaderLabels({tr("Process"), tr("Status")});
    ranks_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    ranks_->verticalHeader()->hide();
    ranks_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    ranks_->setMaximumHeight(120);
    ranks_->hide();  // shown when a multi-process run reports per-rank lines
    layout->addWidget(ranks_);
    log_ = new QPlainTextEdit(panel);
    log_->setObjectName("TrainLog");
    log_->setReadOnly(true);
    log_->setMaximumBlockCount(500);
    log_->setPlaceholderText(tr("The trainer's output shows here."));
    layout->addWidget(log_, 1);
    return panel;
}

void TrainingDialog::setTrainerProgram(const QString& program) {
    program_ = program;
    updatePreview();
}

int TrainingDialog::processCount() const {
    return processes_->value();
}

void TrainingDialog::setProcessCount(int n) {
    processes_->setValue(n);
}

void TrainingDialog::setConfig(const TrainConfig& config) {
    base_ = config;
    writeForm(config);
    updatePreview();
    scheduleDataScan();
    checkpoint_timer_->start();
}

TrainConfig TrainingDialog::config() const {
    return readForm(nullptr);
}

void TrainingDialog::writeForm(const TrainConfig& c) {
    updating_form_ = true;
    train_files_->clear();
    for (const auto& f : c.data.train_files)
        train_files_->addItem(QString::fromStdString(f));
    image_root_->setText(QString::fromStdString(c.data.image_root));
    video_root_->setText(QString::fromStdString(c.data.video_root));
    set_exact(eval_fraction_, c.data.eval_fraction);
    check_media_->setChecked(c.data.check_media);
    select_data(bad_samples_,
                QString::fromLatin1(training::bad_sample_policy_name(c.data.on_bad_sample)));

    checkpoint_->setText(QString::fromStdString(c.model.checkpoint));
    stage_->setCurrentIndex(c.stage == TrainStage::Landmarks ? 0 : 1);
    lora_->setEnabled(c.stage != TrainStage::Landmarks);
    lora_->setChecked(c.stage == TrainStage::Lora);
    lora_rank_->setValue(int(std::clamp<int64_t>(c.lora.rank, 1, 4096)));
    set_exact(lora_alpha_, c.lora.alpha);
    set_exact(lora_dropout_, c.lora.dropout);
    for (auto it = lora_targets_.begin(); it != lora_targets_.end(); ++it) {
        it.value()->setChecked(std::find(c.lora.target_modules.begin(), c.lora.target_modules.end(),
                                         it.key().toStdString()) != c.lora.target_modules.end());
    }
    select_data(precision_, QString::fromStdString(c.model.precision));
    device_->setCurrentText(QString::fromStdString(c.model.device));
    if (config_has_nproc())
        processes_->setValue(std::clamp(config_nproc(c), 1, processes_->maximum()));

    learning_rate_->setText(number_text(c.optim.learning_rate));
    select_data(schedule_, QString::fromStdString(c.optim.schedule));
    set_exact(warmup_ratio_, c.optim.warmup_ratio);
    warmup_steps_->setValue(int(std::clamp<int64_t>(c.optim.warmup_steps, -1, 100000000)));
    weight_decay_->setText(number_text(c.optim.weight_decay));
    epochs_->setValue(int(std::clamp<int64_t>(c.optim.epochs, 1, 100000)));
    max_steps_->setValue(int(std::clamp<int64_t>(c.optim.max_steps, 0, 2000000000)));
    batch_size_->setValue(int(std::clamp<int64_t>(c.optim.batch_size, 1, 65536)));
    grad_accumulation_->setValue(int(std::clamp<int64_t>(c.optim.grad_accumulation, 1, 65536)));
    seed_->setText(QString::number(c.seed));

    output_dir_->setText(QString::fromStdString(c.checkpoint.output_dir));
    save_every_->setValue(int(std::clamp<int64_t>(c.checkpoint.save_every, 0, 100000000)));
    keep_last_->setValue(int(std::clamp<int64_t>(c.checkpoint.keep_last, 0, 100000)));
    save_final_->setChecked(c.checkpoint.save_final_model);
    eval_every_->setValue(int(std::clamp<int64_t>(c.eval.every, 0, 100000000)));
    eval_samples_->setValue(int(std::clamp<int64_t>(c.eval.max_samples, 0, 100000000)));
    resume_list_->clear();
    resume_list_->addItem(tr("Fresh run (no resume)"), QString());
    resume_list_->addItem(tr("The newest checkpoint (latest)"), QStringLiteral("latest"));
    select_data(resume_list_, QString::fromStdString(c.checkpoint.resume_from));
    updating_form_ = false;
}

TrainConfig TrainingDialog::readForm(QStringList* problems) const {
    TrainConfig c = base_;
    auto problem = [problems](const QString& text) {
        if (problems)
            *problems << text;
    };
    c.data.train_files.clear();
    for (int i = 0; i < train_files_->count(); ++i)
        c.data.train_files.push_back(train_files_->item(i)->text().toStdString());
    c.data.image_root = image_root_->text().trimmed().toStdString();
    c.data.video_root = video_root_->text().trimmed().toStdString();
    c.data.eval_fraction = exact_value(eval_fraction_);
    c.data.check_media = check_media_->isChecked();
    try {
        c.data.on_bad_sample =
            training::parse_bad_sample_policy(bad_samples_->currentData().toString().toStdString());
    } catch (const Error& e) {
        problem(QString::fromStdString(e.brief()));
    }

    c.model.checkpoint = checkpoint_->text().trimmed().toStdString();
    c.stage = stage_->currentData().toInt() == 1
                  ? TrainStage::Landmarks
                  : (lora_->isChecked() ? TrainStage::Lora : TrainStage::Full);
    c.lora.rank = lora_rank_->value();
    c.lora.alpha = exact_value(lora_alpha_);
    c.lora.dropout = exact_value(lora_dropout_);
    std::set<std::string> checked;
    for (auto it = lora_targets_.begin(); it != lora_targets_.end(); ++it)
        if (it.value()->isChecked())
            checked.insert(it.key().toStdString());
    const std::set<std::string> before(base_.lora.target_modules.begin(),
                                       base_.lora.target_modules.end());
    if (checked != before) {  // unchanged: the loaded order is kept
        c.lora.target_modules.clear();
        for (const QString& name : lora_target_names())
            if (checked.count(name.toStdString()))
                c.lora.target_modules.push_back(name.toStdString());
    }
    c.model.precision = precision_->currentData().toString().toStdString();
    c.model.device = device_->currentText().trimmed().toStdString();
    if (config_has_nproc())
        training::set_train_config_value(c, "nproc", std::to_string(processes_->value()));

    if (const auto lr = parse_number(learning_rate_->text()))
        c.optim.learning_rate = *lr;
    else
        problem(tr("Learning rate: '%1' is not a number").arg(learning_rate_->text()));
    c.optim.schedule = schedule_->currentData().toString().toStdString();
    c.optim.warmup_ratio = exact_value(warmup_ratio_);
    c.optim.warmup_steps = warmup_steps_->value();
    if (const auto wd = parse_number(weight_decay_->text()))
        c.optim.weight_decay = *wd;
    else
        problem(tr("Weight decay: '%1' is not a number").arg(weight_decay_->text()));
    c.optim.epochs = epochs_->value();
    c.optim.max_steps = max_steps_->value();
    c.optim.batch_size = batch_size_->value();
    c.optim.grad_accumulation = grad_accumulation_->value();
    bool seed_ok = false;
    const qulonglong seed = seed_->text().toULongLong(&seed_ok);
    if (seed_ok)
        c.seed = seed;
    else
        problem(tr("Seed: '%1' is not a whole number ≥ 0").arg(seed_->text()));

    c.checkpoint.output_dir = output_dir_->text().trimmed().toStdString();
    c.checkpoint.save_every = save_every_->value();
    c.checkpoint.keep_last = keep_last_->value();
    c.checkpoint.save_final_model = save_final_->isChecked();
    c.checkpoint.resume_from = resume_list_->currentData().toString().toStdString();
    c.eval.every = eval_every_->value();
    c.eval.max_samples = eval_samples_->value();
    return c;
}

QString TrainingDialog::configFileForCommand(const TrainConfig& config) const {
    const QString out = QString::fromStdString(config.checkpoint.output_dir);
    return QDir(out.isEmpty() ? QDir::currentPath() : out)
        .filePath(QStringLiteral("train_config.gui.json"));
}

QStringList TrainingDialog::commandArguments() const {
    const TrainConfig c = config();
    return build_train_command(c, processCount(), configFileForCommand(c)).arguments;
}

QString TrainingDialog::commandLine() const {
    return shell_command(program_.isEmpty() ? QStringLiteral("facellava") : program_,
                         commandArguments(), true);
}

void TrainingDialog::updatePreview() {
    if (updating_form_)
        return;
    QStringList problems;
    const TrainConfig c = readForm(&problems);
    const TrainCommand command = build_train_command(c, processCount(), configFileForCommand(c));
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
    if (!updating_form_)
        scan_timer_->start();
}

bool TrainingDialog::isScanningData() const {
    return scan_timer_->isActive() || scan_->isRunning();
}

void TrainingDialog::startDataScan() {
    const TrainConfig c = config();
    if (c.data.train_files.empty()) {
        summary_ = DatasetSummary{};
        data_summary_->setText(
            tr("Add FaceInstruct .json or .jsonl files to see their samples "
               "and counts."));
        task_table_->setRowCount(0);
        sample_table_->setRowCount(0);
        data_issues_->clear();
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
    data_summary_->setText(tr("Reading and checking the data…"));
    scan_->scan(request);
}

QString TrainingDialog::dataSummaryText() const {
    return data_summary_->text();
}

void TrainingDialog::showDataSummary(const DatasetSummary& s) {
    summary_ = s;
    QString text = tr("%1 usable of %2 samples in %3 file(s): %4 with images, %5 with videos, "
                      "%6 text only.")
                       .arg(s.usable)
                       .arg(s.entries)
                       .arg(s.files.size())
                       .arg(s.images)
                       .arg(s.videos)
                       .arg(s.text_only);
    if (s.missing_media > 0 || s.other_problems > 0) {
        text += QLatin1Char(' ') + tr("%1 missing media, %2 other problems (listed below; the "
                                      "trainer skips them or stops, as chosen).")
                                       .arg(s.missing_media)
                                       .arg(s.other_problems);
    }
    data_summary_->setText(text);
    task_table_->setRowCount(int(s.tasks.size()));
    for (int r = 0; r < s.tasks.size(); ++r) {
        const DatasetTaskRow& t = s.tasks[r];
        const QStringList cells = {t.task,
                                   QString::number(t.samples),
                                   QString::number(t.images),
                                   QString::number(t.videos),
                                   QString::number(t.with_landmarks),
                                   QString::number(t.bad)};
        for (int col = 0; col < cells.size(); ++col)
            task_table_->setItem(r, col, new QTableWidgetItem(cells[col]));
    }
    sample_table_->setRowCount(int(s.preview.size()));
    for (int r = 0; r < s.preview.size(); ++r) {
        const DatasetPreviewSample& p = s.preview[r];
        const QStringList cells = {p.media.isEmpty() ? tr("(text only)") : p.media, p.question,
                                   p.answer, p.problem};
        for (int col = 0; col < cells.size(); ++col) {
            auto* item = new QTableWidgetItem(cells[col]);
            item->setToolTip(
                QStringLiteral("%1 #%2 (%3)\n%4").arg(p.file).arg(p.index).arg(p.task, cells[col]));
            sample_table_->setItem(r, col, item);
        }
    }
    QString issues = s.issues.join(QLatin1Char('\n'));
    if (s.issue_count > s.issues.size())
        issues += QLatin1Char('\n') + tr("… and %1 more").arg(s.issue_count - s.issues.size());
    data_issues_->setPlainText(issues);
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
            status_->setText(tr("Saved the settings to %1 (use it with `facellava train "
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
            status_->setText(tr("Loaded the settings of %1.").arg(path));
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
    const QString output_dir = QString::fromStdString(c.checkpoint.output_dir);
    const TrainCommand command = build_train_command(c, processCount(), configFileForCommand(c));
    const QString program = program_;

    // The session's history: the run row first, its id kept for the updates
    // (posted in order to the same writer thread, which alone touches it).
    run_id_ = std::make_shared<store::Id>(0);
    last_recorded_ms_ = QDateTime::currentMSecsSinceEpoch();
    run_config_ = c;
    run_output_dir_ = output_dir;
    run_nproc_ = processCount();
    run_step_ = 0;
    run_total_ = c.optim.max_steps;
    finished_model_.clear();
    stopping_ = false;
    log_->clear();
    ranks_->setRowCount(0);
    ranks_->hide();
    setRunning(true);
    status_->setText(tr("Starting the trainer…"));
    progress_label_->clear();
    // metrics.jsonl of an earlier run in this folder is not this run's: the
    // trainer replaces it as it starts.
    metrics_->follow(QDir(output_dir).filePath(QStringLiteral("metrics.jsonl")), true);

    store::TrainingRun run;
    run.config_json = training::train_config_to_json(c);
    run.status = store::JobStatus::Running;
    run.metrics_path = QDir(output_dir).filePath(QStringLiteral("metrics.jsonl")).toStdString();
    store::TrainingRunDetails details;
    details.output_dir = c.checkpoint.output_dir;
    details.command = shell_command(program, command.arguments, false).toStdString();
    details.total_steps = run_total_;
    session_.run(
        [run, details, id = run_id_](store::SessionStore& s, WriterState& state) {
            if (state.session_id == 0)
                return;
            store::TrainingRun row = run;
            row.session_id = state.session_id;
            *id = s.training_runs().add(row, details);
        },
        [this] { refreshHistory(); }, this);

    // The output folder (and the config file when flags cannot carry every
    // value) are written on a worker; the process starts when they are there.
    const std::string dir = c.checkpoint.output_dir;
    const bool write_config = command.uses_config_file;
    const std::string config_file = command.config_file.toStdString();
    off_gui_thread<QString>(
        this,
        [c, dir, write_config, config_file]() -> QString {
            if (!QDir().mkpath(QString::fromStdString(dir)))
                return QObject::tr("cannot create the folder");
            try {
                if (write_config)
                    training::save_train_config(c, config_file);
            } catch (const std::exception& e) {
                return QString::fromUtf8(e.what());
            }
            return {};
        },
        [this, program, command, output_dir](const QString& error) {
            if (!error.isEmpty()) {
                TrainingOutcome outcome;
                outcome.crashed = true;
                outcome.error = error;
                finishRun(outcome, UserError{tr("The output folder cannot be prepared"), output_dir,
                                             tr("Choose a folder you can write to."), error});
                return;
            }
            log_->appendPlainText(shell_command(program, command.arguments, false));
            process_->start(program, command.arguments);
            if (run_nproc_ > 1)
                rank_timer_->start();
            emit runStarted();
        });
    return true;
}

void TrainingDialog::abort() {
    if (!isRunning())
        return;
    if (stopping_) {
        process_->kill();
        status_->setText(
            tr("Stopped the trainer without waiting for its checkpoint; the last "
               "saved checkpoint (if any) is still there."));
        return;
    }
    stopping_ = true;
    process_->abort();
    abort_->setText(tr("Force stop"));
    abort_->setToolTip(tr("Kill the trainer now (no checkpoint of the current step)"));
    status_->setText(
        tr("Stopping: the trainer finishes the current step and saves a "
           "checkpoint…"));
}

bool TrainingDialog::isRunning() const {
    return running_;
}

QString TrainingDialog::statusText() const {
    return status_->text();
}

QString TrainingDialog::progressText() const {
    return progress_label_->text();
}

void TrainingDialog::onProgressLine(qint64 step, qint64 total) {
    run_total_ = total;
    run_step_ = std::max(run_step_, step);
    onMetricsRows();
}

void TrainingDialog::onRankStatus(int rank, const QString& text) {
    ranks_->show();
    const QString name =
        rank == TrainingProcess::kLauncher ? tr("launcher") : tr("rank %1").arg(rank);
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

void TrainingDialog::onMetricsRows() {
    const auto last = metrics_->last();
    const qint64 step = std::max(run_step_, last ? last->step : 0);
    if (!isRunning() && !last)
        return;
    QStringList parts;
    parts << (run_total_ > 0 ? tr("Step %1 / %2").arg(step).arg(run_total_)
                             : tr("Step %1").arg(step));
    if (last) {
        parts << tr("loss %1").arg(last->loss, 0, 'f', 4);
        if (last->tokens_per_s > 0)
            parts << tr("%1 tokens/s").arg(last->tokens_per_s, 0, 'f', 0);
        const bool gpu = QString::fromStdString(run_config_.model.device).startsWith("cuda");
        parts << (gpu ? tr("GPU memory %1 GiB") : tr("memory %1 GiB"))
                     .arg(double(last->memory_bytes) / double(1 << 30), 0, 'f', 2);
        parts << tr("elapsed %1").arg(format_duration(last->elapsed_s));
        if (isRunning())
            parts << tr("ETA %1").arg(format_duration(last->eta_s));
    }
    progress_label_->setText(parts.join(QStringLiteral(" · ")));
    if (run_total_ > 0) {
        progress_->setRange(0, int(std::min<qint64>(run_total_, 2000000000)));
        progress_->setValue(int(std::min<qint64>(step, run_total_)));
    }
    if (isRunning() && run_id_)
        recordProgress(false);
}

void TrainingDialog::recordProgress(bool force) {
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (!force && now - last_recorded_ms_ < 5000)
        return;
    last_recorded_ms_ = now;
    store::TrainingRunProgress p;
    p.status = store::JobStatus::Running;
    const auto last = metrics_->last();
    p.steps_done = std::max(run_step_, last ? last->step : 0);
    p.total_steps = run_total_;
    if (last)
        p.last_loss = last->loss;
    session_.run([p, id = run_id_](store::SessionStore& s, WriterState&) {
        if (*id != 0)
            s.training_runs().update(*id, p);
    });
}

void TrainingDialog::pollRankLogs() {
    if (rank_poll_busy_)
        return;
    rank_poll_busy_ = true;
    const QString dir = run_output_dir_;
    const int n = run_nproc_;
    off_gui_thread<QStringList>(
        this, [dir, n]() { return TrainingProcess::rankLogTails(dir, n); },
        [this](const QStringList& tails) {
            rank_poll_busy_ = false;
            if (!isRunning())
                return;
            for (int k = 0; k < tails.size(); ++k) {
                if (tails[k].isEmpty())
                    continue;
                onRankStatus(k, tails[k]);
                const auto info = TrainingProcess::parseLine(tails[k]);
                if (k == 0 && info.step >= 0)
                    onProgressLine(info.step, info.total);
            }
        });
}

void TrainingDialog::finishRun(const TrainingOutcome& outcome,
                               const std::optional<UserError>& start_error) {
    rank_timer_->stop();
    if (run_nproc_ <= 1 || start_error) {
        completeRun(outcome, start_error);
        return;
    }
    // Rank 0 printed its summary (checkpoint, model) into its own log.
    const QString dir = run_output_dir_;
    off_gui_thread<TrainingOutcome>(
        this,
        [outcome, dir]() {
            TrainingOutcome completed = outcome;
            TrainingProcess::completeFromRankLog(completed, dir);
            return completed;
        },
        [this](const TrainingOutcome& completed) { completeRun(completed, std::nullopt); });
}

void TrainingDialog::completeRun(const TrainingOutcome& outcome,
                                 const std::optional<UserError>& start_error) {
    metrics_->finish();
    stopping_ = false;
    const auto last = metrics_->last();
    const qint64 steps =
        outcome.steps_done >= 0 ? outcome.steps_done : std::max(run_step_, last ? last->step : 0);
    store::TrainingRunProgress p;
    p.steps_done = steps;
    p.total_steps = run_total_;
    if (last)
        p.last_loss = last->loss;
    p.checkpoint_dir = outcome.checkpoint.toStdString();
    p.final_model_dir = outcome.model_dir.toStdString();
    const bool aborted = outcome.aborted || (outcome.abort_requested && outcome.exit_code != 0);
    if (outcome.exit_code == 0 && !outcome.crashed && !outcome.aborted) {
        p.status = store::JobStatus::Done;
        finished_model_ = outcome.model_dir;
        status_->setText(
            outcome.model_dir.isEmpty()
                ? tr("Finished %1 steps in %2. Checkpoint: %3 (no model folder was written: "
                     "turn on \"Write a model the chat can load\").")
                      .arg(steps)
                      .arg(format_duration(outcome.wall_s), outcome.checkpoint)
                : tr("Finished %1 steps in %2. The model is in %3; Load into chat uses it.")
                      .arg(steps)
                      .arg(format_duration(outcome.wall_s), outcome.model_dir));
    } else if (aborted) {
        p.status = store::JobStatus::Cancelled;
        p.error = tr("aborted by the user").toStdString();
        status_->setText(
            outcome.checkpoint.isEmpty()
                ? tr("Aborted after %1 steps. No checkpoint was written (the run stopped before "
                     "its first step ended, or was forced).")
                      .arg(steps)
                : tr("Aborted after %1 steps. The checkpoint was kept: %2. Choose it under Resume "
                     "to continue.")
                      .arg(steps)
                      .arg(outcome.checkpoint));
    } else {
        p.status = store::JobStatus::Failed;
        const UserError error =
            start_error
                ? *start_error
                : trainer_error(outcome.error.isEmpty()
                                    ? tr("the trainer exited with code %1%2")
                                          .arg(outcome.exit_code)
                                          .arg(outcome.crashed ? tr(" (crashed)") : QString())
                                    : outcome.error,
                                run_output_dir_);
        p.error = error.details.toStdString();
        reportError(error);
    }
    if (run_id_) {
        session_.run(
            [p, id = run_id_](store::SessionStore& s, WriterState&) {
                if (*id != 0)
                    s.training_runs().update(*id, p);
            },
            [this] { refreshHistory(); }, this);
    }
    setRunning(false);
    refreshCheckpoints();
    emit runFinished(outcome);
}

void TrainingDialog::setRunning(bool running) {
    abort_->setEnabled(running);
    abort_->setText(tr("Abort"));
    abort_->setToolTip(
        tr("Stop after the current step; the trainer saves a checkpoint to "
           "resume from"));
    start_->setEnabled(!running);
    running_ = running;
    for (int tab = 0; tab < 3; ++tab)  // the settings; History stays usable
        tabs_->widget(tab)->setEnabled(!running);
    if (history_curves_)
        history_curves_->setEnabled(!running && history_list_->currentItem());
    if (!running) {
        status_->setText(status_->text().isEmpty()
                             ? tr("Choose the data, the base checkpoint and an output folder, "
                                  "then Start.")
                             : status_->text());
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
    status_->setText(text);
    emit failed(error);
}

void TrainingDialog::refreshCheckpoints() {
    const QString dir = output_dir_->text().trimmed();
    const int generation = ++checkpoint_generation_;
    off_gui_thread<QVector<TrainingCheckpoint>>(
        this, [dir]() { return list_training_checkpoints(dir); },
        [this, generation, dir](const QVector<TrainingCheckpoint>& list) {
            if (generation != checkpoint_generation_)
                return;
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
            start_->setText(resume_list_->currentData().toString().isEmpty() ? tr("Start")
                                                                             : tr("Resume"));
            output_note_->setText(
                list.isEmpty()
                    ? QString()
                    : tr("This folder holds %1 checkpoint(s) of an earlier run. A fresh run "
                         "starts its metrics over and may replace them; choose one under Resume "
                         "to continue instead.")
                          .arg(list.size()));
            updatePreview();
            emit checkpointsRefreshed();
        });
}

void TrainingDialog::refreshHistory() {
    if (!session_.isOpen()) {
        history_note_->setText(tr("Open a session to keep a history of training runs."));
        return;
    }
    history_note_->setText(tr("Training runs started from this session, newest first."));
    session_.run(
        [](store::SessionStore& s, WriterState& state) {
            return s.training_runs().for_session(state.session_id);
        },
        [this](const std::vector<store::TrainingRunEntry>& runs) {
            history_ = runs;
            const qint64 selected =
                history_list_->currentItem()
                    ? history_list_->currentItem()->data(0, Qt::UserRole).toLongLong()
                    : 0;
            history_list_->clear();
            for (const auto& entry : runs) {
                const auto& d = entry.details;
                auto* item = new QTreeWidgetItem(history_list_);
                item->setText(0, QString::number(entry.run.id));
                item->setData(0, Qt::UserRole, qint64(entry.run.id));
                const QDateTime started = QDateTime::fromString(
                    QString::fromStdString(entry.run.created_at), Qt::ISODateWithMs);
                item->setText(1, started.isValid() ? QLocale().toString(started.toLocalTime(),
                                                                        QLocale::ShortFormat)
                                                   : QString::fromStdString(entry.run.created_at));
                item->setText(2, status_name(entry.run.status));
                item->setText(3,
                              d.total_steps > 0
                                  ? QStringLiteral("%1 / %2").arg(d.steps_done).arg(d.total_steps)
                                  : QString::number(d.steps_done));
                item->setText(4, d.last_loss ? QString::number(*d.last_loss, 'f', 4) : QString());
                item->setText(5, QString::fromStdString(d.output_dir));
                item->setToolTip(0, QString::fromStdString(d.command));
                item->setToolTip(2, QString::fromStdString(entry.run.error));
                if (entry.run.id == selected)
                    history_list_->setCurrentItem(item);
            }
            emit historyRefreshed();
        },
        this);
}

void TrainingDialog::showRunCurves(qint64 run_id) {
    if (isRunning()) {
        status_->setText(
            tr("The charts follow the run in progress; look at past runs when it "
               "ends."));
        return;
    }
    for (const auto& entry : history_) {
        if (entry.run.id != run_id)
            continue;
        run_total_ = entry.details.total_steps;
        run_step_ = entry.details.steps_done;
        metrics_->load(QString::fromStdString(entry.run.metrics_path));
        status_->setText(tr("Curves of run %1 (%2).")
                             .arg(run_id)
                             .arg(QString::fromStdString(entry.run.metrics_path)));
        return;
    }
}

}  // namespace facellava::ui
