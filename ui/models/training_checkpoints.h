// The checkpoints of a training run folder in Qt types: the layout and its
// listing are the trainer's own (facellava/training/checkpoint_layout.h).
// Reads files: call it off the GUI thread.
#pragma once

#include <QString>
#include <QVector>
#include <optional>

namespace facellava::ui {

struct TrainingCheckpoint {
    QString dir;
    qint64 step = 0;
    qint64 total_steps = 0;
    QString reason;  // periodic, abort, error, final
    QString stage;
    std::optional<double> last_loss;
    bool latest = false;
    bool complete = false;  // every file a resume needs is there
};

// Newest first. Folders being written (".tmp") are left out; an unreadable
// trainer_state.json leaves the checkpoint listed as incomplete.
QVector<TrainingCheckpoint> list_training_checkpoints(const QString& output_dir);

// The loadable model a finished run wrote (<output_dir>/final with its
// config.json), or "" when there is none.
QString final_model_dir(const QString& output_dir);

}  // namespace facellava::ui
