// The loaded Face-LLaVA checkpoint. Loading (seconds to minutes) runs on a
// worker thread; the engine is immutable and shared with every chat and
// attention job. Unloaded state is a normal state: the chat says what to do.
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <memory>
#include <optional>
#include <utility>

#include "dialogs/error_reporter.h"

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
    void load(const QString& checkpoint_dir, const QString& device);
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
    std::optional<std::pair<QString, QString>> pending_;  // folder, device
};

QString format_parameters(int64_t count);

}  // namespace facellava::ui
