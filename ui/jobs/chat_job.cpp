#include "jobs/chat_job.h"

namespace facellava::ui {

ChatJob::ChatJob(std::shared_ptr<const model::FaceLlavaEngine> engine, model::ChatRequest request,
                 QObject* parent)
    : Job(parent),
      engine_(std::move(engine)),
      request_(std::move(request)),
      pending_(std::make_shared<Pending>()) {
    qRegisterMetaType<ChatResult>();
    // Connected first, so the text streamed before a failure reaches the
    // receivers before failed() does.
    connect(this, &Job::failed, this, &ChatJob::flushText);
}

ChatJob::~ChatJob() {
    cancelAndWait();
}

void ChatJob::start() {
    auto pending = pending_;
    auto engine = engine_;
    auto request = request_;
    // The worker reaches `this` only through the context's queued calls, run
    // on the GUI thread while the job lives.
    ChatJob* self = this;
    auto work = [pending, engine, request, self](const JobContext& context) {
        model::ChatCallbacks callbacks;
        callbacks.cancel = context.cancelFlag();
        callbacks.on_text = [pending, self, context](const std::string& piece) {
            {
                QMutexLocker lock(&pending->mutex);
                pending->text += QString::fromStdString(piece);
            }
            if (!pending->flush_posted.exchange(true))
                context.post([self] { self->flushText(); });
            return true;
        };
        const model::ChatReply reply = engine->chat(request, callbacks);
        ChatResult result;
        result.text = QString::fromStdString(reply.text);
        result.stop_reason = QString::fromStdString(reply.stop_reason);
        result.vision_ms = reply.vision_ms;
        result.prefill_ms = reply.prefill_ms;
        result.tokens_per_s = reply.tokens_per_s;
        result.total_ms = reply.total_ms;
        result.tokens = int64_t(reply.token_ids.size());
        result.attention = reply.attention;
        return result;
    };
    runInBackground(std::move(work),
                    [this](const ChatResult& result) {
                        flushText();  // pieces still waiting arrive before the result
                        emit resultReady(result);
                    },
                    {tr("The model could not answer"),
                     tr("Check the checkpoint in Settings; the log has details.")});
}

void ChatJob::flushText() {
    QString chunk;
    {
        QMutexLocker lock(&pending_->mutex);
        chunk.swap(pending_->text);
        pending_->flush_posted = false;
    }
    if (!chunk.isEmpty())
        emit textReceived(chunk);
}

}  // namespace facellava::ui
