// The columns of a training_runs row, read in one place for both
// repositories that select them (job_repository: the run alone,
// training_run_repository: the run joined with its details).
#pragma once

#include "facellava/core/store/records.h"
#include "store/sqlite_db.h"

namespace facellava::store::detail {

// Columns id, session_id, config, status, metrics_path, checkpoint_dir,
// error, created_at, updated_at at indices 0–8 of the current row.
TrainingRun read_training_run(Statement& st);
// Inserts the run (times set now, an empty config stored as {}); returns its id.
Id insert_training_run(Connection& db, const TrainingRun& run);

}  // namespace facellava::store::detail
