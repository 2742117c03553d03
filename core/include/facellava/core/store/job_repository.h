// Batch jobs and training runs: what was asked (config JSON), where it got
// (status, progress) and where its outputs are.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "facellava/core/store/records.h"
#include "facellava/core/store/repository.h"

namespace facellava::store {

class JobRepository : public Repository {
  public:
    using Repository::Repository;

    Id add_job(const BatchJob& job);
    void update_job(Id id, JobStatus status, double progress, const std::string& error = {});
    std::optional<BatchJob> find_job(Id id) const;
    std::vector<BatchJob> jobs(Id session_id) const;

    Id add_run(const TrainingRun& run);
    void update_run(Id id, JobStatus status, const std::string& error = {});
    std::optional<TrainingRun> find_run(Id id) const;
    std::vector<TrainingRun> runs(Id session_id) const;

    // Marks jobs and runs still "running" as failed, for the start-up of an
    // app that knows no other process works on them (e.g. after a crash), so
    // the GUI offers to resume them instead of showing them as running forever.
    int fail_interrupted(const std::string& reason);
};

}  // namespace facellava::store
