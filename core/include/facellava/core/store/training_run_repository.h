// Training runs started from a session (the Training dialog's history): the
// training_runs row (config, status, metrics file, last checkpoint) and its
// details (schema 3: output folder, command line, steps, last loss, the
// loadable model it wrote). Runs added by the older JobRepository::add_run
// have no details row; they read back with empty details.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "facellava/core/store/records.h"
#include "facellava/core/store/repository.h"

namespace facellava::store {

struct TrainingRunDetails {
    std::string output_dir;
    std::string command;  // the command line as started, shell-quoted
    int64_t steps_done = 0;
    int64_t total_steps = 0;  // 0: not known yet
    std::optional<double> last_loss;
    std::string final_model_dir;  // loadable model folder ("" when none was written)
};

struct TrainingRunEntry {
    TrainingRun run;
    TrainingRunDetails details;
};

// How far a run got: while it runs, and when it ended.
struct TrainingRunProgress {
    JobStatus status = JobStatus::Running;
    int64_t steps_done = 0;
    int64_t total_steps = 0;
    std::optional<double> last_loss;  // nullopt keeps the stored one
    std::string checkpoint_dir;       // "" keeps the stored one
    std::string final_model_dir;      // "" keeps the stored one
    std::string error;
};

class TrainingRunRepository : public Repository {
  public:
    using Repository::Repository;

    // Stores the run (id and times are set here) and its details; returns the id.
    Id add(const TrainingRun& run, const TrainingRunDetails& details);
    // Throws facellava::Error when no run has this id.
    void update(Id id, const TrainingRunProgress& progress);
    std::optional<TrainingRunEntry> find(Id id) const;
    // The session's runs, newest first.
    std::vector<TrainingRunEntry> for_session(Id session_id) const;
    // Removes a run from the history (its files stay on disk).
    void remove(Id id);
};

}  // namespace facellava::store
