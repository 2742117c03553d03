// One `facellava batch` job run from the GUI: loads the face models, then runs
// pipeline::run_batch on a worker thread. Progress arrives at most every
// 100 ms (statusChanged with the counts, then the base's progressed());
// cancel() stops it (finished inputs stay in the job folder, so running the
// same job again resumes where it stopped). The outcome arrives through
// outcomeReady(), then finished() or, when stopped early, cancelled().
#pragma once

#include <QString>
#include <memory>

#include "jobs/job.h"
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

class BatchJob : public Job {
    Q_OBJECT
  public:
    // `engine` (may be null) answers the Face-LLaVA tasks of the options.
    BatchJob(const pipeline::BatchOptions& options, EnginePtr engine, QString checkpoint_dir,
             QObject* parent = nullptr);
    ~BatchJob() override;  // cancels and waits

    void start();

  signals:
    void statusChanged(const facellava::ui::BatchStatus& status);
    // Also for a cancelled run (outcome.cancelled): what was written so far.
    void outcomeReady(const facellava::ui::BatchOutcome& outcome);

  private:
    std::unique_ptr<pipeline::BatchOptions> options_;
    EnginePtr engine_;
    QString checkpoint_dir_;
};

}  // namespace facellava::ui

Q_DECLARE_METATYPE(facellava::ui::BatchStatus)
Q_DECLARE_METATYPE(facellava::ui::BatchOutcome)
