// Reader and writer for the safetensors format
// (8-byte little-endian header length, JSON header, raw tensor bytes).
// The reader memory-maps the file and bounds-checks every header entry before
// any tensor is touched, so a truncated or lying file gives a facellava::Error
// naming the file and the offending tensor instead of a crash.
//
// Thread-safety: a SafetensorsFile is immutable after opening; concurrent
// reads are fine.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "torch_pch.h"

namespace facellava {
class AtomicFileWriter;
}

namespace facellava::io {

enum class StDType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL };

struct StTensorEntry {
    std::string name;
    StDType dtype = StDType::F32;
    std::vector<int64_t> shape;
    uint64_t begin = 0;  // byte offsets into the data section
    uint64_t end = 0;
};

class SafetensorsFile {
public:
    // Opens and validates the file; throws facellava::Error on any problem.
    explicit SafetensorsFile(const std::string& path);
    ~SafetensorsFile();
    SafetensorsFile(const SafetensorsFile&) = delete;
    SafetensorsFile& operator=(const SafetensorsFile&) = delete;

    const std::string& path() const { return path_; }
    const std::vector<StTensorEntry>& entries() const { return entries_; }
    const std::map<std::string, std::string>& metadata() const { return metadata_; }
    bool contains(const std::string& name) const;
    const StTensorEntry& entry(const std::string& name) const;  // throws when absent

    // Copies a tensor out of the mapping (the result owns its memory), optionally
    // converting it to `dtype`.
    torch::Tensor tensor(const std::string& name) const;
    torch::Tensor tensor(const std::string& name, torch::Dtype dtype) const;
    // Stored dtype and shape, without touching the data.
    std::pair<torch::Dtype, std::vector<int64_t>> tensor_info(const std::string& name) const;
    // As tensor(name), then gives the mapping's pages of that tensor back to
    // the kernel: a loader that reads each tensor once keeps the file out of
    // its resident memory instead of holding all of it mapped.
    torch::Tensor read_once(const std::string& name) const;

private:
    std::string path_;
    std::vector<StTensorEntry> entries_;
    std::map<std::string, size_t> index_;
    std::map<std::string, std::string> metadata_;
    const uint8_t* data_ = nullptr;  // start of the data section inside the mapping
    void* mapping_ = nullptr;
    size_t mapping_size_ = 0;
};

// Writes tensors (contiguous CPU copies are made as needed) in name order.
// The write is atomic: a temporary file in the same folder renamed over `path`.
void save_safetensors(const std::string& path, const std::map<std::string, torch::Tensor>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

const char* st_dtype_name(StDType dtype);

// Writes the start of a safetensors file: the header's length and the
// header (JSON text), padded with spaces so the data section that follows
// is 8-byte aligned (as the reference writer does: mmap'd tensors can then
// be read in place). The tensors' bytes follow in data_offsets order.
void write_safetensors_header(AtomicFileWriter& file, std::string header_text);

}  // namespace facellava::io
