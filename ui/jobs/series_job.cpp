#include "jobs/series_job.h"

#include <algorithm>

#include "facellava/core/face_tracker.h"
#include "facellava/core/media.h"
#include "facellava/pipeline/media_analyzer.h"
#include "jobs/perception_models.h"

namespace facellava::ui {

SeriesJob::SeriesJob(std::shared_ptr<PerceptionModels> models, QString video, int samples,
                     pipeline::AnalysisOptions options, QObject* parent)
    : Job(parent),
      models_(std::move(models)),
      video_(std::move(video)),
      samples_(std::max(2, samples)),
      options_(std::move(options)) {
    qRegisterMetaType<TimeSeries>();
}

SeriesJob::~SeriesJob() {
    cancelAndWait();
}

void SeriesJob::start() {
    auto models = models_;
    const QString video = video_;
    const int count = samples_;
    const pipeline::AnalysisOptions options = options_;
    SeriesJob* self = this;  // reached only through the context's queued calls
    auto work = [=](const JobContext& context) {
        VideoReader reader(video.toStdString());
        const VideoInfo& info = reader.info();
        // Distinct, increasing frames: decoding forward is the cheap direction.
        std::vector<int64_t> frames = uniform_indices(info.frame_count, count);
        frames.erase(std::unique(frames.begin(), frames.end()), frames.end());
        const auto analyzer = models->analyzer(options);
        FaceTracker tracker(options.tracker);
        TimeSeries series;
        series.media = video;
        series.duration_s = info.duration_s;
        for (size_t i = 0; i < frames.size(); ++i) {
            if (context.isCancelled())
                return std::optional<TimeSeries>();
            const ImageRGB image = reader.frame_at(frames[i]);
            TimeSample sample;
            sample.frame = frames[i];
            sample.timestamp_s = reader.timestamp_of(frames[i]);
            for (const pipeline::FaceRecord& face :
                 analyzer->analyze_frame(image, frames[i], sample.timestamp_s, tracker)) {
                if (!face.success)
                    continue;
                FaceSample values;
                values.expression = face.expression;
                values.age = face.age;
                if (face.pose) {
                    values.has_pose = true;
                    values.yaw = face.pose->yaw;
                    values.pitch = face.pose->pitch;
                    values.roll = face.pose->roll;
                }
                sample.faces[face.face_id] = values;
            }
            series.samples.push_back(std::move(sample));
            const int done = int(i + 1), total = int(frames.size());
            context.progress(double(done) / total, tr("Frame %1 of %2").arg(done).arg(total),
                             [self, done, total] { emit self->framesDone(done, total); });
        }
        return std::optional<TimeSeries>(std::move(series));
    };
    runInBackground(std::move(work),
                    [this](const std::optional<TimeSeries>& series) {
                        if (series)
                            emit seriesReady(*series);
                    },
                    {tr("Analysing the video failed"),
                     tr("Try fewer samples, or check the video plays."), video});
}

}  // namespace facellava::ui
