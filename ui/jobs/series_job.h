// Analyses sampled frames of a video on a worker thread (its own
// VideoReader) and tracks faces across them (core's FaceTracker), so the
// plots follow each face by a stable id. Progress and the result come back
// through queued signals; cancel() stops between frames.
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <atomic>
#include <memory>
#include <optional>

#include "dialogs/error_reporter.h"
#include "jobs/face_analysis.h"
#include "models/time_series.h"

namespace facellava::ui {

class SeriesJob : public QObject {
    Q_OBJECT
  public:
    SeriesJob(std::shared_ptr<PerceptionModels> models, QString video, int samples,
              AnalysisOptions options, QObject* parent = nullptr);
    ~SeriesJob() override;

    void start();
    void cancel();
    bool isRunning() const { return running_; }

  signals:
    void progress(int done, int total);
    void finished(const facellava::ui::TimeSeries& series);
    void failed(const facellava::ui::UserError& error);
    void cancelled();

  private:
    struct Outcome {
        std::optional<TimeSeries> series;
        UserError error;
        bool cancelled = false;
    };
    std::shared_ptr<PerceptionModels> models_;
    QString video_;
    int samples_;
    AnalysisOptions options_;
    std::shared_ptr<std::atomic<bool>> cancel_;
    QFutureWatcher<Outcome> watcher_;
    bool running_ = false;
};

}  // namespace facellava::ui
