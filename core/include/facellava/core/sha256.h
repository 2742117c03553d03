// SHA-256 of files and buffers, used to pin model assets and to re-link media
// that moved. Streaming, so a 95 MB landmark model does not sit in memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace facellava {

class Sha256 {
public:
    Sha256();
    void update(const void* data, size_t size);
    // Returns the lowercase hex digest; the object must not be updated afterwards.
    std::string hex_digest();

private:
    void compress(const uint8_t block[64]);
    uint32_t state_[8];
    uint64_t length_bytes_ = 0;
    uint8_t buffer_[64];
    size_t buffered_ = 0;
};

std::string sha256_hex(const void* data, size_t size);
// Throws facellava::Error naming the file when it cannot be read.
std::string sha256_file(const std::string& path);

}  // namespace facellava
