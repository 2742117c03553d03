// The Training dialog's History tab: the session's training runs (a
// TrainingRunsModel) with "Show curves", "Use its settings" and "Refresh".
// The selection survives a refresh. What the buttons do is the dialog's:
// the view only says which run.
#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace facellava::ui {

class TrainingRunsModel;

class TrainingHistoryView : public QWidget {
    Q_OBJECT
  public:
    TrainingHistoryView(TrainingRunsModel* runs, QWidget* parent = nullptr);

    QTableView* table() const { return table_; }
    // The selected run's id, 0 when none.
    qint64 selectedRun() const;
    void setNote(const QString& text);
    // While a run is in progress the charts follow it: no past curves.
    void setRunning(bool running);

  signals:
    void curvesRequested(qint64 run_id);
    void settingsRequested(qint64 run_id);
    void runSelected(qint64 run_id);
    void refreshRequested();

  private:
    void updateButtons();

    TrainingRunsModel* runs_;
    QLabel* note_ = nullptr;
    QTableView* table_ = nullptr;
    QPushButton* curves_ = nullptr;
    QPushButton* settings_ = nullptr;
    qint64 selected_before_reset_ = 0;
    bool running_ = false;
};

}  // namespace facellava::ui
