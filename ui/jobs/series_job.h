// Analyses sampled frames of a video on a worker thread (its own
// VideoReader) through the pipeline's MediaAnalyzer, which tracks faces
// across them as faces.csv does, so the plots follow each face by a stable id. Progress
// (framesDone, then the base's progressed()) and the series (seriesReady, then finished()) come
// back through queued signals; cancel() stops between frames.
#pragma once

#include <memory>

#include "facellava/pipeline/analysis_options.h"
#include "jobs/job.h"
#include "models/time_series.h"

namespace facellava::ui {

class PerceptionModels;

class SeriesJob : public Job {
    Q_OBJECT
  public:
    SeriesJob(std::shared_ptr<PerceptionModels> models, QString video, int samples,
              pipeline::AnalysisOptions options, QObject* parent = nullptr);
    ~SeriesJob() override;  // cancels and waits

    void start();

  signals:
    void framesDone(int done, int total);
    // Only for a run that analysed every sampled frame.
    void seriesReady(const facellava::ui::TimeSeries& series);

  private:
    std::shared_ptr<PerceptionModels> models_;
    QString video_;
    int samples_;
    pipeline::AnalysisOptions options_;
};

}  // namespace facellava::ui
