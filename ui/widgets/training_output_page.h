// The Training dialog's "Output & resume" tab: the form's output and
// evaluation fields, then where a run starts from — fresh, the newest
// checkpoint ("latest") or one checkpoint of the output folder, listed with
// its step, reason, loss and whether it is complete — and a note when a
// fresh run would start over in a folder that holds checkpoints.
//
// The listing itself is the training job's (off the GUI thread): the page
// asks for one (refreshRequested) a moment after the output folder changes,
// and shows what comes back for the folder the form still names.
#pragma once

#include <QVector>
#include <QWidget>

#include "models/training_checkpoints.h"

class QComboBox;
class QLabel;
class QTimer;

namespace facellava::ui {

class TrainConfigForm;

class TrainingOutputPage : public QWidget {
    Q_OBJECT
  public:
    TrainingOutputPage(TrainConfigForm* form, QWidget* parent = nullptr);

    // The resume choice as `checkpoint.resume_from` has it: "" (fresh),
    // "latest" or a checkpoint folder.
    QString resumeFrom() const;
    // The choice of a config (no resumeChanged()); a value not listed is
    // added as is, so a hand-written config survives a round trip and
    // validation names it. Also asks for a new listing.
    void setResumeFrom(const QString& value);
    // The user's choice: selects `value` (added when not listed), then
    // resumeChanged() when it differs.
    void selectResume(const QString& value);

    // The output folder the form names (trimmed).
    QString outputDir() const;
    // Shows the checkpoints of `output_dir`; false (nothing shown) when the
    // form names another folder by now: its own listing follows.
    bool showCheckpoints(const QString& output_dir, const QVector<TrainingCheckpoint>& list);
    const QVector<TrainingCheckpoint>& checkpoints() const { return checkpoints_; }
    QComboBox* resumeList() const { return resume_list_; }

  signals:
    // The user chose another starting point.
    void resumeChanged();
    // The checkpoints of outputDir() should be listed again.
    void refreshRequested();

  private:
    void resetResumeList();

    TrainConfigForm* form_;
    QLabel* note_ = nullptr;
    QComboBox* resume_list_ = nullptr;
    QTimer* refresh_timer_ = nullptr;
    QVector<TrainingCheckpoint> checkpoints_;
};

}  // namespace facellava::ui
