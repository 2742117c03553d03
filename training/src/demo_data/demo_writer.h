// The files of a FaceInstruct-Nano folder: the samples of each kept crop
// (four tasks), train.json / eval.json, manifest.json, and the checks that
// keep a run from overwriting a folder that is not one of ours.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "facellava/training/demo_data.h"

namespace facellava::training::demo {

inline constexpr const char* kGeneratorName = "facellava make-demo-data";
inline constexpr const char* kDatasetName = "FaceInstruct-Nano";

// One kept crop: written as images/<id>.png and landmarks/<id>.npy.
struct CropRecord {
    std::string id;    // "<photo stem>_f<k>_v<j>"
    size_t photo = 0;  // index into the photos
    bool eval = false;
    TeacherLabels labels;
    FaceCues cues;
};

// What the run found per photo, for the manifest.
struct PhotoRecord {
    std::string sha256;  // "" when the photo could not be read
    size_t faces = 0;
    size_t crops_kept = 0;
    size_t crops_dropped = 0;
    std::string error;  // skipped with --skip-bad
};

// Makes `dir` ready: creates it, or clears the outputs of an earlier run (a
// folder with our manifest.json, or holding nothing but the names a run
// writes). Throws facellava::Error for a folder that holds anything else.
void prepare_output_dir(const std::string& dir);

// The samples of the crops of one split, in crop order and kDemoTasks order;
// counts them into `counts`.
nlohmann::ordered_json split_samples(const std::vector<CropRecord>& crops, bool eval,
                                     const DemoDataOptions& options, DemoSplitCounts& counts);

std::string age_band(float age);

nlohmann::ordered_json manifest_json(const DemoDataOptions& options,
                                     const std::vector<DemoSource>& sources,
                                     const std::vector<DemoPhoto>& photos,
                                     const std::vector<PhotoRecord>& photo_records,
                                     const DemoDataResult& result, bool dlib_landmarks);

}  // namespace facellava::training::demo
