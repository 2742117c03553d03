// The trainer's checks of FaceInstruct samples beyond their JSON (the files
// they name) and its per-task counts: what dry_run() reports and the
// workbench's data preview shows. Torch-free.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "facellava/training/sample_record.h"
#include "facellava/training/training.h"

namespace facellava::training {

// Checks one sample's files: media exist (a video may be a file or a folder
// of frames), landmarks are (68, 2) per image or (T ≥ 1, 68, 2) per video with
// finite values. Returns the problem, or "" when the sample is fine.
std::string check_sample_files(const SampleRecord& sample);

// Per-task counts of usable samples, plus the bad-sample counts given, with
// each task's weight; sorted by task name.
std::vector<TaskCount> count_tasks(const std::vector<SampleRecord>& samples,
                                   const std::map<std::string, double>& task_weights,
                                   const std::map<std::string, int64_t>& bad_per_task);

}  // namespace facellava::training
