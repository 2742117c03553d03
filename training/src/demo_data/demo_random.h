// Deterministic randomness for the demo data: every draw is a pure function of
// (seed, key), with its own generator (SplitMix64) and its own uniform mapping,
// so the data set is the same on every compiler and standard library (the
// <random> distributions are not).
#pragma once

#include <cstdint>
#include <string_view>

namespace facellava::training::demo {

// FNV-1a of the key, mixed with the seed.
uint64_t hash_key(uint64_t seed, std::string_view key);

class SplitMix64 {
  public:
    explicit SplitMix64(uint64_t state) : state_(state) {}
    uint64_t next();
    // Uniform in [0, 1), 53 bits.
    double unit();
    double uniform(double low, double high) { return low + (high - low) * unit(); }

  private:
    uint64_t state_;
};

}  // namespace facellava::training::demo
