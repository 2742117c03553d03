#include "jobs/analysis_runner.h"

#include <QtConcurrent>
#include "support/thread_priority.h"

namespace facellava::ui {

AnalysisRunner::AnalysisRunner(std::shared_ptr<PerceptionModels> models, QObject* parent)
    : QObject(parent), models_(std::move(models)) {
    qRegisterMetaType<FrameAnalysis>();
    qRegisterMetaType<FrameKey>();
    pool_.setMaxThreadCount(1);
    connect(&watcher_, &QFutureWatcher<Outcome>::finished, this, &AnalysisRunner::onDone);
}

AnalysisRunner::~AnalysisRunner() {
    pending_.reset();
    pool_.waitForDone();
}

void AnalysisRunner::analyse(const FrameKey& key, std::shared_ptr<const ImageRGB> image,
                             const AnalysisOptions& options) {
    pending_ = Request{key, std::move(image), options};
    if (!running_)
        startNext();
}

void AnalysisRunner::startNext() {
    if (!pending_)
        return;
    Request request = std::move(*pending_);
    pending_.reset();
    running_ = true;
    emit started(request.key);
    auto models = models_;
    watcher_.setFuture(QtConcurrent::run(&pool_, [models, request]() {
        lower_current_thread_priority();
        Outcome outcome;
        try {
            outcome.analysis = analyse_frame(*models, *request.image, request.key, request.options);
        } catch (...) {
            outcome.error =
                ErrorReporter::describe(tr("Face analysis failed"), std::current_exception(),
                                        tr("Check the face models with `facellava info`; run "
                                           "scripts/bootstrap.sh if any is missing."));
            if (outcome.error.file.isEmpty())
                outcome.error.file = request.key.media;
        }
        return outcome;
    }));
}

void AnalysisRunner::onDone() {
    running_ = false;
    const Outcome outcome = watcher_.result();
    if (outcome.analysis)
        emit finished(*outcome.analysis);
    else
        emit failed(outcome.error);
    startNext();
}

}  // namespace facellava::ui
