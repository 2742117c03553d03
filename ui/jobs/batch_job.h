// One `facellava batch` job run from the GUI: loads the face models, then runs
// pipeline::run_batch on a worker thread. Progress arrives at most every
// 100 ms through a queued call; cancel() stops it (finished inputs stay in the
// job folder, so running the same job again resumes where it stopped).
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <atomic>
#include <memory>
#include <optional>

#include "dialogs/error_reporter.h"
#include "jobs/model_service.h"

namespace facellava::pipeline {
struct BatchOptions;
}

namespace facellava::ui {

struct BatchStatus {
    int files_total = 0;
    int files_done = 0;
    int files_failed = 0;
    int files_resumed = 0;
    qint64 frames = 0;
    double fraction = 0;
    double elapsed_s = 0;
    double eta_s = -1;
    QString current;
};

struct BatchOutcome {
    bool cancelled = false;
    QString faces_csv, errors_csv, metadata_json;
    int analysed = 0, resumed = 0, failed = 0;
    qint64 rows = 0;
    double wall_s = 0;
};

class BatchJob : public QObject {
    Q_OBJECT
  public:
    // `engine` (may be null) answers the Face-LLaVA tasks of the options.
    BatchJob(const pipeline::BatchOptions& options, EnginePtr engine, QString checkpoint_dir,
             QObject* parent = nullptr);
    ~BatchJob() override;  // cancels and waits

    void start();
    void cancel();
    bool isRunning() const { return running_; }

  signals:
    void progress(const facellava::ui::BatchStatus& status);
    void finished(const facellava::ui::BatchOutcome& outcome);
    void failed(const facellava::ui::UserError& error);

  private:
    struct Result {
        std::optional<BatchOutcome> outcome;
        UserError error;
    };
    std::unique_ptr<pipeline::BatchOptions> options_;
    EnginePtr engine_;
    QString checkpoint_dir_;
    std::shared_ptr<std::atomic<bool>> cancel_;
    QFutureWatcher<Result> watcher_;
    bool running_ = false;
};

}  // namespace facellava::ui

Q_DECLARE_METATYPE(facellava::ui::BatchStatus)
Q_DECLARE_METATYPE(facellava::ui::BatchOutcome)
