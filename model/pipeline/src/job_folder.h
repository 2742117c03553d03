// The batch job's output folder and what makes it resumable.
//
//   OUT/faces.csv, OUT/errors.csv, OUT/metadata.json   the results (merged at the end)
//   OUT/parts/job.json        the job's identity: input folder, settings, version
//   OUT/parts/<key>.csv       one finished input's rows (no header)
//   OUT/parts/<key>.json      written after the .csv: marks it finished and
//                             records the input's size and mtime
//   OUT/parts/.lock           flock()ed while a run writes the folder
//
// <key> is the first 16 hex digits of sha256(relative input path). Both part
// files are written atomically (core/atomic_file.h), the marker last, so a killed
// run leaves only whole parts; an input whose marker is missing, names
// another file, or whose size or mtime changed is analysed again. Taking the
// lock removes the .tmp leftovers of a killed run.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "facellava/core/folder_lock.h"
#include "facellava/pipeline/face_record.h"
#include "facellava/pipeline/inputs.h"

namespace facellava::pipeline {

// What a finished part records about its input.
struct PartRecord {
    MediaSummary summary;
    int64_t rows = 0;
};

class JobFolder {
  public:
    // Creates OUT and OUT/parts, and takes the lock. Throws facellava::Error
    // when the folder cannot be made or another run holds the lock.
    explicit JobFolder(const std::string& output_dir);
    ~JobFolder();
    JobFolder(const JobFolder&) = delete;
    JobFolder& operator=(const JobFolder&) = delete;

    // Compares `identity` with parts/job.json. With `restart`, or when there
    // is none, removes earlier results and parts and writes it; otherwise
    // throws facellava::Error saying which setting differs and what to do.
    void claim(const nlohmann::ordered_json& identity, bool restart);
    // Removes the merged outputs (faces.csv, errors.csv) of an earlier run:
    // they are rebuilt from the parts when this run completes.
    void remove_merged_outputs();

    std::string faces_csv() const { return dir_ + "/faces.csv"; }
    std::string errors_csv() const { return dir_ + "/errors.csv"; }
    std::string metadata_json() const { return dir_ + "/metadata.json"; }
    std::string part_csv(const InputFile& input) const;

    // The finished part of `input`, when one is valid for it as it is now.
    std::optional<PartRecord> finished_part(const InputFile& input) const;
    // Marks input's part (already committed at part_csv()) finished.
    void mark_finished(const InputFile& input, const PartRecord& record) const;

  private:
    std::string part_base(const InputFile& input) const;

    std::string dir_;
    std::string parts_;
    FolderLock lock_;  // parts/.lock, held while this object lives
};

}  // namespace facellava::pipeline
