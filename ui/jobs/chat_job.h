// One Face-LLaVA reply generated on a worker thread. Text pieces are batched
// and delivered to the GUI thread at most once per event-loop turn (a fast
// model emits thousands of pieces per second). cancel() sets the engine's
// atomic flag, checked every token. The reply arrives through resultReady()
// (also when cancelled: the text so far), then finished() or cancelled().
#pragma once

#include <QMutex>
#include <QString>
#include <atomic>
#include <memory>

#include "facellava/model/engine.h"
#include "jobs/job.h"

namespace facellava::ui {

struct ChatResult {
    QString text;
    QString stop_reason;
    double vision_ms = 0;
    double prefill_ms = 0;  // time to first token after vision
    double tokens_per_s = 0;
    double total_ms = 0;
    int64_t tokens = 0;
    std::vector<model::RegionAttentionMap> attention;
};

class ChatJob : public Job {
    Q_OBJECT
  public:
    ChatJob(std::shared_ptr<const model::FaceLlavaEngine> engine, model::ChatRequest request,
            QObject* parent = nullptr);
    ~ChatJob() override;  // cancels and waits

    void start();

  signals:
    void textReceived(const QString& piece);
    void resultReady(const facellava::ui::ChatResult& result);

  private:
    // Text pieces the worker produced and the GUI has not shown yet.
    struct Pending {
        std::atomic<bool> flush_posted{false};
        QMutex mutex;
        QString text;
    };
    void flushText();

    std::shared_ptr<const model::FaceLlavaEngine> engine_;
    model::ChatRequest request_;
    std::shared_ptr<Pending> pending_;
};

}  // namespace facellava::ui

Q_DECLARE_METATYPE(facellava::ui::ChatResult)
