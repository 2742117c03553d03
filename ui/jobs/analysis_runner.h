// Runs frame analyses one at a time on a worker thread. A request made while
// one runs replaces any request still waiting (the user moved on: only the
// newest frame matters), so scrubbing never queues up stale work.
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>
#include <memory>
#include <optional>

#include "dialogs/error_reporter.h"
#include "jobs/face_analysis.h"

namespace facellava::ui {

class AnalysisRunner : public QObject {
    Q_OBJECT
  public:
    AnalysisRunner(std::shared_ptr<PerceptionModels> models, QObject* parent = nullptr);
    ~AnalysisRunner() override;

    void analyse(const FrameKey& key, std::shared_ptr<const ImageRGB> image,
                 const AnalysisOptions& options);
    bool busy() const { return running_ || pending_.has_value(); }

  signals:
    void started(const facellava::ui::FrameKey& key);
    void finished(const facellava::ui::FrameAnalysis& analysis);
    void failed(const facellava::ui::UserError& error);

  private:
    struct Request {
        FrameKey key;
        std::shared_ptr<const ImageRGB> image;
        AnalysisOptions options;
    };
    struct Outcome {
        std::optional<FrameAnalysis> analysis;
        UserError error;
    };
    void startNext();
    void onDone();

    std::shared_ptr<PerceptionModels> models_;
    QThreadPool pool_;
    QFutureWatcher<Outcome> watcher_;
    std::optional<Request> pending_;
    bool running_ = false;
};

}  // namespace facellava::ui
