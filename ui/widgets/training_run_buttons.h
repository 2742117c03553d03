// The Training dialog's bottom row: Start (Resume when the run continues
// from a checkpoint), Abort (Force stop once asked to stop), Load into chat
// (a finished run's model, or a past run's) and Close (hides the window; a
// run goes on). What the buttons do is the dialog's; the row keeps their
// state consistent with the run.
#pragma once

#include <QString>
#include <QWidget>

class QPushButton;

namespace facellava::ui {

class TrainingRunButtons : public QWidget {
    Q_OBJECT
  public:
    explicit TrainingRunButtons(QWidget* parent = nullptr);

    // While a run is in progress: Start off, Abort on (as "Abort").
    void setRunning(bool running);
    // Start when not running: false while the form has problems; `resuming`
    // names it Resume.
    void setStartable(bool startable, bool resuming);
    // The trainer was asked to stop: Abort becomes Force stop.
    void setStopping();
    // The model folder Load into chat hands over ("" when none).
    void setModel(const QString& model_dir);
    QString model() const { return model_; }
    QPushButton* loadIntoChatButton() const { return load_into_chat_; }

  signals:
    void startClicked();
    void abortClicked();
    void loadIntoChatClicked(const QString& model_dir);
    void closeClicked();

  private:
    void updateLoadIntoChat();

    QPushButton* start_ = nullptr;
    QPushButton* abort_ = nullptr;
    QPushButton* load_into_chat_ = nullptr;
    QString model_;
    bool running_ = false;
};

}  // namespace facellava::ui
