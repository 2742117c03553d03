// FRGCA attention maps of one face, computed on a worker thread by the loaded
// engine (a forward pass of the vision tower and FRGCA). Newest request wins.
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <optional>

#include "jobs/face_attachment.h"
#include "jobs/model_service.h"

namespace facellava::ui {

class AttentionRunner : public QObject {
    Q_OBJECT
  public:
    explicit AttentionRunner(QObject* parent = nullptr);
    ~AttentionRunner() override;

    void compute(EnginePtr engine, const FaceAttachment& face);
    bool busy() const { return running_ || pending_.has_value(); }

  signals:
    void finished(const facellava::ui::FaceAttention& attention);
    void failed(const facellava::ui::UserError& error);

  private:
    struct Request {
        EnginePtr engine;
        FaceAttachment face;
    };
    struct Outcome {
        std::optional<FaceAttention> attention;
        UserError error;
    };
    void startNext();

    QFutureWatcher<Outcome> watcher_;
    std::optional<Request> pending_;
    bool running_ = false;
};

}  // namespace facellava::ui
