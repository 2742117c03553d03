// Settings' checkpoint check: model::inspect_checkpoint_folder (config,
// weight index or headers, tower search; no weights loaded) on a worker
// thread, so a folder on a slow disk or a large Hugging Face cache never
// stalls the dialog. A newer request supersedes one still running: only the
// latest result is delivered (resultReady, then finished()).
#pragma once

#include <QString>
#include <QStringList>
#include <optional>

#include "jobs/job.h"

namespace facellava::ui {

struct CheckpointCheckRequest {
    QString dir;
    QString image_tower;  // "" : searched for
    QString video_tower;
};

struct CheckpointCheckResult {
    CheckpointCheckRequest request;
    bool loadable = false;
    QString text;          // CheckpointReport::describe(), or the error when unreadable
    QStringList problems;  // why it cannot load; empty when loadable
};

class CheckpointReportJob : public Job {
    Q_OBJECT
  public:
    explicit CheckpointReportJob(QObject* parent = nullptr);
    ~CheckpointReportJob() override;  // waits for a check in flight

    // isRunning() stays true while a superseding request waits.
    void inspect(const CheckpointCheckRequest& request);

    // The check itself (runs on the calling thread; public for tests).
    static CheckpointCheckResult run(const CheckpointCheckRequest& request);

  signals:
    void resultReady(const facellava::ui::CheckpointCheckResult& result);

  protected:
    bool restartIfSuperseded() override;

  private:
    void launch(const CheckpointCheckRequest& request);

    std::optional<CheckpointCheckRequest> queued_;
};

}  // namespace facellava::ui

Q_DECLARE_METATYPE(facellava::ui::CheckpointCheckResult)
