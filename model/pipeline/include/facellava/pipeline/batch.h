// Batch analysis of a folder of images and videos into a per-job output
// folder: faces.csv (all inputs, in input order), errors.csv (file, error,
// hint for each input that failed or was read only in part) and
// metadata.json (settings, model files + sha256, versions, timings).
// docs/CSV.md documents the files and every column.
//
// Resumable: each input's rows are kept as a finished part (job_folder.h)
// as soon as the input is done, and faces.csv is merged from the parts at the
// end. A rerun with the same settings skips finished inputs; a run killed or
// cancelled loses only the inputs in flight, and its rerun writes the same
// faces.csv, byte for byte, as an uninterrupted run. Failed inputs are tried
// again on every run (they may have been fixed or finished copying).
//
// Sharded (BatchOptions::shard, shard.h): the job takes only its shard's
// inputs, records the split in metadata.json ("shard") and resumes per shard;
// merge_batch_shards (batch_merge.h) joins the shards' folders.
//
// Thread-safety: run_batch may run on any thread; callbacks are called from
// its worker threads, one call at a time.
#pragma once

#include <atomic>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "facellava/pipeline/analysis_models.h"
#include "facellava/pipeline/analysis_options.h"
#include "facellava/pipeline/face_record.h"
#include "facellava/pipeline/inputs.h"
#include "facellava/pipeline/shard.h"

namespace facellava::pipeline {

struct BatchOptions {
    std::string input;       // a folder (or one file)
    std::string output_dir;  // the job folder; created when missing
    DiscoveryOptions discovery;
    AnalysisOptions analysis;
    // Inputs analysed at once, each by its own worker. 0 (auto): photos as
    // many at once as there are frame-worker slots (cores / LibTorch
    // threads, at most 4), then videos one at a time, each across those
    // slots (frame workers), so neither a folder of photos nor a lone long
    // video leaves cores idle.
    int threads = 1;
    // Only this shard's inputs (shard.h); inactive: all of them. Part of the
    // job's identity: another shard in the same output folder is refused.
    ShardSpec shard;
    // Discard the results of an earlier job in output_dir instead of resuming
    // (needed when the settings or the input folder changed).
    bool restart = false;
    // Pictures beside faces.csv (src/batch_visuals.h, docs/USER_GUIDE.md):
    // every face's aligned square crop, the one Face-LLaVA sees, as
    // OUT/crops/<input>/frame<NNNNNN>_face<ID>.jpg (OpenFace's -simalign) …
    bool save_crops = false;
    // … and each video with boxes, landmarks, ids and labels burnt in, as
    // OUT/overlay/<input>.mp4. Both are part of the job's identity (a rerun
    // that asks for them must not skip inputs finished without them).
    bool overlay_video = false;
};

struct BatchProgress {
    size_t files_total = 0;    // inputs found
    size_t files_done = 0;     // finished, skipped as already finished, or failed
    size_t files_resumed = 0;  // of which finished by an earlier run
    size_t files_failed = 0;
    int64_t frames_analysed = 0;  // by this run
    // Share of this run's work done, 0…1: inputs left over from earlier runs
    // do not count, a video in flight counts by its frames.
    double fraction = 0;
    double elapsed_s = 0;
    double eta_s = -1;           // < 0 while unknown
    std::string current;         // an input being analysed (relative path), "" when none
    size_t files_in_flight = 0;  // inputs being analysed now
};

struct BatchCallbacks {
    std::function<void(const BatchProgress&)> on_progress;
    // Set from any thread to stop: inputs in flight are abandoned (their
    // partial rows discarded), faces.csv is not written, a rerun resumes.
    const std::atomic<bool>* cancel = nullptr;
};

enum class FileStatus {
    Analysed,  // by this run
    Resumed,   // finished by an earlier run, reused
    Failed,    // see error / hint (also in errors.csv)
    NotDone,   // the run was cancelled first
};

struct BatchFileResult {
    InputFile input;
    FileStatus status = FileStatus::NotDone;
    MediaSummary summary;  // Analysed / Resumed
    int64_t rows = 0;      // rows in faces.csv
    std::string error;     // Failed: what went wrong
    std::string hint;      // … and what to do
};

struct BatchResult {
    std::vector<BatchFileResult> files;  // input order (this shard's inputs when sharded)
    ShardAssignment shard;               // what was split, for metadata.json
    bool cancelled = false;
    std::string faces_csv;  // paths; the two CSVs are "" when cancelled
    std::string errors_csv;
    std::string metadata_json;  // always written
    size_t analysed = 0;
    size_t resumed = 0;
    size_t failed = 0;
    int64_t rows = 0;
    double wall_s = 0;
};

// Runs the job. Throws facellava::Error only for job-level problems (input
// missing, output folder not writable or holding another job, bad options);
// a bad input file is reported in errors.csv and the run goes on.
BatchResult run_batch(const BatchOptions& options, const AnalysisModels& models,
                      const BatchCallbacks& callbacks = {});

// The effective settings as JSON (metadata.json's "settings"; the part that
// must match for a rerun to resume).
nlohmann::ordered_json analysis_settings_json(const AnalysisOptions& options,
                                              const AnalysisModels& models);

}  // namespace facellava::pipeline
