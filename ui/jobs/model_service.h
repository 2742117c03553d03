// The loaded Face-LLaVA checkpoint. Loading (seconds to minutes) runs on a
// worker thread; the engine is immutable and shared with every chat and
// attention job. Unloaded state is a normal state: the chat says what to do.
// Loading is the job: started() with loadingStarted(dir), then finished(),
// failed() or cancelled(); engineChanged() follows every load's end. A
// cancelled load (the engine cannot stop mid-load) drops its engine when it
// arrives and keeps the one loaded before.
#pragma once

#include <QString>
#include <memory>
#include <optional>

#include "facellava/model/checkpoint_report.h"
#include "jobs/job.h"

namespace facellava::model {
class FaceLlavaEngine;
}

namespace facellava::ui {

using EnginePtr = std::shared_ptr<const model::FaceLlavaEngine>;

class ModelService : public Job {
    Q_OBJECT
  public:
    explicit ModelService(QObject* parent = nullptr);
    ~ModelService() override;

    // Loads the checkpoint folder on a worker thread; an empty folder unloads.
    // `towers`: the tower folders chosen in Settings (empty: searched for).
    // `weights`: the LLM's precision, EngineOptions::weights ("auto", "bf16",
    // "int8", "int4-g128", …; empty: "auto").
    // A load asked for while one runs replaces it (the running one's engine
    // is dropped when it arrives).
    void load(const QString& checkpoint_dir, const QString& device,
              const model::TowerLocations& towers = {}, const QString& weights = {});
    void unload();

    EnginePtr engine() const { return engine_; }
    bool isLoading() const { return isRunning(); }
    QString checkpointDir() const { return dir_; }
    // "facellava-nano · 12.3 M parameters · cpu float32 · LLM int4-g128,
    // 0.9 GB", or why there is none.
    QString summary() const;
    bool isDemo() const;
    QString device() const;

  signals:
    void loadingStarted(const QString& checkpoint_dir);
    void engineChanged();  // loaded, replaced or unloaded

  protected:
    bool restartIfSuperseded() override;
    void runEnded() override;

  private:
    struct Request {
        QString dir;
        QString device;
        model::TowerLocations towers;
        QString weights;
    };
    void start(const Request& request);

    EnginePtr engine_;
    QString dir_;
    std::optional<Request> pending_;
};

QString format_parameters(int64_t count);
// "0.9 GB", "350 MB", "12 kB": what weights occupy.
QString format_bytes(int64_t bytes);

}  // namespace facellava::ui
