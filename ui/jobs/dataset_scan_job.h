// The Training dialog's data preview: reads the FaceInstruct files with the
// trainer's own reader and checks (facellava/training/face_instruct_reader.h,
// sample_checks.h) on a worker thread, and reports counts per task,
// images/videos, missing media, the other problems (file #index: what) and
// the first samples. A newer request
// supersedes one still running: only the latest result is delivered
// (summaryReady, then finished(); an unreadable file: failed()).
#pragma once

#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>
#include <optional>

#include "jobs/job.h"

namespace facellava::ui {

struct DatasetScanRequest {
    QStringList files;
    QString image_root;
    QString video_root;
    // `<video>` → this many `<image>`; 0: the checkpoint's num_frames (its
    // config.json, read by the scan), 8 without one.
    qint64 num_frames = 0;
    QString checkpoint_dir;
    QString video_frame_separator = QStringLiteral(" ");
    bool check_media = true;
    QMap<QString, double> task_weights;
    int json_max_depth = 32;
    qint64 json_max_string_bytes = qint64(1) << 20;
    qint64 json_max_file_bytes = qint64(8) << 30;
    int preview_samples = 8;
};

struct DatasetTaskRow {
    QString task;
    qint64 samples = 0;  // usable
    qint64 images = 0;
    qint64 videos = 0;
    qint64 with_landmarks = 0;
    qint64 bad = 0;
    double weight = 1.0;
};

struct DatasetPreviewSample {
    QString file;
    qint64 index = 0;
    QString task;
    QString media;  // the first media path ("" for text-only)
    bool is_video = false;
    QString question;  // the first human turn, placeholders removed
    QString answer;    // the first assistant turn
    QString problem;   // why the trainer would skip it ("" when usable)
};

struct DatasetSummary {
    QStringList files;
    qint64 entries = 0;  // read, bad ones included
    qint64 usable = 0;
    qint64 images = 0;  // usable samples with images
    qint64 videos = 0;
    qint64 text_only = 0;
    qint64 missing_media = 0;  // samples whose image/video file or frame folder is missing
    qint64 other_problems = 0;
    QVector<DatasetTaskRow> tasks;
    QVector<DatasetPreviewSample> preview;
    QStringList issues;  // "file #index: problem", the first 200
    qint64 issue_count = 0;
    double seconds = 0;
};

class DatasetScanJob : public Job {
    Q_OBJECT
  public:
    explicit DatasetScanJob(QObject* parent = nullptr);
    ~DatasetScanJob() override;  // waits for a scan in flight

    // isRunning() stays true while a superseding request waits.
    void scan(const DatasetScanRequest& request);

    // The scan itself (runs on the calling thread; public for tests).
    static DatasetSummary run(const DatasetScanRequest& request);

  signals:
    void summaryReady(const facellava::ui::DatasetSummary& summary);

  protected:
    bool restartIfSuperseded() override;

  private:
    void launch(const DatasetScanRequest& request);

    std::optional<DatasetScanRequest> queued_;
};

}  // namespace facellava::ui

Q_DECLARE_METATYPE(facellava::ui::DatasetSummary)
