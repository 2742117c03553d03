// Preferences: the Face-LLaVA checkpoint folder and device, the face
// detector and its thresholds, the interface language. Applies to Settings on OK.
#pragma once

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;

namespace facellava::ui {

class Settings;

class SettingsDialog : public QDialog {
    Q_OBJECT
  public:
    SettingsDialog(Settings& settings, QWidget* parent = nullptr);

    QLineEdit* checkpointField() const { return checkpoint_; }
    QComboBox* languageField() const { return language_; }
    // Writes the fields to Settings (what OK does).
    void apply();

  private:
    void checkFolder();

    Settings& settings_;
    QLineEdit* checkpoint_ = nullptr;
    QLabel* checkpoint_state_ = nullptr;
    QComboBox* device_ = nullptr;
    QComboBox* detector_ = nullptr;
    QDoubleSpinBox* min_score_ = nullptr;
    QDoubleSpinBox* dlib_adjust_ = nullptr;
    QComboBox* language_ = nullptr;
};

}  // namespace facellava::ui
