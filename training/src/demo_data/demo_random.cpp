#include "demo_data/demo_random.h"

namespace facellava::training::demo {

uint64_t hash_key(uint64_t seed, std::string_view key) {
    uint64_t h = 14695981039346656037ull;
    for (const char c : key) {
        h ^= uint64_t(static_cast<unsigned char>(c));
        h *= 1099511628211ull;
    }
    SplitMix64 mix(h ^ (seed * 0x9E3779B97F4A7C15ull));
    return mix.next();
}

uint64_t SplitMix64::next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

double SplitMix64::unit() {
    return double(next() >> 11) * (1.0 / 9007199254740992.0);
}

}  // namespace facellava::training::demo
