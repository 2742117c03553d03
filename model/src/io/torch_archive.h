// Python torch.save checkpoints (.bin/.pt/.pth zip archives, PyTorch 1.x and
// 2.x), read lazily and without running anything: data.pkl is interpreted by
// our own restricted unpickler (io/torch_pickle.h) and each tensor's storage
// record is read only when that tensor is asked for, so loading a 10 GB
// shard holds about one tensor in memory, not the file. Every storage record
// and view is checked against the zip directory when the archive is opened.
// Records are read straight from the file (torch.save stores them
// uncompressed), not through LibTorch's PyTorchStreamReader: its constructor
// leaks when it throws on a damaged archive, and it needs nothing we lack.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "io/zip_directory.h"

namespace facellava::io {

struct TorchArchiveEntry {
    std::string name;  // state-dict key
    torch::Dtype dtype = torch::kFloat32;
    std::vector<int64_t> shape, stride;
    int64_t storage_offset = 0;  // elements
    std::string storage_key;     // record data/<key>
    int64_t storage_numel = 0;
};

class TorchArchive {
  public:
    // Opens the zip, parses and validates data.pkl and every storage record it
    // names; reads no tensor data. Throws facellava::Error naming the path.
    explicit TorchArchive(const std::string& path);
    ~TorchArchive();
    TorchArchive(const TorchArchive&) = delete;
    TorchArchive& operator=(const TorchArchive&) = delete;

    const std::string& path() const { return path_; }
    const std::vector<TorchArchiveEntry>& entries() const { return entries_; }  // file order
    bool contains(const std::string& name) const { return index_.count(name) > 0; }
    const TorchArchiveEntry& entry(const std::string& name) const;
    // Reads only this tensor's storage record; a contiguous CPU tensor of the
    // stored dtype that owns its memory (a view is copied out of its storage).
    torch::Tensor tensor(const std::string& name) const;

  private:
    std::string path_;
    std::map<std::string, ZipRecord> storages_;  // storage key → its record
    std::vector<TorchArchiveEntry> entries_;
    std::map<std::string, size_t> index_;
};

}  // namespace facellava::io
