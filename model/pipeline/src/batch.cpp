#include "facellava/pipeline/batch.h"

#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "batch_metadata.h"
#include "batch_visuals.h"
#include "facellava/core/atomic_file.h"
#include "facellava/core/csv.h"
#include "facellava/core/error.h"
#include "facellava/core/json_text.h"
#include "facellava/model/runtime.h"
#include "facellava/pipeline/face_csv.h"
#include "facellava/pipeline/media_analyzer.h"
#include "facellava/pipeline/model_tasks.h"
#include "job_folder.h"
#include "parallel_frame_faces.h"

namespace facellava::pipeline {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

// Rows are buffered up to this size before they go to the part file, so a
// long video never holds more than this in memory.
constexpr size_t kRowBufferBytes = 1 << 20;

// Progress of the whole run, fed by the workers; reports one call at a time.
class ProgressBoard {
  public:
    ProgressBoard(const BatchCallbacks& callbacks, size_t total, size_t resumed, size_t to_do)
        : callbacks_(callbacks), to_do_(to_do), start_(Clock::now()) {
        progress_.files_total = total;
        progress_.files_done = resumed;
        progress_.files_resumed = resumed;
    }

    void started(int worker, const std::string& input) {
        std::lock_guard<std::mutex> lock(mutex_);
        in_flight_[worker] = {input, 0.0};
        report();
    }
    void frame(int worker, int64_t done, int64_t total) {
        std::lock_guard<std::mutex> lock(mutex_);
        in_flight_[worker].second = total > 0 ? double(done) / double(total) : 0.0;
        ++progress_.frames_analysed;
        report();
    }
    // failed: the input ends in errors.csv; abandoned: cancelled in flight.
    void finished(int worker, bool failed, bool abandoned) {
        std::lock_guard<std::mutex> lock(mutex_);
        in_flight_.erase(worker);
        if (!abandoned) {
            ++finished_;
            ++progress_.files_done;
            progress_.files_failed += failed ? 1 : 0;
        }
        report();
    }

  private:
    void report() {
        if (!callbacks_.on_progress)
            return;
        double units = double(finished_);
        for (const auto& [worker, file] : in_flight_)
            units += file.second;
        progress_.fraction = to_do_ > 0 ? std::min(1.0, units / double(to_do_)) : 1.0;
        progress_.elapsed_s = std::chrono::duration<double>(Clock::now() - start_).count();
        progress_.eta_s =
            progress_.fraction > 0.0
                ? progress_.elapsed_s * (1.0 - progress_.fraction) / progress_.fraction
                : -1.0;
        progress_.current = in_flight_.empty() ? std::string() : in_flight_.begin()->second.first;
        progress_.files_in_flight = in_flight_.size();
        callbacks_.on_progress(progress_);
    }

    const BatchCallbacks& callbacks_;
    const size_t to_do_;
    const Clock::time_point start_;
    std::mutex mutex_;
    BatchProgress progress_;
    size_t finished_ = 0;
    std::map<int, std::pair<std::string, double>> in_flight_;  // worker → input, fraction done
};

bool cancelled(const BatchCallbacks& callbacks) {
    return callbacks.cancel && callbacks.cancel->load();
}

// The rate at which a video's frames are analysed: the overlay video's.
double analysed_fps(const std::string& path, const AnalysisOptions& analysis) {
    double fps = VideoReader(path).info().fps;
    if (!(fps > 0))
        fps = 25.0;
    return analysis.target_fps > 0 ? std::min(analysis.target_fps, fps)
                                   : fps / double(analysis.every_nth_frame);
}

// The crops and overlay `batch` asked for, for one input; nullopt when none.
std::optional<BatchVisualsOptions> visuals_of(const BatchOptions& batch, const InputFile& input,
                                              const AnalysisOptions& analysis) {
    BatchVisualsOptions visuals;
    visuals.crops = batch.save_crops;
    // By name, as the batch's phases are: a still has no video to copy.
    visuals.overlay = batch.overlay_video && !has_image_extension(input.path);
    if (!visuals.crops && !visuals.overlay)
        return std::nullopt;
    if (visuals.overlay)
        visuals.overlay_fps = analysed_fps(input.path, analysis);
    return visuals;
}

// Analyses one input into its part file; fills `result`.
void analyse_input(MediaAnalyzer& analyzer, const BatchOptions& batch, const JobFolder& job,
                   const BatchCallbacks& callbacks, ProgressBoard& board, int worker,
                   BatchFileResult& result) {
    const InputFile& input = result.input;
    const AnalysisOptions& options = analyzer.options();
    AtomicFileWriter part(job.part_csv(input));  // removed again unless committed
    std::string rows;
    int64_t row_count = 0;
    AnalysisCallbacks analysis;
    analysis.on_face = [&](const FaceRecord& record) {
        append_face_csv_row(rows, record, options.tasks, options.output, input.relative);
        ++row_count;
        if (rows.size() >= kRowBufferBytes) {
            part.write(rows);
            rows.clear();
        }
    };
    analysis.on_frame = [&](int64_t done, int64_t total) { board.frame(worker, done, total); };
    analysis.cancel = callbacks.cancel;
    std::optional<BatchVisuals> visuals;  // removed again unless committed
    if (const auto wanted = visuals_of(batch, input, analyzer.options())) {
        visuals.emplace(batch.output_dir, input, *wanted);
        analysis.on_frame_image = [&](const ImageRGB& image,
                                      const std::vector<FaceRecord>& records) {
            visuals->frame(image, records);
        };
    }
    const MediaSummary summary = analyzer.analyze_file(input.path, analysis);
    if (summary.cancelled)
        return;  // status stays NotDone; the .tmp goes with `part`
    if (visuals)
        visuals->commit();  // before the part: a finished input has its pictures
    part.write(rows);
    part.commit();
    job.mark_finished(input, {summary, row_count});
    result.status = FileStatus::Analysed;
    result.summary = summary;
    result.rows = row_count;
}

void run_worker(MediaAnalyzer& analyzer, const BatchOptions& batch, const JobFolder& job,
                const BatchCallbacks& callbacks, ProgressBoard& board, int worker,
                const std::vector<size_t>& to_do, std::atomic<size_t>& next,
                std::vector<BatchFileResult>& results) {
    for (;;) {
        if (cancelled(callbacks))
            return;
        const size_t k = next.fetch_add(1);
        if (k >= to_do.size())
            return;
        BatchFileResult& result = results[to_do[k]];
        board.started(worker, result.input.relative);
        try {
            analyse_input(analyzer, batch, job, callbacks, board, worker, result);
        } catch (const Error& e) {
            result.status = FileStatus::Failed;
            result.error = e.brief();
            if (!e.path().empty() && e.path() != result.input.path)
                result.error += " [" + e.path() + "]";
            result.hint = e.hint();
        } catch (const std::exception& e) {
            // Not a condition we know of: keep going, but say it is ours to fix.
            result.status = FileStatus::Failed;
            result.error = e.what();
            result.hint = "unexpected error: please report it with this file";
        }
        board.finished(worker, result.status == FileStatus::Failed,
                       result.status == FileStatus::NotDone);
    }
}

// Analyses results[i] for each i in `files`, `workers` inputs at once.
void analyse_files(const std::vector<size_t>& files, size_t workers,
                   const AnalysisOptions& analysis, const AnalysisModels& models,
                   const BatchOptions& batch, const JobFolder& job, const BatchCallbacks& callbacks,
                   ProgressBoard& board, std::vector<BatchFileResult>& results) {
    workers = std::min(workers, files.size());
    if (workers == 0)
        return;
    // Analysers are made here, not in the threads, so a setup error
    // (e.g. dlib's detector) reaches the caller as an exception.
    std::vector<std::unique_ptr<MediaAnalyzer>> analyzers;
    for (size_t w = 0; w < workers; ++w)
        analyzers.push_back(std::make_unique<MediaAnalyzer>(models, analysis));
    // Files at once each run their nets on one thread; OpenBLAS's own pool
    // would take the cores they need (auto batch of photos: 20.8 instead of
    // 29.4 images/s on 2 cores, `facellava bench --suite batch`).
    std::optional<model::ScopedSingleThreadedBlas> one_blas_thread;
    if (workers > 1)
        one_blas_thread.emplace();
    std::atomic<size_t> next{0};
    std::vector<std::thread> threads;
    for (size_t w = 1; w < workers; ++w)
        threads.emplace_back(run_worker, std::ref(*analyzers[w]), std::cref(batch), std::cref(job),
                             std::cref(callbacks), std::ref(board), int(w), std::cref(files),
                             std::ref(next), std::ref(results));
    run_worker(*analyzers[0], batch, job, callbacks, board, 0, files, next, results);
    for (auto& thread : threads)
        thread.join();
}

std::string errors_csv_text(const std::vector<BatchFileResult>& files) {
    std::string out = "file,error,hint\n";
    for (const auto& file : files) {
        std::string error;
        std::string hint;
        if (file.status == FileStatus::Failed) {
            error = file.error;
            hint = file.hint;
        } else if (!file.summary.warning.empty()) {
            error = file.summary.warning;
            hint = "re-encode or re-download the file, then run the job again with --restart";
        } else {
            continue;
        }
        append_text(out, file.input.relative);
        out.push_back(',');
        append_text(out, error);
        out.push_back(',');
        append_text(out, hint);
        out.push_back('\n');
    }
    return out;
}

}  // namespace

BatchResult run_batch(const BatchOptions& options, const AnalysisModels& models,
                      const BatchCallbacks& callbacks) {
    const auto start = Clock::now();
    BatchTimes times;
    times.started_utc = utc_now();
    options.analysis.validate();
    if (options.threads < 0)
        throw Error("threads must be ≥ 0 (0: auto), got " + std::to_string(options.threads));
    if (options.output_dir.empty())
        throw Error("no output folder given", "",
                    "name one for faces.csv, errors.csv and metadata.json");
    // Only what the checkpoint was trained for: before any file is touched.
    if (models.engine)
        check_model_tasks_supported(options.analysis.tasks, models.engine->info().tasks);

    std::error_code ec;
    const std::string input_root = fs::weakly_canonical(fs::absolute(options.input), ec).string();
    DiscoveryOptions discovery = options.discovery;
    discovery.exclude_dirs.push_back(options.output_dir);  // when it lies inside the input
    // Inputs first: a mistyped input folder must not leave an empty job folder behind.
    std::vector<InputFile> inputs = discover_inputs(options.input, discovery);
    const ShardAssignment shard = take_shard(inputs, options.shard);
    JobFolder job(options.output_dir);

    nlohmann::ordered_json identity;
    identity["input"] = input_root;
    identity["facellava_version"] = FACELLAVA_VERSION;
    identity["settings"] = analysis_settings_json(options.analysis, models);
    if (options.shard.active())  // absent when unsharded, so older job folders still resume
        identity["shard"] = {{"index", options.shard.index},
                             {"count", options.shard.count},
                             {"hash", kShardHashRule}};
    if (options.save_crops || options.overlay_video)  // absent otherwise, as "shard"
        identity["pictures"] = {{"crops", options.save_crops},
                                {"overlay_video", options.overlay_video}};
    job.claim(identity, options.restart);
    if (options.restart)  // the earlier job's pictures go with its results
        BatchVisuals::remove_all(options.output_dir);
    job.remove_merged_outputs();  // rebuilt from the parts when this run completes

    BatchResult result;
    result.shard = shard;
    result.files.resize(inputs.size());
    std::vector<size_t> to_do;
    for (size_t i = 0; i < inputs.size(); ++i) {
        BatchFileResult& file = result.files[i];
        file.input = inputs[i];
        if (auto part = job.finished_part(inputs[i])) {
            file.status = FileStatus::Resumed;
            file.summary = part->summary;
            file.rows = part->rows;
        } else {
            to_do.push_back(i);
        }
    }

    ProgressBoard board(callbacks, inputs.size(), inputs.size() - to_do.size(), to_do.size());
    // Several files at once share the cores: one frame worker each.
    const auto sharing_cores = [&](size_t files_at_once) {
        AnalysisOptions analysis = options.analysis;
        if (files_at_once > 1 && analysis.frame_workers == 0)
            analysis.frame_workers = 1;
        return analysis;
    };
    if (options.threads > 0) {
        const size_t workers = std::min(size_t(options.threads), to_do.size());
        analyse_files(to_do, workers, sharing_cores(workers), models, options, job, callbacks,
                      board, result.files);
    } else {
        // Auto: a photo is too quick to split, a video too long to leave to
        // one core. By name, as batch discovery does; a mislabelled file
        // only lands in the other phase.
        const size_t slots = size_t(resolved_frame_workers(options.analysis));
        std::vector<size_t> photos, videos;
        for (const size_t i : to_do)
            (has_image_extension(inputs[i].path) ? photos : videos).push_back(i);
        analyse_files(photos, slots, sharing_cores(std::min(slots, photos.size())), models, options,
                      job, callbacks, board, result.files);
        analyse_files(videos, 1, options.analysis, models, options, job, callbacks, board,
                      result.files);
    }

    for (const auto& file : result.files) {
        result.analysed += file.status == FileStatus::Analysed ? 1 : 0;
        result.resumed += file.status == FileStatus::Resumed ? 1 : 0;
        result.failed += file.status == FileStatus::Failed ? 1 : 0;
        result.cancelled = result.cancelled || file.status == FileStatus::NotDone;
        result.rows += file.rows;
    }
    if (!result.cancelled) {
        // Parts in input order: the same bytes however the run was split up.
        const std::vector<std::string> tasks =
            models.engine ? options.analysis.tasks : std::vector<std::string>{};
        AtomicFileWriter faces(job.faces_csv());
        faces.write(face_csv_header(tasks, options.analysis.output));
        for (const auto& file : result.files)
            if (file.status == FileStatus::Analysed || file.status == FileStatus::Resumed)
                faces.append_file(job.part_csv(file.input));
        faces.commit();
        write_file_atomically(job.errors_csv(), errors_csv_text(result.files));
        result.faces_csv = job.faces_csv();
        result.errors_csv = job.errors_csv();
    }
    result.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
    times.finished_utc = utc_now();
    times.wall_s = result.wall_s;
    write_file_atomically(
        job.metadata_json(),
        json_text(batch_metadata(options, models, result, times, input_root), 2) + "\n");
    result.metadata_json = job.metadata_json();
    return result;
}

}  // namespace facellava::pipeline
