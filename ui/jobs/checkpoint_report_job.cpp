#include "jobs/checkpoint_report_job.h"

#include <QDir>

#include "facellava/model/checkpoint_report.h"

namespace facellava::ui {

CheckpointReportJob::CheckpointReportJob(QObject* parent) : Job(parent) {
    qRegisterMetaType<CheckpointCheckResult>();
}

CheckpointReportJob::~CheckpointReportJob() {
    queued_.reset();
    cancelAndWait();
}

void CheckpointReportJob::inspect(const CheckpointCheckRequest& request) {
    if (isRunning()) {
        queued_ = request;
        return;
    }
    launch(request);
}

bool CheckpointReportJob::restartIfSuperseded() {
    if (!queued_)
        return false;
    // Superseded: the user changed a folder meanwhile.
    const CheckpointCheckRequest next = *queued_;
    queued_.reset();
    launch(next);
    return true;
}

void CheckpointReportJob::launch(const CheckpointCheckRequest& request) {
    runInBackground(
        [request](const JobContext&) { return run(request); },
        [this](const CheckpointCheckResult& result) { emit resultReady(result); },
        {tr("Cannot check the checkpoint folder"),
         tr("Choose a checkpoint folder (config.json, tokenizer.model, weights)."), request.dir});
}

CheckpointCheckResult CheckpointReportJob::run(const CheckpointCheckRequest& request) {
    CheckpointCheckResult result;
    result.request = request;
    // Absolute paths: the report names them, and the engine later loads the
    // same folders whatever the working directory.
    auto absolute = [](const QString& dir) {
        return dir.isEmpty() ? std::string() : QDir(dir).absolutePath().toStdString();
    };
    model::TowerLocations towers;
    towers.image_tower = absolute(request.image_tower);
    towers.video_tower = absolute(request.video_tower);
    try {
        const model::CheckpointReport report =
            model::inspect_checkpoint_folder(absolute(request.dir), towers);
        result.loadable = report.loadable();
        result.text = QString::fromStdString(report.describe());
        for (const auto& problem : report.problems)
            result.problems << QString::fromStdString(problem);
    } catch (const std::exception& e) {
        // Only an unreadable folder or config.json gets here (checkpoint_report.h).
        result.loadable = false;
        result.text = QString::fromUtf8(e.what());
        result.problems << result.text;
    }
    return result;
}

}  // namespace facellava::ui
