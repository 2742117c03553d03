// One Face-LLaVA reply generated on a worker thread. Text pieces are batched
// and delivered to the GUI thread at most once per event-loop turn (a fast
// model emits thousands of pieces per second). cancel() sets the engine's
// atomic flag, checked every token.
#pragma once

#include <QFutureWatcher>
#include <QMutex>
#include <QObject>
#include <QString>
#include <atomic>
#include <memory>

#include "dialogs/error_reporter.h"
#include "facellava/model/engine.h"

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

class ChatJob : public QObject {
    Q_OBJECT
  public:
    ChatJob(std::shared_ptr<const model::FaceLlavaEngine> engine, model::ChatRequest request,
            QObject* parent = nullptr);
    ~ChatJob() override;  // cancels and waits

    void start();
    void cancel();
    bool isRunning() const { return watcher_.isRunning(); }

  signals:
    void textReceived(const QString& piece);
    void finished(const facellava::ui::ChatResult& result);
    void failed(const facellava::ui::UserError& error);

  private:
    struct Shared {
        std::atomic<bool> cancel{false};
        std::atomic<bool> flush_posted{false};
        QMutex mutex;
        QString pending;
    };
    struct Outcome {
        std::optional<ChatResult> result;
        UserError error;
    };
    void flushText();
    void onDone();

    std::shared_ptr<const model::FaceLlavaEngine> engine_;
    model::ChatRequest request_;
    std::shared_ptr<Shared> shared_;
    QFutureWatcher<Outcome> watcher_;
};

}  // namespace facellava::ui

Q_DECLARE_METATYPE(facellava::ui::ChatResult)
