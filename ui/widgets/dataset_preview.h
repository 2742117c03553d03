// The Training dialog's data preview: what the trainer's reader and checks
// found in the chosen FaceInstruct files (DatasetScanJob's summary): a line
// of counts, the samples per task, the first samples and every problem
// (file #index: what).
#pragma once

#include <QWidget>

#include "jobs/dataset_scan_job.h"

class QLabel;
class QPlainTextEdit;
class QTableWidget;

namespace facellava::ui {

class DatasetPreview : public QWidget {
    Q_OBJECT
  public:
    explicit DatasetPreview(QWidget* parent = nullptr);

    void showSummary(const DatasetSummary& summary);
    // A message instead of a summary (no files yet, reading, unreadable).
    void showMessage(const QString& message);
    QString summaryText() const;

  private:
    QLabel* data_summary_ = nullptr;
    QTableWidget* task_table_ = nullptr;
    QTableWidget* sample_table_ = nullptr;
    QPlainTextEdit* data_issues_ = nullptr;
};

}  // namespace facellava::ui
