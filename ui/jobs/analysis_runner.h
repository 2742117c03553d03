// Runs frame analyses one at a time on a worker thread. A request made while
// one runs replaces any request still waiting (the user moved on: only the
// newest frame matters), so scrubbing never queues up stale work. Each
// analysis is announced by analysisStarted() and arrives through
// analysisReady(), then finished(). The faces come from the pipeline's
// MediaAnalyzer::analyze_image(), the rows faces.csv gets for the same picture.
#pragma once

#include <QThreadPool>
#include <memory>
#include <optional>

#include "facellava/core/image.h"
#include "facellava/pipeline/analysis_options.h"
#include "jobs/job.h"
#include "models/frame_analysis.h"

namespace facellava::ui {

class PerceptionModels;

class AnalysisRunner : public Job {
    Q_OBJECT
  public:
    AnalysisRunner(std::shared_ptr<PerceptionModels> models, QObject* parent = nullptr);
    ~AnalysisRunner() override;

    // isRunning() stays true until the request waiting has run.
    void analyse(const FrameKey& key, std::shared_ptr<const ImageRGB> image,
                 const pipeline::AnalysisOptions& options);

  signals:
    void analysisStarted(const facellava::ui::FrameKey& key);
    void analysisReady(const facellava::ui::FrameAnalysis& analysis);

  protected:
    void runEnded() override;

  private:
    struct Request {
        FrameKey key;
        std::shared_ptr<const ImageRGB> image;
        pipeline::AnalysisOptions options;
    };
    void startNext();

    std::shared_ptr<PerceptionModels> models_;
    QThreadPool pool_;  // its own single thread: one analysis at a time
    std::optional<Request> pending_;
};

}  // namespace facellava::ui
