// The loaded Face-LLaVA checkpoint. Loading (seconds to minutes) runs on a
// worker thread; the engine is immutable and shared with every chat and
// attention job. Unloaded state is a normal state: the chat says what to do.
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <memory>
#include <optional>

#include "dialogs/error_reporter.h"
#include "facellava/model/checkpoint_report.h"

namespace facellava::model {
class FaceLlavaEngine;
}

namespace facellava::ui {

using EnginePtr = std::shared_ptr<const model::FaceLlavaEngine>;

class ModelService : public QObject {
    Q_OBJECT
  public:
    explicit ModelService(QObject* parent = nullptr);
    ~ModelService() override;

    // Loads the checkpoint folder on a worker thread; an empty folder unloads.
    // `towers`: the tower folders chosen in Settings (empty: searched for).
    void load(const QString& checkpoint_dir, const QString& device,
              const model::TowerLocations& towers = {});
    void unload();

    EnginePtr engine() const { return engine_; }
    bool isLoading() const { return loading_; }
    QString checkpointDir() const { return dir_; }
    // "facellava-nano · 12.3 M parameters · cpu float32", or why there is none.
    QString summary() const;
    bool isDemo() const;
    QString device() const;

  signals:
    void loadingStarted(const QString& checkpoint_dir);
    void engineChanged();  // loaded, replaced or unloaded
    void failed(const facellava::ui::UserError& error);

  private:
    struct Outcome {
        EnginePtr engine;
        UserError error;
        QString dir;
    };
    void onDone();

    EnginePtr engine_;
    QString dir_;
    bool loading_ = false;
    QFutureWatcher<Outcome> watcher_;
    struct Request {
        QString dir;
        QString device;
        model::TowerLocations towers;
    };
    std::optional<Request> pending_;
};

QString format_parameters(int64_t count);

}  // namespace facellava::ui
