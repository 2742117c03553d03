#include "jobs/dataset_scan_job.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QThread>
#include <algorithm>
#include <atomic>
#include <map>
#include <thread>

#include "facellava/core/paths.h"
#include "facellava/training/face_instruct_reader.h"
#include "facellava/training/sample_checks.h"

namespace facellava::ui {
namespace {

using training::SampleMedia;
using training::SampleRecord;

constexpr int kIssuesShown = 200;

QString turn_text(const std::string& text) {
    static const QRegularExpression placeholders(QStringLiteral("<image>\\s*"));
    return QString::fromStdString(text).remove(placeholders).trimmed();
}

bool media_missing(const SampleRecord& s) {
    for (const auto& path : s.media_paths) {
        if (s.media == SampleMedia::Video && is_directory(path))
            continue;  // a frame folder; an empty one is another kind of problem
        if (!is_readable_file(path))
            return true;
    }
    return false;
}

qint64 checkpoint_num_frames(const QString& checkpoint_dir) {
    QFile config(QDir(checkpoint_dir).filePath(QStringLiteral("config.json")));
    if (checkpoint_dir.isEmpty() || !config.open(QIODevice::ReadOnly))
        return 8;  // the model's default (FaceLlavaHParams)
    const QJsonValue frames =
        QJsonDocument::fromJson(config.readAll()).object().value(QStringLiteral("num_frames"));
    return frames.isDouble() && frames.toDouble() >= 1 ? qint64(frames.toDouble()) : 8;
}

}  // namespace

DatasetScanJob::DatasetScanJob(QObject* parent) : Job(parent) {
    qRegisterMetaType<DatasetSummary>();
}

DatasetScanJob::~DatasetScanJob() {
    queued_.reset();
    cancelAndWait();
}

void DatasetScanJob::scan(const DatasetScanRequest& request) {
    if (isRunning()) {
        queued_ = request;
        return;
    }
    launch(request);
}

bool DatasetScanJob::restartIfSuperseded() {
    if (!queued_)
        return false;
    // Superseded: the user changed the files meanwhile.
    const DatasetScanRequest next = *queued_;
    queued_.reset();
    launch(next);
    return true;
}

void DatasetScanJob::launch(const DatasetScanRequest& request) {
    runInBackground([request](const JobContext&) { return run(request); },
                    [this](const DatasetSummary& summary) { emit summaryReady(summary); },
                    {tr("The training data could not be read"),
                     tr("Check the data files in the Data tab; the trainer reads them the same "
                        "way."),
                     request.files.size() == 1 ? request.files.front() : QString()});
}

DatasetSummary DatasetScanJob::run(const DatasetScanRequest& request) {
    QElapsedTimer clock;
    clock.start();
    training::ReaderOptions reader;
    reader.image_root = request.image_root.toStdString();
    reader.video_root = request.video_root.toStdString();
    reader.num_frames =
        request.num_frames > 0 ? request.num_frames : checkpoint_num_frames(request.checkpoint_dir);
    reader.video_frame_separator = request.video_frame_separator.toStdString();
    reader.max_depth = request.json_max_depth;
    reader.max_string_bytes = request.json_max_string_bytes;
    reader.max_file_bytes = request.json_max_file_bytes;

    DatasetSummary summary;
    summary.files = request.files;
    std::vector<SampleRecord> samples;
    std::vector<training::DataIssue> issues;
    std::map<std::string, int64_t> bad_per_task;
    for (const QString& file : request.files) {
        auto read = training::read_face_instruct_file(file.toStdString(), reader);
        summary.entries += read.entries;
        for (auto& issue : read.issues) {
            ++bad_per_task[training::task_from_file_name(file.toStdString())];
            issues.push_back(std::move(issue));
        }
        for (auto& s : read.samples)
            samples.push_back(std::move(s));
    }

    // The trainer's file checks (media exist, landmark shapes), spread over a
    // few threads: they are I/O bound.
    std::vector<std::string> problems(samples.size());
    std::vector<char> missing(samples.size(), 0);
    if (request.check_media) {
        std::atomic<size_t> next{0};
        auto work = [&] {
            for (size_t i = next++; i < samples.size(); i = next++) {
                problems[i] = training::check_sample_files(samples[i]);
                missing[i] = !problems[i].empty() && media_missing(samples[i]);
            }
        };
        const int threads = std::clamp(QThread::idealThreadCount(), 1, 4);
        std::vector<std::thread> pool;
        for (int t = 1; t < threads; ++t)
            pool.emplace_back(work);
        work();
        for (auto& t : pool)
            t.join();
    }

    const qint64 structural_issues = qint64(issues.size());
    std::vector<SampleRecord> usable;
    for (size_t i = 0; i < samples.size(); ++i) {
        SampleRecord& s = samples[i];
        if (summary.preview.size() < request.preview_samples) {
            DatasetPreviewSample p;
            p.file = QString::fromStdString(s.file);
            p.index = s.index;
            p.task = QString::fromStdString(s.task);
            p.is_video = s.media == SampleMedia::Video;
            if (!s.media_paths.empty())
                p.media = QString::fromStdString(s.media_paths.front());
            for (const auto& turn : s.turns) {
                if (turn.from_human && p.question.isEmpty())
                    p.question = turn_text(turn.text);
                if (!turn.from_human && p.answer.isEmpty())
                    p.answer = turn_text(turn.text);
            }
            p.problem = QString::fromStdString(problems[i]);
            summary.preview << p;
        }
        if (problems[i].empty()) {
            usable.push_back(std::move(s));
        } else {
            ++bad_per_task[s.task];
            issues.push_back({s.file, s.index, problems[i]});
            if (missing[i])
                ++summary.missing_media;
            else
                ++summary.other_problems;
        }
    }
    summary.other_problems += structural_issues;
    // In file order, then entry order, as the trainer reports them.
    std::stable_sort(issues.begin(), issues.end(), [&](const auto& a, const auto& b) {
        const auto fa = request.files.indexOf(QString::fromStdString(a.file));
        const auto fb = request.files.indexOf(QString::fromStdString(b.file));
        return fa != fb ? fa < fb : a.index < b.index;
    });

    std::map<std::string, double> weights;
    for (auto it = request.task_weights.begin(); it != request.task_weights.end(); ++it)
        weights[it.key().toStdString()] = it.value();
    for (const auto& t : training::count_tasks(usable, weights, bad_per_task)) {
        DatasetTaskRow row;
        row.task = QString::fromStdString(t.task);
        row.samples = t.samples;
        row.images = t.images;
        row.videos = t.videos;
        row.with_landmarks = t.with_landmarks;
        row.bad = t.bad;
        row.weight = t.weight;
        summary.tasks << row;
        summary.images += t.images;
        summary.videos += t.videos;
        summary.text_only += t.text_only;
    }
    summary.usable = qint64(usable.size());
    summary.issue_count = qint64(issues.size());
    for (size_t i = 0; i < issues.size() && i < size_t(kIssuesShown); ++i)
        summary.issues << QString::fromStdString(issues[i].describe());
    summary.seconds = double(clock.elapsed()) / 1000.0;
    return summary;
}

}  // namespace facellava::ui
