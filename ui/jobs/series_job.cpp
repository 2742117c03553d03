#include "jobs/series_job.h"

#include <QtConcurrent>
#include <algorithm>

#include "facellava/core/face_tracker.h"
#include "facellava/core/media.h"
#include "support/thread_priority.h"

namespace facellava::ui {

SeriesJob::SeriesJob(std::shared_ptr<PerceptionModels> models, QString video, int samples,
                     AnalysisOptions options, QObject* parent)
    : QObject(parent),
      models_(std::move(models)),
      video_(std::move(video)),
      samples_(std::max(2, samples)),
      options_(options),
      cancel_(std::make_shared<std::atomic<bool>>(false)) {
    qRegisterMetaType<TimeSeries>();
    connect(&watcher_, &QFutureWatcher<Outcome>::finished, this, [this] {
        running_ = false;
        const Outcome outcome = watcher_.result();
        if (outcome.cancelled)
            emit cancelled();
        else if (outcome.series)
            emit finished(*outcome.series);
        else
            emit failed(outcome.error);
    });
}

SeriesJob::~SeriesJob() {
    cancel_->store(true);
    watcher_.waitForFinished();
}

void SeriesJob::cancel() {
    cancel_->store(true);
}

void SeriesJob::start() {
    running_ = true;
    auto models = models_;
    auto cancel = cancel_;
    const QString video = video_;
    const int count = samples_;
    const AnalysisOptions options = options_;
    SeriesJob* self = this;  // reached only through queued calls; the destructor waits
    watcher_.setFuture(QtConcurrent::run([=]() {
        lower_current_thread_priority();
        Outcome outcome;
        try {
            VideoReader reader(video.toStdString());
            const VideoInfo& info = reader.info();
            // Distinct, increasing frames: decoding forward is the cheap direction.
            std::vector<int64_t> frames = uniform_indices(info.frame_count, count);
            frames.erase(std::unique(frames.begin(), frames.end()), frames.end());
            FaceTracker tracker;
            TimeSeries series;
            series.media = video;
            series.duration_s = info.duration_s;
            for (size_t i = 0; i < frames.size(); ++i) {
                if (cancel->load()) {
                    outcome.cancelled = true;
                    return outcome;
                }
                const ImageRGB image = reader.frame_at(frames[i]);
                const FrameAnalysis analysis =
                    analyse_frame(*models, image, FrameKey{video, frames[i]}, options);
                std::vector<FaceBox> boxes;
                std::vector<Landmarks68> landmarks;
                for (const auto& face : analysis.faces) {
                    boxes.push_back(FaceBox{float(face.box.x()), float(face.box.y()),
                                            float(face.box.width()), float(face.box.height()),
                                            face.score});
                    Landmarks68 points;
                    for (int k = 0; k < 68; ++k) {
                        points.xy[size_t(2 * k)] = float(face.landmarks[size_t(k)].x());
                        points.xy[size_t(2 * k + 1)] = float(face.landmarks[size_t(k)].y());
                    }
                    landmarks.push_back(points);
                }
                const std::vector<int> ids = tracker.update(boxes, landmarks);
                TimeSample sample;
                sample.frame = frames[i];
                sample.timestamp_s = reader.timestamp_of(frames[i]);
                for (size_t f = 0; f < analysis.faces.size(); ++f) {
                    const FaceResult& face = analysis.faces[f];
                    FaceSample values;
                    values.expression = face.expression;
                    values.age = face.age;
                    if (face.pose) {
                        values.has_pose = true;
                        values.yaw = face.pose->yaw;
                        values.pitch = face.pose->pitch;
                        values.roll = face.pose->roll;
                    }
                    sample.faces[ids[f]] = values;
                }
                series.samples.push_back(std::move(sample));
                const int done = int(i + 1), total = int(frames.size());
                QMetaObject::invokeMethod(
                    self, [self, done, total] { emit self->progress(done, total); },
                    Qt::QueuedConnection);
            }
            outcome.series = std::move(series);
        } catch (...) {
            outcome.error =
                ErrorReporter::describe(tr("Analysing the video failed"), std::current_exception(),
                                        tr("Try fewer samples, or check the video plays."));
            if (outcome.error.file.isEmpty())
                outcome.error.file = video;
        }
        return outcome;
    }));
}

}  // namespace facellava::ui
