#include "jobs/analysis_runner.h"

#include <QElapsedTimer>

#include "facellava/pipeline/media_analyzer.h"
#include "jobs/perception_models.h"
#include "models/face_records.h"

namespace facellava::ui {

AnalysisRunner::AnalysisRunner(std::shared_ptr<PerceptionModels> models, QObject* parent)
    : Job(parent), models_(std::move(models)) {
    qRegisterMetaType<FrameAnalysis>();
    qRegisterMetaType<FrameKey>();
    pool_.setMaxThreadCount(1);
}

AnalysisRunner::~AnalysisRunner() {
    pending_.reset();
    cancelAndWait();
}

void AnalysisRunner::analyse(const FrameKey& key, std::shared_ptr<const ImageRGB> image,
                             const pipeline::AnalysisOptions& options) {
    pending_ = Request{key, std::move(image), options};
    if (!isRunning())
        startNext();
}

void AnalysisRunner::runEnded() {
    startNext();
}

void AnalysisRunner::startNext() {
    if (!pending_)
        return;
    Request request = std::move(*pending_);
    pending_.reset();
    emit analysisStarted(request.key);
    auto models = models_;
    WorkerOptions options(tr("Face analysis failed"),
                          tr("Check the face models with `facellava info`; run "
                             "scripts/bootstrap.sh if any is missing."),
                          request.key.media);
    options.pool = &pool_;
    runInBackground(
        [models, request](const JobContext&) {
            QElapsedTimer timer;
            timer.start();
            const ImageRGB& image = *request.image;
            const auto records = models->analyzer(request.options)->analyze_image(image);
            FrameAnalysis analysis = to_frame_analysis(
                records, request.key, QSize(image.width, image.height), request.options.detector);
            analysis.elapsed_ms = double(timer.nsecsElapsed()) / 1e6;
            return analysis;
        },
        [this](const FrameAnalysis& analysis) { emit analysisReady(analysis); },
        std::move(options));
}

}  // namespace facellava::ui
