// Batch analysis of a folder (what `facellava batch` does) with the options
// of that command, progress with ETA, Pause / Resume (stops; resuming reruns
// the job, which skips the inputs already finished), Cancel, and the CSV
// opened when done. Non-modal: the user keeps working while it runs. The
// output conventions (frame base, expression names, optional outputs) start
// from Settings; frame base and expression names are stored there on Start, so
// the window shows expression labels in the words of the last faces.csv
// written.
#pragma once

#include <QDialog>
#include <QMap>

#include "dialogs/error_reporter.h"
#include "jobs/batch_job.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace facellava::ui {

class ExpressionNamesBox;
class ModelService;
class OptionalOutputsBox;
class Settings;

class BatchDialog : public QDialog {
    Q_OBJECT
  public:
    BatchDialog(ModelService& model, Settings& settings, QWidget* parent = nullptr);
    ~BatchDialog() override;

    void setInputFolder(const QString& folder);
    void setOutputFolder(const QString& folder);
    QString outputFolder() const;
    // The job's options as the fields show them (restart aside: Start decides).
    pipeline::BatchOptions batchOptions() const;
    // Starts (or resumes) the job with the options shown; false when they are incomplete.
    bool start();
    void pause();
    void cancel();
    bool isRunning() const { return job_ != nullptr; }
    const BatchOutcome& lastOutcome() const { return outcome_; }
    QString statusText() const;
    QPushButton* openCsvButton() const { return open_csv_; }

  signals:
    void failed(const facellava::ui::UserError& error);

  private:
    void onProgress(const BatchStatus& status);
    void onFinished(const BatchOutcome& outcome);
    void setRunning(bool running);
    void refreshTasks();

    ModelService& model_;
    Settings& settings_;
    QLineEdit* input_ = nullptr;
    QLineEdit* output_ = nullptr;
    QCheckBox* recursive_ = nullptr;
    QLineEdit* globs_ = nullptr;
    QComboBox* detector_ = nullptr;
    QComboBox* landmarks_ = nullptr;
    QDoubleSpinBox* min_confidence_ = nullptr;
    QSpinBox* every_nth_ = nullptr;
    QDoubleSpinBox* target_fps_ = nullptr;
    QSpinBox* max_faces_ = nullptr;
    QSpinBox* threads_ = nullptr;
    QComboBox* frame_base_ = nullptr;
    ExpressionNamesBox* expression_names_ = nullptr;
    OptionalOutputsBox* optional_outputs_ = nullptr;
    QCheckBox* save_crops_ = nullptr;
    QCheckBox* overlay_video_ = nullptr;
    QCheckBox* restart_ = nullptr;
    QMap<QString, QCheckBox*> tasks_;
    QLabel* tasks_note_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* status_ = nullptr;
    QPushButton* start_ = nullptr;
    QPushButton* pause_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QPushButton* open_csv_ = nullptr;
    QPushButton* open_folder_ = nullptr;
    BatchJob* job_ = nullptr;
    bool paused_ = false;
    BatchOutcome outcome_;
};

}  // namespace facellava::ui
