#include "jobs/batch_job.h"

#include <algorithm>
#include <filesystem>

#include "facellava/pipeline/batch.h"

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
    : Job(parent),
      options_(std::make_unique<pipeline::BatchOptions>(options)),
      engine_(std::move(engine)),
      checkpoint_dir_(std::move(checkpoint_dir)) {
    qRegisterMetaType<BatchStatus>();
    qRegisterMetaType<BatchOutcome>();
}

BatchJob::~BatchJob() {
    cancelAndWait();
}

void BatchJob::start() {
    const pipeline::BatchOptions options = *options_;
    auto engine = engine_;
    const std::string checkpoint = checkpoint_dir_.toStdString();
    BatchJob* self = this;  // reached only through JobContext's queued calls
    auto work = [=](const JobContext& context) {
        pipeline::AnalysisModels models =
            pipeline::load_analysis_models(options.analysis, AssetLocator::from_environment());
        if (engine && !options.analysis.tasks.empty()) {
            models.engine = engine;
            models.checkpoint_dir = checkpoint;
            for (auto& file : checkpoint_files(checkpoint))
                models.files.push_back(std::move(file));
        }
        pipeline::BatchCallbacks callbacks;
        callbacks.cancel = context.cancelFlag();
        callbacks.on_progress = [self, context](const pipeline::BatchProgress& p) {
            // Called from the batch's workers one at a time; the context
            // throttles to ten updates a second and lets the last one through.
            const bool last = p.files_done >= p.files_total;
            BatchStatus s{
                int(p.files_total),   int(p.files_done), int(p.files_failed),
                int(p.files_resumed), p.frames_analysed, p.fraction,
                p.elapsed_s,          p.eta_s,           QString::fromStdString(p.current)};
            context.progress(last ? 1.0 : std::min(p.fraction, 0.999), s.current,
                             [self, s] { emit self->statusChanged(s); });
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
        return outcome;
    };
    runInBackground(std::move(work),
                    [this](const BatchOutcome& outcome) { emit outcomeReady(outcome); },
                    {tr("The batch job could not run"),
                     tr("Check the input and output folders and the options.")});
}

}  // namespace facellava::ui
