#include "jobs/attention_runner.h"

#include <QtConcurrent>
#include "support/thread_priority.h"

namespace facellava::ui {

AttentionRunner::AttentionRunner(QObject* parent) : QObject(parent) {
    qRegisterMetaType<FaceAttention>();
    connect(&watcher_, &QFutureWatcher<Outcome>::finished, this, [this] {
        running_ = false;
        const Outcome outcome = watcher_.result();
        if (outcome.attention)
            emit finished(*outcome.attention);
        else
            emit failed(outcome.error);
        startNext();
    });
}

AttentionRunner::~AttentionRunner() {
    pending_.reset();
    watcher_.waitForFinished();
}

void AttentionRunner::compute(EnginePtr engine, const FaceAttachment& face) {
    pending_ = Request{std::move(engine), face};
    if (!running_)
        startNext();
}

void AttentionRunner::startNext() {
    if (!pending_)
        return;
    Request request = std::move(*pending_);
    pending_.reset();
    running_ = true;
    watcher_.setFuture(QtConcurrent::run([request]() {
        lower_current_thread_priority();
        Outcome outcome;
        try {
            FaceAttention attention;
            attention.key = request.face.key;
            attention.face_id = request.face.face_id;
            attention.crop_rect = request.face.crop_rect;
            attention.maps = request.engine->attention_maps(request.face.frame);
            outcome.attention = std::move(attention);
        } catch (...) {
            outcome.error = ErrorReporter::describe(
                tr("Cannot compute the FRGCA attention map"), std::current_exception(),
                tr("This needs a checkpoint with landmark modules."));
        }
        return outcome;
    }));
}

}  // namespace facellava::ui
