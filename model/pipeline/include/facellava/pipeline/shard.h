// Which inputs of a batch job one shard of N analyses (`facellava batch
// --shard K/N`), so N machines (e.g. a Slurm job array) split a folder
// without talking to each other, and `facellava batch merge` can check that
// the shards together covered every input exactly once.
//
// The rule (kShardHashRule), stable across runs, machines and versions:
//   shard = 1 + (first 8 bytes of SHA-256(relative path), big-endian) mod N
// where the relative path is InputFile::relative ('/'-separated, below the
// input folder). Python gives the same shard with
//   1 + int(hashlib.sha256(rel.encode()).hexdigest()[:16], 16) % n
//
// Thread-safety: every function is reentrant.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "facellava/pipeline/inputs.h"

namespace facellava::pipeline {

// The rule's name as metadata.json records it; a merge refuses shards of
// another rule.
inline constexpr const char* kShardHashRule = "sha256-u64-mod-n";

// Shard K of N, 1-based as in "2/3". count == 0: no sharding (all inputs).
struct ShardSpec {
    int index = 0;
    int count = 0;

    bool active() const { return count > 0; }
    std::string text() const;  // "2/3"
};

// Parses "K/N" (1 ≤ K ≤ N). Throws facellava::Error saying what is wrong
// with `text` ("0/3", "4/3", "x/y", "3").
ShardSpec parse_shard(const std::string& text);

// The shard (1…count) `relative` belongs to; count ≥ 1.
int shard_of(const std::string& relative, int count);

// What a shard's metadata.json records so a merge can check coverage: the
// whole discovered input list (as a count and a digest), and which of it
// this shard took.
struct ShardAssignment {
    ShardSpec spec;
    size_t inputs_found = 0;    // every input discovered, before the shard took its share
    std::string inputs_sha256;  // inputs_digest() of all of them
};

// SHA-256 of the relative paths, each '\n'-terminated, in the given order
// (discover_inputs' sorted order).
std::string inputs_digest(const std::vector<std::string>& relatives);

// Keeps the inputs of `spec` (all of them when !spec.active()), in their
// order, and says what was split.
ShardAssignment take_shard(std::vector<InputFile>& inputs, const ShardSpec& spec);

}  // namespace facellava::pipeline
