// `facellava batch merge`: joins the output folders of the shards of one
// batch job (`facellava batch --shard K/N`, shard.h) into one job folder with
// faces.csv, errors.csv and metadata.json as one unsharded run over the same
// inputs writes them: the same rows in the same order (inputs sorted by
// relative path, each input's rows in frame / face order as analysed), byte
// for byte; metadata.json's "shard" is null and "merged_from" lists the shards.
//
// Nothing is written until the shards are shown to be one job covering every
// input exactly once:
//   - each folder holds a complete sharded run (metadata.json "status"
//     "complete", a "shard" section, faces.csv, errors.csv);
//   - they agree on N, the hash rule, the input folder, the inputs found
//     (count and digest), the settings, the discovery options, the columns
//     and the model files' sha256;
//   - every K in 1…N is there once; every input a shard lists belongs to it by
//     the hash rule, is listed by no other shard, and the lists together are
//     the inputs found;
//   - each input has exactly the rows its shard's metadata.json counts in
//     faces.csv (in input order), or is recorded there as failed with a
//     reason; faces.csv holds no rows of inputs the shard did not take.
// The first problem is thrown as facellava::Error naming the shard's file and
// what to do. faces.csv is streamed (memory does not grow with its size).
//
// Each output file is written atomically (temp + rename), metadata.json last,
// so a merge that dies leaves no metadata.json beside half the results.
//
// Thread-safety: reentrant (two merges into one folder: the last one wins).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace facellava::pipeline {

struct MergeOptions {
    // The shards' output folders, in any order; a file inside one (its
    // metadata.json or faces.csv) stands for its folder.
    std::vector<std::string> shards;
    // Created when missing. Must not be a shard's folder, nor hold another
    // batch job's results (a folder with parts/ or a metadata.json that no
    // merge wrote): an earlier merge's results there are replaced.
    std::string output_dir;
};

struct MergeResult {
    int shard_count = 0;  // N
    size_t inputs = 0;    // every input of the job
    size_t analysed = 0;  // analysed or resumed by their shard
    size_t failed = 0;
    int64_t rows = 0;
    std::string faces_csv;  // paths of the merged files
    std::string errors_csv;
    std::string metadata_json;
};

MergeResult merge_batch_shards(const MergeOptions& options);

}  // namespace facellava::pipeline
