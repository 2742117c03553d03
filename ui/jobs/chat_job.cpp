#include "jobs/chat_job.h"

#include <QtConcurrent>
#include "support/thread_priority.h"

namespace facellava::ui {

ChatJob::ChatJob(std::shared_ptr<const model::FaceLlavaEngine> engine, model::ChatRequest request,
                 QObject* parent)
    : QObject(parent),
      engine_(std::move(engine)),
      request_(std::move(request)),
      shared_(std::make_shared<Shared>()) {
    qRegisterMetaType<ChatResult>();
    connect(&watcher_, &QFutureWatcher<Outcome>::finished, this, &ChatJob::onDone);
}

ChatJob::~ChatJob() {
    shared_->cancel = true;
    watcher_.waitForFinished();
}

void ChatJob::start() {
    auto shared = shared_;
    auto engine = engine_;
    auto request = request_;
    // The worker reaches `this` only through queued invocations, run on the
    // GUI thread; the destructor cancels and waits, so `raw` outlives them.
    ChatJob* raw = this;
    watcher_.setFuture(QtConcurrent::run([shared, engine, request, raw]() {
        lower_current_thread_priority();
        Outcome outcome;
        model::ChatCallbacks callbacks;
        callbacks.cancel = &shared->cancel;
        callbacks.on_text = [shared, raw](const std::string& piece) {
            {
                QMutexLocker lock(&shared->mutex);
                shared->pending += QString::fromStdString(piece);
            }
            if (!shared->flush_posted.exchange(true))
                QMetaObject::invokeMethod(raw, &ChatJob::flushText, Qt::QueuedConnection);
            return true;
        };
        try {
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
            outcome.result = std::move(result);
        } catch (...) {
            outcome.error = ErrorReporter::describe(
                tr("The model could not answer"), std::current_exception(),
                tr("Check the checkpoint in Settings; the log has details."));
        }
        return outcome;
    }));
}

void ChatJob::cancel() {
    shared_->cancel = true;
}

void ChatJob::flushText() {
    QString chunk;
    {
        QMutexLocker lock(&shared_->mutex);
        chunk.swap(shared_->pending);
        shared_->flush_posted = false;
    }
    if (!chunk.isEmpty())
        emit textReceived(chunk);
}

void ChatJob::onDone() {
    flushText();  // pieces still waiting arrive before finished()
    const Outcome outcome = watcher_.result();
    if (outcome.result)
        emit finished(*outcome.result);
    else
        emit failed(outcome.error);
}

}  // namespace facellava::ui
