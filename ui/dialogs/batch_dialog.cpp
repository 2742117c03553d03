#include "dialogs/batch_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QUrl>
#include <QVBoxLayout>

#include "facellava/pipeline/batch.h"
#include "facellava/pipeline/model_tasks.h"
#include "jobs/model_service.h"
#include "settings/settings.h"
#include "support/timecode.h"
#include "widgets/expression_names_box.h"
#include "widgets/optional_outputs_box.h"

namespace facellava::ui {
namespace {

QHBoxLayout* folder_row(QLineEdit* field, QWidget* parent, const QString& title) {
    auto* row = new QHBoxLayout();
    auto* browse = new QPushButton(QObject::tr("Browse…"), parent);
    row->addWidget(field, 1);
    row->addWidget(browse);
    QObject::connect(browse, &QPushButton::clicked, parent, [field, parent, title] {
        auto* picker = new QFileDialog(parent, title, field->text());
        picker->setFileMode(QFileDialog::Directory);
        picker->setOption(QFileDialog::ShowDirsOnly);
        picker->setAttribute(Qt::WA_DeleteOnClose);
        QObject::connect(picker, &QFileDialog::fileSelected, field, &QLineEdit::setText);
        picker->open();
    });
    return row;
}

QString duration(double seconds) {
    return seconds < 0 ? QStringLiteral("?") : format_time(seconds).section('.', 0, 0);
}

}  // namespace

BatchDialog::BatchDialog(ModelService& model, Settings& settings, QWidget* parent)
    : QDialog(parent), model_(model), settings_(settings) {
    setObjectName("BatchDialog");
    setWindowTitle(tr("Batch analysis"));
    auto* layout = new QVBoxLayout(this);

    auto* files = new QGroupBox(tr("Files"), this);
    auto* files_form = new QFormLayout(files);
    input_ = new QLineEdit(files);
    input_->setObjectName("BatchInput");
    input_->setPlaceholderText(tr("folder of images and videos"));
    output_ = new QLineEdit(files);
    output_->setObjectName("BatchOutput");
    output_->setPlaceholderText(tr("job folder for faces.csv, errors.csv, metadata.json"));
    recursive_ = new QCheckBox(tr("Include sub-folders"), files);
    globs_ = new QLineEdit(files);
    globs_->setPlaceholderText(tr("e.g. *.mp4 *.jpg (empty: every image and video)"));
    files_form->addRow(tr("Input folder"), folder_row(input_, this, tr("Folder to analyse")));
    files_form->addRow(tr("Job folder"), folder_row(output_, this, tr("Folder for the results")));
    files_form->addRow(QString(), recursive_);
    files_form->addRow(tr("Only files matching"), globs_);
    layout->addWidget(files);
    connect(input_, &QLineEdit::textChanged, this, [this](const QString& text) {
        if (output_->isModified() || text.trimmed().isEmpty())
            return;
        output_->setText(QDir::cleanPath(text.trimmed()) + QStringLiteral("_facellava"));
    });

    auto* analysis = new QGroupBox(tr("Analysis"), this);
    auto* form = new QFormLayout(analysis);
    detector_ = new QComboBox(analysis);
    detector_->addItem(tr("face-api tiny detector"), "faceapi");
    detector_->addItem(tr("dlib HOG"), "dlib");
    detector_->addItem(tr("MediaPipe BlazeFace (Face-LLaVA authors' crops)"), "blazeface");
    detector_->setCurrentIndex(settings_.detector() == pipeline::DetectorKind::DlibHog ? 1 : 0);
    landmarks_ = new QComboBox(analysis);
    landmarks_->addItem(tr("face-api 68-point net"), "faceapi");
    landmarks_->addItem(tr("dlib 68-point shape predictor"), "dlib");
    landmarks_->setCurrentIndex(settings_.detector() == pipeline::DetectorKind::DlibHog ? 1 : 0);
    min_confidence_ = new QDoubleSpinBox(analysis);
    min_confidence_->setRange(0.05, 0.99);
    min_confidence_->setSingleStep(0.05);
    min_confidence_->setValue(settings_.minFaceScore());
    every_nth_ = new QSpinBox(analysis);
    every_nth_->setRange(1, 10000);
    every_nth_->setToolTip(tr("Video frames: analyse every Nth (1 = all)"));
    target_fps_ = new QDoubleSpinBox(analysis);
    target_fps_->setRange(0, 240);
    target_fps_->setSpecialValueText(tr("off"));
    target_fps_->setToolTip(tr("Video frames: about this many per second (overrides every Nth)"));
    max_faces_ = new QSpinBox(analysis);
    max_faces_->setRange(0, 100);
    max_faces_->setSpecialValueText(tr("all"));
    threads_ = new QSpinBox(analysis);
    threads_->setRange(0, std::max(1, QThread::idealThreadCount()));
    threads_->setSpecialValueText(tr("auto"));  // 0: as `facellava batch` by default
    threads_->setToolTip(tr("auto: photos one per core, then each video across the cores"));
    form->addRow(tr("Detector"), detector_);
    form->addRow(tr("Landmarks"), landmarks_);
    form->addRow(tr("Minimum face score"), min_confidence_);
    form->addRow(tr("Every Nth frame"), every_nth_);
    form->addRow(tr("Frames per second"), target_fps_);
    form->addRow(tr("Faces per frame"), max_faces_);
    form->addRow(tr("Files at once"), threads_);
    layout->addWidget(analysis);

    // What faces.csv looks like and what is written beside it (docs/CSV.md).
    auto* outputs = new QGroupBox(tr("Outputs"), this);
    auto* outputs_form = new QFormLayout(outputs);
    const pipeline::OutputConventions conventions = settings_.outputConventions();
    frame_base_ = new QComboBox(outputs);
    frame_base_->setObjectName("BatchFrameBase");
    frame_base_->addItem(tr("0 (first frame is 0)"), 0);
    frame_base_->addItem(tr("1 (first frame is 1, as OpenFace counts)"), 1);
    frame_base_->setCurrentIndex(conventions.frame_base == 1 ? 1 : 0);
    expression_names_ = new ExpressionNamesBox(outputs);
    expression_names_->setObjectName("BatchExpressionNames");
    expression_names_->setNames(conventions.expression_names);
    save_crops_ = new QCheckBox(
        tr("Save each face's aligned crop (crops/, as OpenFace's -simalign)"), outputs);
    save_crops_->setObjectName("BatchSaveCrops");
    overlay_video_ = new QCheckBox(
        tr("Write each video with boxes, landmarks, ids and labels drawn in (overlay/)"), outputs);
    overlay_video_->setObjectName("BatchOverlayVideo");
    outputs_form->addRow(tr("Frame numbers"), frame_base_);
    outputs_form->addRow(tr("Expression names"), expression_names_);
    optional_outputs_ = new OptionalOutputsBox(outputs);
    optional_outputs_->setObjectName("BatchOptionalOutputs");
    optional_outputs_->setOutputs(conventions.outputs);
    outputs_form->addRow(tr("Per-face outputs"), optional_outputs_);
    outputs_form->addRow(QString(), save_crops_);
    outputs_form->addRow(QString(), overlay_video_);
    layout->addWidget(outputs);

    auto* tasks = new QGroupBox(tr("Face-LLaVA questions per face"), this);
    auto* tasks_layout = new QGridLayout(tasks);
    int column = 0;
    for (const auto& task : pipeline::model_tasks()) {
        auto* box = new QCheckBox(QString::fromUtf8(task.name), tasks);
        box->setObjectName(QStringLiteral("BatchTask_") + QString::fromUtf8(task.name));
        box->setToolTip(QString::fromUtf8(task.question));
        tasks_.insert(QString::fromUtf8(task.name), box);
        tasks_layout->addWidget(box, column / 3, column % 3);
        ++column;
    }
    tasks_note_ = new QLabel(tasks);
    tasks_note_->setWordWrap(true);
    tasks_layout->addWidget(tasks_note_, column / 3 + 1, 0, 1, 3);
    layout->addWidget(tasks);

    restart_ = new QCheckBox(
        tr("Start over (discard the results of an earlier run in the job folder)"), this);
    layout->addWidget(restart_);
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1000);
    progress_->setValue(0);
    layout->addWidget(progress_);
    status_ = new QLabel(tr("Choose a folder, then Start."), this);
    status_->setObjectName("BatchStatus");
    status_->setWordWrap(true);
    layout->addWidget(status_);

    auto* buttons = new QHBoxLayout();
    start_ = new QPushButton(tr("Start"), this);
    start_->setObjectName("BatchStart");
    pause_ = new QPushButton(tr("Pause"), this);
    pause_->setToolTip(tr("Stop now; Resume picks up after the files already finished"));
    cancel_ = new QPushButton(tr("Cancel"), this);
    open_csv_ = new QPushButton(tr("Open CSV"), this);
    open_csv_->setObjectName("BatchOpenCsv");
    open_folder_ = new QPushButton(tr("Open job folder"), this);
    auto* close = new QPushButton(tr("Close"), this);
    for (auto* b : {start_, pause_, cancel_, open_csv_, open_folder_, close})
        buttons->addWidget(b);
    layout->addLayout(buttons);

    connect(start_, &QPushButton::clicked, this, &BatchDialog::start);
    connect(pause_, &QPushButton::clicked, this, [this] { paused_ ? (void)start() : pause(); });
    connect(cancel_, &QPushButton::clicked, this, &BatchDialog::cancel);
    connect(open_csv_, &QPushButton::clicked, this,
            [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(outcome_.faces_csv)); });
    connect(open_folder_, &QPushButton::clicked, this,
            [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(outputFolder())); });
    connect(close, &QPushButton::clicked, this, &QDialog::hide);
    connect(&model_, &ModelService::engineChanged, this, &BatchDialog::refreshTasks);
    refreshTasks();
    setRunning(false);
}

BatchDialog::~BatchDialog() {
    delete job_;
}

void BatchDialog::refreshTasks() {
    // Only the tasks the checkpoint was trained for (its config.json's
    // "facellava_tasks"): asked another task's question, a model answers with
    // the words of one it knows, and faces.csv would hold wrong labels.
    const auto engine = model_.engine();
    QStringList unknown;
    for (const auto& task : pipeline::model_tasks()) {
        QCheckBox* box = tasks_.value(QString::fromUtf8(task.name));
        const bool known = engine && engine->info().tasks.knows(task.name);
        box->setEnabled(known);
        if (!known)
            box->setChecked(false);
        if (!engine || known) {
            box->setToolTip(QString::fromUtf8(task.question));
            continue;
        }
        unknown << QString::fromUtf8(task.name);
        const auto& info = engine->info();
        const QString listed =
            info.tasks.names.empty() ? tr("no task") : QString::fromStdString(info.tasks.joined());
        box->setToolTip(tr("This checkpoint was not trained for this task: its config.json (%1) "
                           "lists %2.")
                            .arg(QString::fromStdString(info.tasks.config_path), listed));
    }
    QString note = engine ? tr("Each checked question is asked about every face (slow on CPU).")
                          : tr("Load a Face-LLaVA checkpoint (Settings) to ask these questions.");
    if (!unknown.isEmpty())
        note += QLatin1Char(' ') + tr("Not asked: %1 (the checkpoint was not trained for them).")
                                       .arg(unknown.join(QStringLiteral(", ")));
    tasks_note_->setText(note);
}

void BatchDialog::setInputFolder(const QString& folder) {
    input_->setText(folder);
}

void BatchDialog::setOutputFolder(const QString& folder) {
    output_->setText(folder);
    output_->setModified(true);
}

QString BatchDialog::outputFolder() const {
    return output_->text().trimmed();
}
QString BatchDialog::statusText() const {
    return status_->text();
}

pipeline::BatchOptions BatchDialog::batchOptions() const {
    pipeline::BatchOptions options;
    options.input = input_->text().trimmed().toStdString();
    options.output_dir = outputFolder().toStdString();
    options.discovery.recursive = recursive_->isChecked();
    for (const QString& glob : globs_->text().split(' ', Qt::SkipEmptyParts))
        options.discovery.globs.push_back(glob.toStdString());
    // The job folder may sit inside the input folder: its files are no inputs.
    options.discovery.exclude_dirs.push_back(options.output_dir);
    auto& a = options.analysis;
    a.detector = pipeline::parse_detector_kind(detector_->currentData().toString().toStdString());
    a.landmarks = pipeline::parse_landmark_kind(landmarks_->currentData().toString().toStdString());
    a.min_confidence = float(min_confidence_->value());
    a.dlib_adjust_threshold = settings_.dlibAdjustThreshold();
    a.every_nth_frame = every_nth_->value();
    a.target_fps = target_fps_->value();
    a.max_faces = max_faces_->value();
    for (auto it = tasks_.begin(); it != tasks_.end(); ++it)
        if (it.value()->isChecked())
            a.tasks.push_back(it.key().toStdString());
    a.output.frame_base = frame_base_->currentData().toInt();
    a.output.expression_names = expression_names_->names();
    a.output.outputs = optional_outputs_->outputs();
    options.save_crops = save_crops_->isChecked();
    options.overlay_video = overlay_video_->isChecked();
    options.threads = threads_->value();
    return options;
}

bool BatchDialog::start() {
    if (job_)
        return false;
    const QString input = input_->text().trimmed();
    if (input.isEmpty() || outputFolder().isEmpty()) {
        status_->setText(tr("Choose the folder to analyse and the job folder first."));
        return false;
    }
    pipeline::BatchOptions options = batchOptions();
    // One vocabulary in the window and in the faces.csv just asked for; the
    // window's own optional outputs stay as they are (each costs nets per
    // frame shown, a batch's choice should not slow the window).
    pipeline::OutputConventions window = options.analysis.output;
    window.outputs = settings_.outputConventions().outputs;
    settings_.setOutputConventions(window);
    options.restart = restart_->isChecked() && !paused_;  // resuming never discards
    paused_ = false;
    outcome_ = BatchOutcome{};
    job_ = new BatchJob(options, model_.engine(), model_.checkpointDir());
    connect(job_, &BatchJob::statusChanged, this, &BatchDialog::onProgress);
    connect(job_, &BatchJob::outcomeReady, this, &BatchDialog::onFinished);
    connect(job_, &BatchJob::failed, this, [this](const UserError& error) {
        job_->deleteLater();
        job_ = nullptr;
        setRunning(false);
        status_->setText(
            tr("Failed: %1").arg(error.details.isEmpty() ? error.what : error.details));
        emit failed(error);
    });
    status_->setText(tr("Loading the face models…"));
    job_->start();
    setRunning(true);
    return true;
}

void BatchDialog::pause() {
    if (!job_)
        return;
    paused_ = true;
    job_->cancel();
    status_->setText(tr("Pausing…"));
}

void BatchDialog::cancel() {
    if (!job_) {
        if (!paused_)
            return;
        paused_ = false;  // abandon a paused job; its finished files stay for a later run
        status_->setText(
            tr("Cancelled. Finished files stay in the job folder; a later run resumes them."));
        setRunning(false);
        return;
    }
    paused_ = false;
    job_->cancel();
    status_->setText(tr("Cancelling…"));
}

void BatchDialog::onProgress(const BatchStatus& s) {
    progress_->setValue(int(s.fraction * 1000));
    QString text = tr("%1 / %2 files · %3 failed · %4 frames · elapsed %5 · ETA %6")
                       .arg(s.files_done)
                       .arg(s.files_total)
                       .arg(s.files_failed)
                       .arg(s.frames)
                       .arg(duration(s.elapsed_s), duration(s.eta_s));
    if (s.files_resumed > 0)
        text += tr(" · %1 resumed from an earlier run").arg(s.files_resumed);
    if (!s.current.isEmpty())
        text += tr("\nNow: %1").arg(s.current);
    status_->setText(text);
}

void BatchDialog::onFinished(const BatchOutcome& outcome) {
    outcome_ = outcome;
    job_->deleteLater();
    job_ = nullptr;
    if (outcome.cancelled) {
        status_->setText(paused_ ? tr("Paused: %1 files done. Resume continues with the rest.")
                                       .arg(outcome.analysed + outcome.resumed)
                                 : tr("Cancelled. Finished files stay in the job folder; a later "
                                      "run resumes them."));
    } else {
        progress_->setValue(1000);
        status_->setText(
            tr("Done in %1: %2 files analysed, %3 resumed, %4 failed; %5 rows in faces.csv.")
                .arg(duration(outcome.wall_s))
                .arg(outcome.analysed)
                .arg(outcome.resumed)
                .arg(outcome.failed)
                .arg(outcome.rows));
    }
    setRunning(false);
}

void BatchDialog::setRunning(bool running) {
    start_->setEnabled(!running && !paused_);
    pause_->setEnabled(running || paused_);
    pause_->setText(paused_ && !running ? tr("Resume") : tr("Pause"));
    cancel_->setEnabled(running || paused_);
    open_csv_->setEnabled(!running && !outcome_.faces_csv.isEmpty());
    open_folder_->setEnabled(!outputFolder().isEmpty() && QFileInfo(outputFolder()).isDir());
    for (QWidget* w : std::initializer_list<QWidget*>{
             input_, output_, recursive_, globs_, detector_, landmarks_, min_confidence_,
             every_nth_, target_fps_, max_faces_, threads_, frame_base_, expression_names_,
             optional_outputs_, save_crops_, overlay_video_, restart_})
        w->setEnabled(!running && !paused_);
}

}  // namespace facellava::ui
