// Config files in the format `facellava train --config` reads, written and
// read with the trainer's own save_train_config / load_train_config on a
// worker thread, so a slow disk never stalls the Training dialog. Each call
// ends in one of saved() / loaded() or failed(); a result that arrives after
// this object is gone is dropped.
#pragma once

#include <QObject>
#include <QString>

#include "dialogs/error_reporter.h"
#include "facellava/training/train_config.h"

namespace facellava::ui {

class TrainConfigFiles : public QObject {
    Q_OBJECT
  public:
    explicit TrainConfigFiles(QObject* parent = nullptr);

    void save(const training::TrainConfig& config, const QString& path);
    void load(const QString& path);

  signals:
    void saved(const QString& path);
    void loaded(const facellava::training::TrainConfig& config, const QString& path);
    // Names the file and what to do (a folder one can write to, a file that
    // Save config wrote).
    void failed(const facellava::ui::UserError& error);
};

}  // namespace facellava::ui
