// Preferences: the Face-LLaVA checkpoint folder, its tower folders, the
// device and the LLM's precision, the face detector and its thresholds, the
// expression names (faces.csv's and the answers panel's), the optional
// per-face outputs the window measures, the interface language.
// Applies to Settings on OK. A chosen checkpoint is checked at once (off the
// GUI thread, nothing loaded): the model library's CheckpointReport says where
// each part comes from and what keeps it from loading.
#pragma once

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTimer;

namespace facellava::ui {

class Settings;
class CheckpointReportJob;
class ExpressionNamesBox;
class OptionalOutputsBox;
struct CheckpointCheckResult;

class SettingsDialog : public QDialog {
    Q_OBJECT
  public:
    SettingsDialog(Settings& settings, QWidget* parent = nullptr);

    QLineEdit* checkpointField() const { return checkpoint_; }
    QLineEdit* imageTowerField() const { return image_tower_; }
    QLineEdit* videoTowerField() const { return video_tower_; }
    // The ok / cannot-load line and the report under it.
    QLabel* checkpointStateLabel() const { return checkpoint_state_; }
    QPlainTextEdit* checkpointReport() const { return report_; }
    // A check is waiting for the typing to pause, or running.
    bool isCheckingCheckpoint() const;
    // Device and precision: item data is what Settings stores.
    QComboBox* deviceField() const { return device_; }
    QComboBox* precisionField() const { return precision_; }
    QComboBox* languageField() const { return language_; }
    ExpressionNamesBox* expressionNamesField() const { return expression_names_; }
    OptionalOutputsBox* optionalOutputsField() const { return optional_outputs_; }
    // Writes the fields to Settings (what OK does).
    void apply();

  private:
    void checkFolder();
    void startCheck();
    void showCheck(const CheckpointCheckResult& result);
    QHBoxLayout* folderRow(QLineEdit* field, const QString& title);

    Settings& settings_;
    QLineEdit* checkpoint_ = nullptr;
    QLineEdit* image_tower_ = nullptr;
    QLineEdit* video_tower_ = nullptr;
    QLabel* checkpoint_state_ = nullptr;
    QPlainTextEdit* report_ = nullptr;
    QTimer* check_delay_ = nullptr;
    CheckpointReportJob* check_job_ = nullptr;
    QComboBox* device_ = nullptr;
    QComboBox* precision_ = nullptr;
    QComboBox* detector_ = nullptr;
    QDoubleSpinBox* min_score_ = nullptr;
    QDoubleSpinBox* dlib_adjust_ = nullptr;
    ExpressionNamesBox* expression_names_ = nullptr;
    OptionalOutputsBox* optional_outputs_ = nullptr;
    QComboBox* language_ = nullptr;
};

}  // namespace facellava::ui
