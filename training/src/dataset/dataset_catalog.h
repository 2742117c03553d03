// The usable samples of a set of FaceInstruct files: read every file, check
// every sample's media and landmark files, apply the bad-sample policy and
// count samples per task. What dry_run() shows and the trainer samples from.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "facellava/training/face_instruct_reader.h"
#include "facellava/training/sample_checks.h"
#include "facellava/training/sample_record.h"
#include "facellava/training/training.h"

namespace facellava::training {

struct CatalogOptions {
    ReaderOptions reader;
    bool check_media = true;  // files exist, landmark .npy shapes right
    int threads = 1;          // for the media checks
    BadSamplePolicy policy = BadSamplePolicy::Skip;
    std::map<std::string, double> task_weights;  // only reported in the stats here
};

struct DatasetCatalog {
    std::vector<SampleRecord> samples;  // usable samples, in file then entry order
    DatasetStats stats;
};

// With BadSamplePolicy::Fail, throws facellava::Error listing the bad samples
// (file + index + problem); with Skip, they are left out and listed in stats.
DatasetCatalog build_catalog(const std::vector<std::string>& files, const CatalogOptions& options);

// The Fail-policy error for a list of issues (the first 20, then a count).
[[noreturn]] void throw_data_issues(const std::vector<DataIssue>& issues, const std::string& what);

}  // namespace facellava::training
