#include "io/torch_archive.h"

#include <c10/core/CPUAllocator.h>
#include <caffe2/serialize/versions.h>

#include <stdexcept>
#include <unordered_map>

#include "facellava/core/error.h"
#include "io/pickle_allowlist.h"
#include "io/torch_pickle.h"
#include "io/zip_directory.h"

namespace facellava::io {
namespace {

const char* const kResave =
    "re-save it with torch.save(model.state_dict()) or convert it to safetensors";
// data.pkl of a real checkpoint is ~100 bytes per tensor.
constexpr uint64_t kMaxPickleBytes = uint64_t(256) << 20;

[[noreturn]] void damaged(const std::string& why, const std::string& path) {
    throw Error("cannot read torch checkpoint: " + why, path, kResave);
}

// The folder every record sits in: the first record's top folder, exactly as
// PyTorchStreamReader decides it ("archive" for PyTorch 2.x, the file stem,
// e.g. "pytorch_model-00001-of-00002", for 1.x).
std::string archive_prefix(const ZipDirectory& dir, const std::string& path) {
    if (dir.records.empty())
        damaged("the zip archive is empty", path);
    const std::string& first = dir.records.front().name;
    const size_t slash = first.find('/');
    if (slash == std::string::npos)
        damaged("the zip archive has no top folder (" + first + ")", path);
    return first.substr(0, slash + 1);
}

// A record we will read must be stored as torch.save writes it: uncompressed
// and unencrypted, so its size is known before anything is allocated.
using RecordIndex = std::unordered_map<std::string, const ZipRecord*>;

const ZipRecord& plain_record(const RecordIndex& records, const std::string& name,
                              const std::string& path) {
    const auto it = records.find(name);
    if (it == records.end())
        damaged("the archive has no record " + name, path);
    const ZipRecord& record = *it->second;
    if (record.method != 0 || (record.flags & 1) != 0 || record.size != record.compressed_size)
        damaged("record " + name + " is compressed or encrypted (torch.save stores records as is)",
                path);
    return record;
}

// The format version LibTorch's reader checks when it opens the archive,
// checked here first: its constructor leaks memory when it throws.
void check_version(const RecordIndex& records, const std::string& prefix, const std::string& path) {
    const bool dotted = records.count(prefix + ".data/version") > 0;
    const ZipRecord& record =
        plain_record(records, prefix + (dotted ? ".data/version" : "version"), path);
    if (record.size > 64)
        damaged("the version record is " + std::to_string(record.size) + " bytes", path);
    std::string text;
    try {
        text = read_stored_record(path, record);
    } catch (const std::runtime_error& e) {
        damaged(e.what(), path);
    }
    size_t at = text.find_first_not_of(" \t\n\r");
    uint64_t version = 0;
    bool digits = false;
    for (; at < text.size() && text[at] >= '0' && text[at] <= '9' && version < 1000;
         ++at, digits = true)
        version = version * 10 + uint64_t(text[at] - '0');
    if (!digits || version < caffe2::serialize::kMinSupportedFileFormatVersion ||
        version > caffe2::serialize::kMaxSupportedFileFormatVersion)
        damaged("unsupported archive format version '" + text + "'", path);
}

}  // namespace

TorchArchive::TorchArchive(const std::string& path) : path_(path) {
    ZipDirectory dir;
    try {
        dir = read_zip_directory(path);
    } catch (const std::runtime_error& e) {
        damaged(e.what(), path);
    }
    const std::string prefix = archive_prefix(dir, path);
    RecordIndex records;
    for (const ZipRecord& record : dir.records)
        records.emplace(record.name, &record);
    const ZipRecord& pickle_record = plain_record(records, prefix + "data.pkl", path);
    if (pickle_record.size > kMaxPickleBytes)
        damaged("data.pkl is " + std::to_string(pickle_record.size) + " bytes", path);

    check_version(records, prefix, path);

    try {
        if (records.count(prefix + "byteorder") &&
            read_stored_record(path, plain_record(records, prefix + "byteorder", path)) != "little")
            damaged("the tensors were saved big-endian", path);
        const std::string pickle = read_stored_record(path, pickle_record);
        check_pickle_opcodes(pickle.data(), pickle.size());  // the allow-list gate, kept in front
        entries_ = read_state_dict_pickle(pickle.data(), pickle.size());
    } catch (const Error& e) {
        if (!e.path().empty())
            throw;
        throw Error("cannot read torch checkpoint: " + e.brief(), path, e.hint());
    } catch (const std::runtime_error& e) {  // check_pickle_opcodes, a file that shrank
        throw Error(std::string("unsafe or damaged torch checkpoint: ") + e.what(), path, kResave);
    }

    // Every storage is a record of exactly numel × element-size bytes.
    for (size_t k = 0; k < entries_.size(); ++k) {
        const TorchArchiveEntry& e = entries_[k];
        const ZipRecord& record = plain_record(records, prefix + "data/" + e.storage_key, path);
        int64_t bytes = 0;
        if (__builtin_mul_overflow(e.storage_numel, int64_t(c10::elementSize(e.dtype)), &bytes) ||
            uint64_t(bytes) != record.size)
            damaged("tensor '" + e.name + "': its storage " + e.storage_key + " should hold " +
                        std::to_string(e.storage_numel) + " elements, but record data/" +
                        e.storage_key + " is " + std::to_string(record.size) + " bytes",
                    path);
        if (!index_.emplace(e.name, k).second)
            damaged("tensor '" + e.name + "' appears twice", path);
        storages_.emplace(e.storage_key, record);
    }
}

TorchArchive::~TorchArchive() = default;

const TorchArchiveEntry& TorchArchive::entry(const std::string& name) const {
    const auto it = index_.find(name);
    if (it == index_.end())
        throw Error("the torch checkpoint has no tensor '" + name + "'", path_,
                    "check the tensor name (see `facellava info`)");
    return entries_[it->second];
}

torch::Tensor TorchArchive::tensor(const std::string& name) const {
    const TorchArchiveEntry& e = entry(name);
    const auto options = torch::TensorOptions().dtype(e.dtype);
    if (e.storage_numel == 0)
        return torch::empty(e.shape, options);
    const ZipRecord& record = storages_.at(e.storage_key);
    const size_t size = size_t(record.size);  // numel × element size, checked when opened
    at::DataPtr data = c10::GetCPUAllocator()->allocate(size);
    try {
        read_stored_record_into(path_, record, static_cast<char*>(data.get()));
    } catch (const std::runtime_error& err) {
        damaged("tensor '" + name + "': " + err.what(), path_);
    }
    if (e.dtype == torch::kBool) {  // any byte but 0/1 is not a valid bool
        auto* p = static_cast<uint8_t*>(data.get());
        for (size_t k = 0; k < size; ++k)
            p[k] = p[k] != 0;
    }
    c10::Storage storage(c10::Storage::use_byte_size_t(), size, std::move(data), nullptr, false);
    torch::Tensor view =
        torch::empty({0}, options).set_(storage, e.storage_offset, e.shape, e.stride);
    // A view of the whole storage is returned as is; a part of a shared or
    // larger storage is copied out so the rest is freed now.
    if (view.is_contiguous() && size_t(view.numel()) * c10::elementSize(e.dtype) == size)
        return view;
    return view.clone(at::MemoryFormat::Contiguous);
}

}  // namespace facellava::io
