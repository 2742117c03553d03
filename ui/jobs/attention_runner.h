// FRGCA attention maps of one face, computed on a worker thread by the loaded
// engine (a forward pass of the vision tower and FRGCA). Newest request wins:
// one waits while another runs, replacing any still waiting. Each map arrives
// through attentionReady(), then finished().
#pragma once

#include <optional>

#include "jobs/job.h"
#include "jobs/model_service.h"
#include "models/face_attachment.h"

namespace facellava::ui {

class AttentionRunner : public Job {
    Q_OBJECT
  public:
    explicit AttentionRunner(QObject* parent = nullptr);
    ~AttentionRunner() override;

    // isRunning() stays true until the last request waiting has run.
    void compute(EnginePtr engine, const FaceAttachment& face);

  signals:
    void attentionReady(const facellava::ui::FaceAttention& attention);

  protected:
    void runEnded() override;

  private:
    struct Request {
        EnginePtr engine;
        FaceAttachment face;
    };
    void startNext();

    std::optional<Request> pending_;
};

}  // namespace facellava::ui
