#include "facellava/pipeline/shard.h"

#include <algorithm>
#include <charconv>

#include "facellava/core/error.h"
#include "facellava/core/sha256.h"

namespace facellava::pipeline {
namespace {

// A whole decimal number ≥ 0, or -1 for anything else ("", "x", "-1", "1.5").
long long whole_number(const std::string& text) {
    long long value = -1;
    const char* end = text.data() + text.size();
    const auto parsed = std::from_chars(text.data(), end, value);
    if (text.empty() || parsed.ec != std::errc() || parsed.ptr != end || value < 0)
        return -1;
    return value;
}

}  // namespace

std::string ShardSpec::text() const {
    return std::to_string(index) + "/" + std::to_string(count);
}

ShardSpec parse_shard(const std::string& text) {
    const size_t slash = text.find('/');
    const std::string hint =
        "give the shard as K/N with 1 ≤ K ≤ N, e.g. --shard 2/3 for the second of three";
    if (slash == std::string::npos)
        throw Error("--shard '" + text + "' is not of the form K/N", "", hint);
    const long long index = whole_number(text.substr(0, slash));
    const long long count = whole_number(text.substr(slash + 1));
    if (index < 0 || count < 0)
        throw Error("--shard '" + text + "': K and N must be whole numbers", "", hint);
    if (count < 1 || count > 1000000)
        throw Error("--shard '" + text + "': the number of shards N must be 1 to 1000000", "",
                    hint);
    if (index < 1 || index > count)
        throw Error("--shard '" + text + "': the shard K must be 1 to " + std::to_string(count) +
                        " (shards are numbered from 1)",
                    "", hint);
    return {int(index), int(count)};
}

int shard_of(const std::string& relative, int count) {
    if (count < 1)
        throw Error("shard_of: the number of shards must be ≥ 1, got " + std::to_string(count));
    const std::string digest = sha256_hex(relative.data(), relative.size());
    uint64_t prefix = 0;
    std::from_chars(digest.data(), digest.data() + 16, prefix, 16);  // 64 hex-digit digest
    return 1 + int(prefix % uint64_t(count));
}

std::string inputs_digest(const std::vector<std::string>& relatives) {
    Sha256 sha;
    for (const auto& relative : relatives) {
        sha.update(relative.data(), relative.size());
        sha.update("\n", 1);
    }
    return sha.hex_digest();
}

ShardAssignment take_shard(std::vector<InputFile>& inputs, const ShardSpec& spec) {
    ShardAssignment assignment;
    assignment.spec = spec;
    assignment.inputs_found = inputs.size();
    std::vector<std::string> relatives;
    relatives.reserve(inputs.size());
    for (const auto& input : inputs)
        relatives.push_back(input.relative);
    assignment.inputs_sha256 = inputs_digest(relatives);
    if (spec.active())
        inputs.erase(std::remove_if(inputs.begin(), inputs.end(),
                                    [&](const InputFile& input) {
                                        return shard_of(input.relative, spec.count) != spec.index;
                                    }),
                     inputs.end());
    return assignment;
}

}  // namespace facellava::pipeline
