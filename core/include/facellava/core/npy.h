// NumPy .npy files (format versions 1–3), as FaceInstruct stores landmarks:
// (68, 2) per image, (frames, 68, 2) per video, pixel coordinates in the
// 256-px face crop. Values are returned as float whatever the stored dtype
// (little-endian f2/f4/f8, i2/i4/i8, u1). Every header field is validated and
// the data size checked against the file before reading, so a corrupt file
// gives a facellava::Error naming it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace facellava {

struct NpyArray {
    std::vector<int64_t> shape;
    std::string dtype;          // the header's descr, e.g. "<f4"
    std::vector<float> values;  // row-major (C order)

    int64_t size() const;
};

NpyArray read_npy(const std::string& path);
// Writes float32 data ("<f4", C order) atomically (atomic_file.h).
void write_npy(const std::string& path, const std::vector<int64_t>& shape,
               const std::vector<float>& values);

}  // namespace facellava
