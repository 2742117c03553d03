#include "jobs/attention_runner.h"

namespace facellava::ui {

AttentionRunner::AttentionRunner(QObject* parent) : Job(parent) {
    qRegisterMetaType<FaceAttention>();
}

AttentionRunner::~AttentionRunner() {
    pending_.reset();
    cancelAndWait();
}

void AttentionRunner::compute(EnginePtr engine, const FaceAttachment& face) {
    pending_ = Request{std::move(engine), face};
    if (!isRunning())
        startNext();
}

void AttentionRunner::runEnded() {
    startNext();
}

void AttentionRunner::startNext() {
    if (!pending_)
        return;
    Request request = std::move(*pending_);
    pending_.reset();
    runInBackground(
        [request](const JobContext&) {
            FaceAttention attention;
            attention.key = request.face.key;
            attention.face_id = request.face.face_id;
            attention.crop_rect = request.face.crop_rect;
            attention.maps = request.engine->attention_maps(request.face.frame);
            return attention;
        },
        [this](const FaceAttention& attention) { emit attentionReady(attention); },
        {tr("Cannot compute the FRGCA attention map"),
         tr("This needs a checkpoint with landmark modules.")});
}

}  // namespace facellava::ui
