// The Training dialog's data preview: what the trainer's reader and checks
// found in the chosen FaceInstruct files (a DatasetScanJob off the GUI
// thread): a line of counts, the samples per task, the first samples and
// every problem (file #index: what). The scan starts a moment after the last
// change of the data settings, so typing a path scans once.
#pragma once

#include <QWidget>

#include "facellava/training/train_config.h"
#include "jobs/dataset_scan_job.h"

class QLabel;
class QPlainTextEdit;
class QTableWidget;
class QTimer;

namespace facellava::ui {

class DatasetPreview : public QWidget {
    Q_OBJECT
  public:
    explicit DatasetPreview(QWidget* parent = nullptr);

    // Scans the data of `config` (its data.* fields and base checkpoint)
    // 400 ms after the last call; a newer scan supersedes one in flight.
    void scheduleScan(const training::TrainConfig& config);
    // A scan is waiting or running.
    bool isScanning() const;
    // The last scan's summary (empty without train files).
    const DatasetSummary& summary() const { return summary_; }
    QString summaryText() const;

  signals:
    // A scan ended: a summary, or a message saying why there is none.
    void scanned();

  private:
    void startScan();
    void showSummary(const DatasetSummary& summary);
    // A message instead of a summary (no files yet, reading, unreadable).
    void showMessage(const QString& message);

    DatasetScanJob* scan_ = nullptr;
    QTimer* scan_timer_ = nullptr;
    training::TrainConfig pending_;  // the config the next scan reads
    DatasetSummary summary_;
    QLabel* data_summary_ = nullptr;
    QTableWidget* task_table_ = nullptr;
    QTableWidget* sample_table_ = nullptr;
    QPlainTextEdit* data_issues_ = nullptr;
};

}  // namespace facellava::ui
