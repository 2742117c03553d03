#include "jobs/batch_job.h"

#include <QtConcurrent>
#include <algorithm>
#include <chrono>
#include <filesystem>

#include "facellava/model/pipeline/batch.h"
#include "support/thread_priority.h"

namespace facellava::ui {
namespace {

// Every file of the checkpoint folder, sorted, so metadata.json pins exactly
// what answered (the engine itself is the one already loaded in the GUI).
std::vector<pipeline::ModelFile> checkpoint_files(const std::string& dir) {
    namespace fs = std::filesystem;
    std::vector<pipeline::ModelFile> files;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec))
            files.push_back({"Face-LLaVA checkpoint", it->path().string()});
    std::sort(files.begin(), files.end(),
              [](const auto& a, const auto& b) { return a.path < b.path; });
    return files;
}

}  // namespace

BatchJob::BatchJob(const pipeline::BatchOptions& options, EnginePtr engine, QString checkpoint_dir,
                   QObject* parent)
    : QObject(parent),
      options_(std::make_unique<pipeline::BatchOptions>(options)),
      engine_(std::move(engine)),
      checkpoint_dir_(std::move(checkpoint_dir)),
      cancel_(std::make_shared<std::atomic<bool>>(false)) {
    qRegisterMetaType<BatchStatus>();
    qRegisterMetaType<BatchOutcome>();
    connect(&watcher_, &QFutureWatcher<Result>::finished, this, [this] {
        running_ = false;
        const Result result = watcher_.result();
        if (result.outcome)
            emit finished(*result.outcome);
        else
            emit failed(result.error);
    });
}

BatchJob::~BatchJob() {
    cancel_->store(true);
    watcher_.waitForFinished();
}

void BatchJob::cancel() {
    cancel_->store(true);
}

void BatchJob::start() {
    running_ = true;
    const pipeline::BatchOptions options = *options_;
    auto engine = engine_;
    const std::string checkpoint = checkpoint_dir_.toStdString();
    auto cancel = cancel_;
    BatchJob* self = this;  // reached only through queued calls; the destructor waits
    watcher_.setFuture(QtConcurrent::run([=]() {
        lower_current_thread_priority();
        Result result;
        try {
            pipeline::AnalysisModels models =
                pipeline::load_analysis_models(options.analysis, AssetLocator::from_environment());
            if (engine && !options.analysis.tasks.empty()) {
                models.engine = engine;
                models.checkpoint_dir = checkpoint;
                for (auto& file : checkpoint_files(checkpoint))
                    models.files.push_back(std::move(file));
            }
            pipeline::BatchCallbacks callbacks;
            callbacks.cancel = cancel.get();
            auto last = std::make_shared<std::chrono::steady_clock::time_point>();
            callbacks.on_progress = [self, last](const pipeline::BatchProgress& p) {
                // Called from the batch's workers one at a time; throttled so
                // the GUI gets at most ten updates a second (and the last one).
                const auto now = std::chrono::steady_clock::now();
                if (p.files_done < p.files_total && now - *last < std::chrono::milliseconds(100))
                    return;
                *last = now;
                BatchStatus s{
                    int(p.files_total),   int(p.files_done), int(p.files_failed),
                    int(p.files_resumed), p.frames_analysed, p.fraction,
                    p.elapsed_s,          p.eta_s,           QString::fromStdString(p.current)};
                QMetaObject::invokeMethod(
                    self, [self, s] { emit self->progress(s); }, Qt::QueuedConnection);
            };
            const pipeline::BatchResult r = pipeline::run_batch(options, models, callbacks);
            BatchOutcome outcome;
            outcome.cancelled = r.cancelled;
            outcome.faces_csv = QString::fromStdString(r.faces_csv);
            outcome.errors_csv = QString::fromStdString(r.errors_csv);
            outcome.metadata_json = QString::fromStdString(r.metadata_json);
            outcome.analysed = int(r.analysed);
            outcome.resumed = int(r.resumed);
            outcome.failed = int(r.failed);
            outcome.rows = r.rows;
            outcome.wall_s = r.wall_s;
            result.outcome = outcome;
        } catch (...) {
            result.error =
                ErrorReporter::describe(tr("The batch job could not run"), std::current_exception(),
                                        tr("Check the input and output folders and the options."));
        }
        return result;
    }));
}

}  // namespace facellava::ui
