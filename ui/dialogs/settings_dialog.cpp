#include "dialogs/settings_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "facellava/model/runtime.h"
#include "settings/settings.h"
#include "support/translations.h"

namespace facellava::ui {

SettingsDialog::SettingsDialog(Settings& settings, QWidget* parent)
    : QDialog(parent), settings_(settings) {
    setObjectName("SettingsDialog");
    setWindowTitle(tr("Settings"));
    auto* layout = new QVBoxLayout(this);

    auto* model_box = new QGroupBox(tr("Face-LLaVA model"), this);
    auto* model_form = new QFormLayout(model_box);
    auto* folder_row = new QHBoxLayout();
    checkpoint_ = new QLineEdit(settings_.checkpointDir(), model_box);
    checkpoint_->setObjectName("CheckpointFolder");
    checkpoint_->setPlaceholderText(
        settings_.effectiveCheckpointDir().isEmpty()
            ? tr("a folder with config.json, tokenizer.model and weights")
            : settings_.effectiveCheckpointDir());
    auto* browse = new QPushButton(tr("Browse…"), model_box);
    folder_row->addWidget(checkpoint_, 1);
    folder_row->addWidget(browse);
    model_form->addRow(tr("Checkpoint folder"), folder_row);
    checkpoint_state_ = new QLabel(model_box);
    checkpoint_state_->setWordWrap(true);
    model_form->addRow(QString(), checkpoint_state_);
    device_ = new QComboBox(model_box);
    device_->setObjectName("Device");
    device_->addItem(tr("Automatic (CUDA when available)"), "auto");
    device_->addItem(tr("CPU"), "cpu");
    for (const auto& d : model::cuda_devices())
        device_->addItem(tr("CUDA %1: %2").arg(d.index).arg(QString::fromStdString(d.name)),
                         QStringLiteral("cuda:%1").arg(d.index));
    device_->setCurrentIndex(std::max(0, device_->findData(settings_.device())));
    model_form->addRow(tr("Device"), device_);
    layout->addWidget(model_box);

    auto* face_box = new QGroupBox(tr("Face detection"), this);
    auto* face_form = new QFormLayout(face_box);
    detector_ = new QComboBox(face_box);
    detector_->setObjectName("Detector");
    detector_->addItem(tr("face-api tiny detector + landmark net (fast)"), "face-api");
    detector_->addItem(tr("dlib HOG + 68-point shape predictor (the authors' preprocessing)"),
                       "dlib");
    detector_->setCurrentIndex(settings_.detector() == DetectorKind::Dlib ? 1 : 0);
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
    connect(browse, &QPushButton::clicked, this, [this] {
        auto* picker =
            new QFileDialog(this, tr("Choose a Face-LLaVA checkpoint folder"), checkpoint_->text());
        picker->setFileMode(QFileDialog::Directory);
        picker->setOption(QFileDialog::ShowDirsOnly);
        picker->setAttribute(Qt::WA_DeleteOnClose);
        connect(picker, &QFileDialog::fileSelected, checkpoint_, &QLineEdit::setText);
        picker->open();
    });
    connect(checkpoint_, &QLineEdit::textChanged, this, &SettingsDialog::checkFolder);
    checkFolder();
}

void SettingsDialog::checkFolder() {
    const QString dir = checkpoint_->text().trimmed();
    if (dir.isEmpty()) {
        checkpoint_state_->setText(
            settings_.effectiveCheckpointDir().isEmpty()
                ? tr("No checkpoint: the chat stays off until you choose one.")
                : tr("Using the bundled model."));
        return;
    }
    QStringList missing;
    for (const char* file : {"config.json", "tokenizer.model"})
        if (!QFileInfo::exists(QDir(dir).filePath(file)))
            missing << QString::fromLatin1(file);
    checkpoint_state_->setText(missing.isEmpty() ? tr("Looks like a checkpoint folder.")
                                                 : tr("Missing here: %1").arg(missing.join(", ")));
}

void SettingsDialog::apply() {
    settings_.setDetector(detector_->currentData().toString() == "dlib" ? DetectorKind::Dlib
                                                                        : DetectorKind::FaceApi);
    settings_.setMinFaceScore(min_score_->value());
    settings_.setDlibAdjustThreshold(dlib_adjust_->value());
    settings_.setLanguage(language_->currentData().toString());
    // Device before folder: both reload the model, the folder change last.
    settings_.setDevice(device_->currentData().toString());
    settings_.setCheckpointDir(checkpoint_->text().trimmed());
}

}  // namespace facellava::ui
