#include "dialogs/settings_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include "facellava/model/runtime.h"
#include "jobs/checkpoint_report_job.h"
#include "settings/settings.h"
#include "support/translations.h"
#include "widgets/expression_names_box.h"
#include "widgets/optional_outputs_box.h"

namespace facellava::ui {
namespace {

// Typing a path fires textChanged per key: check once the typing pauses.
constexpr int kCheckDelayMs = 300;

}  // namespace

SettingsDialog::SettingsDialog(Settings& settings, QWidget* parent)
    : QDialog(parent), settings_(settings) {
    setObjectName("SettingsDialog");
    setWindowTitle(tr("Settings"));
    auto* layout = new QVBoxLayout(this);

    auto* model_box = new QGroupBox(tr("Face-LLaVA model"), this);
    auto* model_form = new QFormLayout(model_box);
    checkpoint_ = new QLineEdit(settings_.checkpointDir(), model_box);
    checkpoint_->setObjectName("CheckpointFolder");
    checkpoint_->setPlaceholderText(
        settings_.effectiveCheckpointDir().isEmpty()
            ? tr("a folder with config.json, tokenizer.model and weights")
            : settings_.effectiveCheckpointDir());
    model_form->addRow(tr("Checkpoint folder"),
                       folderRow(checkpoint_, tr("Choose a Face-LLaVA checkpoint folder")));
    // Released checkpoints name their towers by Hugging Face id; these say
    // where the downloads are when no cache or embedded copy has them.
    image_tower_ = new QLineEdit(settings_.imageTowerDir(), model_box);
    image_tower_->setObjectName("ImageTowerFolder");
    image_tower_->setPlaceholderText(tr("searched for (embedded, beside it, Hugging Face cache)"));
    model_form->addRow(tr("Image tower folder"),
                       folderRow(image_tower_, tr("Choose the image tower folder")));
    video_tower_ = new QLineEdit(settings_.videoTowerDir(), model_box);
    video_tower_->setObjectName("VideoTowerFolder");
    video_tower_->setPlaceholderText(image_tower_->placeholderText());
    model_form->addRow(tr("Video tower folder"),
                       folderRow(video_tower_, tr("Choose the video tower folder")));
    checkpoint_state_ = new QLabel(model_box);
    checkpoint_state_->setObjectName("CheckpointState");
    checkpoint_state_->setWordWrap(true);
    model_form->addRow(QString(), checkpoint_state_);
    report_ = new QPlainTextEdit(model_box);
    report_->setObjectName("CheckpointReport");
    report_->setReadOnly(true);
    report_->setLineWrapMode(QPlainTextEdit::NoWrap);
    report_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    report_->setMinimumHeight(fontMetrics().lineSpacing() * 10);
    report_->hide();
    model_form->addRow(report_);
    device_ = new QComboBox(model_box);
    device_->setObjectName("Device");
    device_->addItem(tr("Automatic (CUDA when available)"), "auto");
    device_->addItem(tr("CPU"), "cpu");
    for (const auto& d : model::cuda_devices())
        device_->addItem(tr("CUDA %1: %2").arg(d.index).arg(QString::fromStdString(d.name)),
                         QStringLiteral("cuda:%1").arg(d.index));
    device_->setCurrentIndex(std::max(0, device_->findData(settings_.device())));
    model_form->addRow(tr("Device"), device_);
    precision_ = new QComboBox(model_box);
    precision_->setObjectName("Precision");
    precision_->addItem(tr("Automatic (as stored: float32 on the CPU, bfloat16 on a GPU)"), "auto");
    // Type names, the same in every language.
    precision_->addItem(QStringLiteral("float32"), "fp32");
    precision_->addItem(QStringLiteral("bfloat16"), "bf16");
    precision_->addItem(QStringLiteral("float16"), "fp16");
    precision_->addItem(tr("int8 (about half of bfloat16's memory)"), "int8");
    precision_->addItem(tr("int4, groups of 128 (about a quarter)"), "int4-g128");
    precision_->addItem(tr("int4, groups of 64"), "int4-g64");
    precision_->addItem(tr("int4, groups of 32"), "int4-g32");
    precision_->setCurrentIndex(std::max(0, precision_->findData(settings_.weights())));
    const QString precision_help =
        tr("int8 and int4 quantize the LLM's weights as the model loads: a slower load, "
           "less memory; answers may differ slightly from 16/32-bit weights (docs/MODELS.md, "
           "“Quantized weights”). Automatic loads a quantized checkpoint as it is stored.");
    precision_->setToolTip(precision_help);
    model_form->addRow(tr("Precision"), precision_);
    auto* precision_note = new QLabel(precision_help, model_box);
    precision_note->setObjectName("PrecisionHelp");
    precision_note->setWordWrap(true);
    model_form->addRow(QString(), precision_note);
    layout->addWidget(model_box);

    auto* face_box = new QGroupBox(tr("Face detection"), this);
    auto* face_form = new QFormLayout(face_box);
    detector_ = new QComboBox(face_box);
    detector_->setObjectName("Detector");
    detector_->addItem(tr("face-api tiny detector + landmark net (fast)"), "face-api");
    detector_->addItem(tr("dlib HOG + 68-point shape predictor"), "dlib");
    detector_->setCurrentIndex(settings_.detector() == pipeline::DetectorKind::DlibHog ? 1 : 0);
    min_score_ = new QDoubleSpinBox(face_box);
    min_score_->setRange(0.05, 0.99);
    min_score_->setSingleStep(0.05);
    min_score_->setValue(settings_.minFaceScore());
    min_score_->setToolTip(tr("face-api detector: faces scoring below this are ignored"));
    dlib_adjust_ = new QDoubleSpinBox(face_box);
    dlib_adjust_->setRange(-1.0, 1.0);
    dlib_adjust_->setSingleStep(0.1);
    dlib_adjust_->setValue(settings_.dlibAdjustThreshold());
    dlib_adjust_->setToolTip(tr("dlib detector: below 0 finds more (and more false) faces"));
    face_form->addRow(tr("Detector"), detector_);
    face_form->addRow(tr("Minimum face score"), min_score_);
    face_form->addRow(tr("dlib threshold adjustment"), dlib_adjust_);
    expression_names_ = new ExpressionNamesBox(face_box);
    expression_names_->setObjectName("ExpressionNames");
    expression_names_->setNames(settings_.outputConventions().expression_names);
    face_form->addRow(tr("Expression names"), expression_names_);
    // What each analysed frame measures beyond the default columns; the
    // overlays and the Analysis panel show what is measured.
    optional_outputs_ = new OptionalOutputsBox(face_box);
    optional_outputs_->setObjectName("OptionalOutputs");
    optional_outputs_->setOutputs(settings_.outputConventions().outputs);
    face_form->addRow(tr("Per-face outputs"), optional_outputs_);
    layout->addWidget(face_box);

    auto* interface_box = new QGroupBox(tr("Interface"), this);
    auto* interface_form = new QFormLayout(interface_box);
    language_ = new QComboBox(interface_box);
    language_->setObjectName("Language");
    language_->addItem(tr("System"), QString());
    for (const auto& language : available_languages())
        language_->addItem(language.native_name, language.code);
    language_->setCurrentIndex(std::max(0, language_->findData(settings_.language())));
    interface_form->addRow(tr("Language"), language_);
    auto* restart_note =
        new QLabel(tr("A new language shows after the workbench restarts."), interface_box);
    restart_note->setWordWrap(true);
    interface_form->addRow(QString(), restart_note);
    layout->addWidget(interface_box);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        apply();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    check_delay_ = new QTimer(this);
    check_delay_->setSingleShot(true);
    check_delay_->setInterval(kCheckDelayMs);
    connect(check_delay_, &QTimer::timeout, this, &SettingsDialog::startCheck);
    check_job_ = new CheckpointReportJob(this);
    connect(check_job_, &CheckpointReportJob::resultReady, this, &SettingsDialog::showCheck);
    for (QLineEdit* field : {checkpoint_, image_tower_, video_tower_})
        connect(field, &QLineEdit::textChanged, this, &SettingsDialog::checkFolder);
    checkFolder();
}

QHBoxLayout* SettingsDialog::folderRow(QLineEdit* field, const QString& title) {
    auto* row = new QHBoxLayout();
    auto* browse = new QPushButton(tr("Browse…"), field->parentWidget());
    row->addWidget(field, 1);
    row->addWidget(browse);
    connect(browse, &QPushButton::clicked, this, [this, field, title] {
        auto* picker = new QFileDialog(this, title, field->text());
        picker->setFileMode(QFileDialog::Directory);
        picker->setOption(QFileDialog::ShowDirsOnly);
        picker->setAttribute(Qt::WA_DeleteOnClose);
        connect(picker, &QFileDialog::fileSelected, field, &QLineEdit::setText);
        picker->open();
    });
    return row;
}

bool SettingsDialog::isCheckingCheckpoint() const {
    return check_delay_->isActive() || check_job_->isRunning();
}

void SettingsDialog::checkFolder() {
    const QString dir = checkpoint_->text().trimmed();
    if (dir.isEmpty()) {
        check_delay_->stop();
        report_->clear();
        report_->hide();
        checkpoint_state_->setText(
            settings_.effectiveCheckpointDir().isEmpty()
                ? tr("No checkpoint: the chat stays off until you choose one.")
                : tr("Using the bundled model."));
        return;
    }
    // The report reads config.json, weight headers and the tower caches: off
    // the GUI thread, once the typing pauses.
    checkpoint_state_->setText(tr("Checking the checkpoint folder…"));
    check_delay_->start();
}

void SettingsDialog::startCheck() {
    const QString dir = checkpoint_->text().trimmed();
    if (dir.isEmpty())
        return;
    check_job_->inspect({dir, image_tower_->text().trimmed(), video_tower_->text().trimmed()});
}

void SettingsDialog::showCheck(const CheckpointCheckResult& result) {
    // A result for folders no longer in the fields: a newer check follows.
    if (result.request.dir != checkpoint_->text().trimmed() ||
        result.request.image_tower != image_tower_->text().trimmed() ||
        result.request.video_tower != video_tower_->text().trimmed() || check_delay_->isActive())
        return;
    checkpoint_state_->setText(
        result.loadable
            ? tr("OK: this checkpoint can load.")
            : tr("Cannot load: %1").arg(result.problems.value(0, tr("see the report below."))));
    report_->setPlainText(result.text);
    report_->show();
}

void SettingsDialog::apply() {
    settings_.setDetector(detector_->currentData().toString() == "dlib"
                              ? pipeline::DetectorKind::DlibHog
                              : pipeline::DetectorKind::FaceApiTiny);
    settings_.setMinFaceScore(min_score_->value());
    settings_.setDlibAdjustThreshold(dlib_adjust_->value());
    pipeline::OutputConventions conventions = settings_.outputConventions();
    conventions.expression_names = expression_names_->names();
    conventions.outputs = optional_outputs_->outputs();
    settings_.setOutputConventions(conventions);
    settings_.setLanguage(language_->currentData().toString());
    // Device, precision and towers before the folder: each reloads the model,
    // the folder change last.
    settings_.setDevice(device_->currentData().toString());
    settings_.setWeights(precision_->currentData().toString());
    settings_.setImageTowerDir(image_tower_->text().trimmed());
    settings_.setVideoTowerDir(video_tower_->text().trimmed());
    settings_.setCheckpointDir(checkpoint_->text().trimmed());
}

}  // namespace facellava::ui
