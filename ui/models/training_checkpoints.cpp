#include "models/training_checkpoints.h"

#include "facellava/training/checkpoint_layout.h"

namespace facellava::ui {

QVector<TrainingCheckpoint> list_training_checkpoints(const QString& output_dir) {
    QVector<TrainingCheckpoint> out;
    for (const training::CheckpointInfo& info :
         training::list_checkpoints(output_dir.toStdString())) {
        TrainingCheckpoint c;
        c.dir = QString::fromStdString(info.dir);
        c.step = info.step;
        c.total_steps = info.total_steps;
        c.reason = QString::fromStdString(info.reason);
        c.stage = QString::fromStdString(info.stage);
        c.last_loss = info.last_loss;
        c.latest = info.latest;
        c.complete = info.complete;
        out << c;
    }
    return out;
}

QString final_model_dir(const QString& output_dir) {
    return QString::fromStdString(training::written_final_model(output_dir.toStdString()));
}

}  // namespace facellava::ui
