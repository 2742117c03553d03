#include "io/safetensors.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "facellava/core/atomic_file.h"
#include "facellava/core/error.h"

namespace facellava::io {
namespace {

// A header larger than this is not a real checkpoint header: refuse it before
// allocating (a lying length could otherwise ask for terabytes).
constexpr uint64_t kMaxHeaderBytes = 100ull << 20;

struct DTypeInfo {
    const char* name;
    StDType dtype;
    size_t bytes;
};

constexpr DTypeInfo kDTypes[] = {
    {"F64", StDType::F64, 8},   {"F32", StDType::F32, 4}, {"F16", StDType::F16, 2},
    {"BF16", StDType::BF16, 2}, {"I64", StDType::I64, 8}, {"I32", StDType::I32, 4},
    {"I16", StDType::I16, 2},   {"I8", StDType::I8, 1},   {"U8", StDType::U8, 1},
    {"BOOL", StDType::BOOL, 1},
};

const DTypeInfo& info_of(StDType dtype) {
    for (const auto& info : kDTypes) {
        if (info.dtype == dtype)
            return info;
    }
    throw std::logic_error("unknown StDType");
}

torch::Dtype torch_dtype(StDType dtype) {
    switch (dtype) {
        case StDType::F64:
            return torch::kFloat64;
        case StDType::F32:
            return torch::kFloat32;
        case StDType::F16:
            return torch::kFloat16;
        case StDType::BF16:
            return torch::kBFloat16;
        case StDType::I64:
            return torch::kInt64;
        case StDType::I32:
            return torch::kInt32;
        case StDType::I16:
            return torch::kInt16;
        case StDType::I8:
            return torch::kInt8;
        case StDType::U8:
            return torch::kUInt8;
        case StDType::BOOL:
            return torch::kBool;
    }
    throw std::logic_error("unknown StDType");
}

StDType st_dtype(torch::Dtype dtype, const std::string& name, const std::string& path) {
    switch (dtype) {
        case torch::kFloat64:
            return StDType::F64;
        case torch::kFloat32:
            return StDType::F32;
        case torch::kFloat16:
            return StDType::F16;
        case torch::kBFloat16:
            return StDType::BF16;
        case torch::kInt64:
            return StDType::I64;
        case torch::kInt32:
            return StDType::I32;
        case torch::kInt16:
            return StDType::I16;
        case torch::kInt8:
            return StDType::I8;
        case torch::kUInt8:
            return StDType::U8;
        case torch::kBool:
            return StDType::BOOL;
        default:
            break;
    }
    throw Error("tensor '" + name + "' has a dtype safetensors cannot store", path,
                "convert it to a float or integer type first");
}

[[noreturn]] void corrupt(const std::string& path, const std::string& why) {
    throw Error(
        "invalid safetensors file: " + why, path,
        "the file is truncated or not a safetensors checkpoint; download or convert it again");
}

}  // namespace

const char* st_dtype_name(StDType dtype) {
    return info_of(dtype).name;
}

SafetensorsFile::SafetensorsFile(const std::string& path) : path_(path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        throw Error("cannot open checkpoint file", path, std::strerror(errno));
    }
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        ::close(fd);
        throw Error("checkpoint path is not a regular file", path,
                    "pass the .safetensors file or its folder");
    }
    const uint64_t file_size = uint64_t(info.st_size);
    if (file_size < 8) {
        ::close(fd);
        corrupt(path, "file is only " + std::to_string(file_size) + " bytes");
    }
    void* mapping = ::mmap(nullptr, file_size, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);  // the mapping keeps the file alive
    if (mapping == MAP_FAILED)
        throw Error("cannot memory-map checkpoint", path, std::strerror(errno));
    mapping_ = mapping;
    mapping_size_ = file_size;

    try {
        const auto* bytes = static_cast<const uint8_t*>(mapping_);
        uint64_t header_size = 0;
        for (int i = 7; i >= 0; --i)
            header_size = (header_size << 8) | bytes[i];  // little-endian
        if (header_size > kMaxHeaderBytes) {
            corrupt(path, "header claims " + std::to_string(header_size) + " bytes");
        }
        if (8 + header_size > file_size) {
            corrupt(path, "header of " + std::to_string(header_size) +
                              " bytes runs past the end of the file (" + std::to_string(file_size) +
                              " bytes)");
        }
        const uint64_t data_size = file_size - 8 - header_size;
        data_ = bytes + 8 + header_size;

        nlohmann::json header;
        try {
            header = nlohmann::json::parse(bytes + 8, bytes + 8 + header_size);
        } catch (const nlohmann::json::exception& e) {
            corrupt(path, std::string("header is not valid JSON (") + e.what() + ")");
        }
        if (!header.is_object())
            corrupt(path, "header is not a JSON object");

        // Every tensor's byte range must lie inside the data section, match its
        // shape × dtype size, and not overlap another tensor.
        std::vector<std::pair<uint64_t, uint64_t>> ranges;
        for (const auto& [name, value] : header.items()) {
            if (name == "__metadata__") {
                if (!value.is_object())
                    corrupt(path, "__metadata__ is not an object");
                for (const auto& [key, text] : value.items()) {
                    if (!text.is_string())
                        corrupt(path, "metadata value '" + key + "' is not a string");
                    metadata_[key] = text.get<std::string>();
                }
                continue;
            }
            if (!value.is_object() || !value.contains("dtype") || !value.contains("shape") ||
                !value.contains("data_offsets")) {
                corrupt(path, "tensor '" + name + "' lacks dtype, shape or data_offsets");
            }
            StTensorEntry entry;
            entry.name = name;
            const auto& dtype_json = value.at("dtype");
            if (!dtype_json.is_string())
                corrupt(path, "tensor '" + name + "' dtype is not a string");
            const std::string dtype_name = dtype_json.get<std::string>();
            const DTypeInfo* dtype_info = nullptr;
            for (const auto& candidate : kDTypes) {
                if (dtype_name == candidate.name)
                    dtype_info = &candidate;
            }
            if (!dtype_info)
                corrupt(path, "tensor '" + name + "' has unsupported dtype '" + dtype_name + "'");
            entry.dtype = dtype_info->dtype;

            const auto& shape = value.at("shape");
            if (!shape.is_array())
                corrupt(path, "tensor '" + name + "' shape is not an array");
            // The product of the non-zero dimensions is bounded too: LibTorch
            // multiplies them all (a zero does not save [2^40, 2^40, 0]), and
            // bytes = elements × dtype size must not wrap to match a short range.
            constexpr uint64_t kMaxElements = uint64_t(1) << 59;
            uint64_t elements = 1;
            uint64_t nonzero = 1;
            for (const auto& dim : shape) {
                if (!dim.is_number_unsigned())
                    corrupt(path, "tensor '" + name + "' has a negative or non-integer dimension");
                const uint64_t d = dim.get<uint64_t>();
                if (d != 0 && nonzero > kMaxElements / d)
                    corrupt(path, "tensor '" + name + "' shape overflows");
                if (d != 0)
                    nonzero *= d;
                elements *= d;
                entry.shape.push_back(int64_t(d));
            }
            const auto& offsets = value.at("data_offsets");
            if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
                !offsets[1].is_number_unsigned()) {
                corrupt(path, "tensor '" + name + "' data_offsets is not [begin, end]");
            }
            entry.begin = offsets[0].get<uint64_t>();
            entry.end = offsets[1].get<uint64_t>();
            if (entry.begin > entry.end || entry.end > data_size) {
                corrupt(path, "tensor '" + name + "' bytes [" + std::to_string(entry.begin) + ", " +
                                  std::to_string(entry.end) + ") lie outside the data section of " +
                                  std::to_string(data_size) + " bytes");
            }
            if (entry.end - entry.begin != elements * dtype_info->bytes) {
                corrupt(path, "tensor '" + name + "' has " +
                                  std::to_string(entry.end - entry.begin) +
                                  " bytes but its shape and dtype need " +
                                  std::to_string(elements * dtype_info->bytes));
            }
            if (entry.end > entry.begin)
                ranges.emplace_back(entry.begin, entry.end);
            index_[name] = entries_.size();
            entries_.push_back(std::move(entry));
        }
        std::sort(ranges.begin(), ranges.end());
        for (size_t i = 1; i < ranges.size(); ++i) {
            if (ranges[i].first < ranges[i - 1].second)
                corrupt(path, "two tensors overlap in the data section");
        }
    } catch (...) {
        ::munmap(mapping_, mapping_size_);
        mapping_ = nullptr;
        throw;
    }
}

SafetensorsFile::~SafetensorsFile() {
    if (mapping_)
        ::munmap(mapping_, mapping_size_);
}

bool SafetensorsFile::contains(const std::string& name) const {
    return index_.count(name) != 0;
}

const StTensorEntry& SafetensorsFile::entry(const std::string& name) const {
    auto it = index_.find(name);
    if (it == index_.end()) {
        throw Error("tensor '" + name + "' not found in checkpoint", path_,
                    "check that the file belongs to this model");
    }
    return entries_[it->second];
}

torch::Tensor SafetensorsFile::tensor(const std::string& name) const {
    const auto& e = entry(name);
    auto options = torch::TensorOptions().dtype(torch_dtype(e.dtype));
    if (e.end == e.begin)
        return torch::empty(e.shape, options);
    // from_blob does not own the memory: clone so the result outlives the mapping.
    // Safetensors is little-endian, as is every machine we build for.
    return torch::from_blob(const_cast<uint8_t*>(data_ + e.begin), e.shape, options).clone();
}

torch::Tensor SafetensorsFile::tensor(const std::string& name, torch::Dtype dtype) const {
    const auto& e = entry(name);
    if (torch_dtype(e.dtype) == dtype)
        return tensor(name);
    auto options = torch::TensorOptions().dtype(torch_dtype(e.dtype));
    if (e.end == e.begin)
        return torch::empty(e.shape, options.dtype(dtype));
    return torch::from_blob(const_cast<uint8_t*>(data_ + e.begin), e.shape, options).to(dtype);
}

std::pair<torch::Dtype, std::vector<int64_t>> SafetensorsFile::tensor_info(
    const std::string& name) const {
    const auto& e = entry(name);
    return {torch_dtype(e.dtype), e.shape};
}

torch::Tensor SafetensorsFile::read_once(const std::string& name) const {
    auto t = tensor(name);
    const auto& e = entry(name);
    const uintptr_t page = uintptr_t(::sysconf(_SC_PAGESIZE));
    const uintptr_t begin = uintptr_t(data_ + e.begin) & ~(page - 1);
    const uintptr_t end = uintptr_t(data_ + e.end);
    if (end > begin)  // advice only: a failure just leaves the pages cached
        ::madvise(reinterpret_cast<void*>(begin), size_t(end - begin), MADV_DONTNEED);
    return t;
}

void write_safetensors_header(AtomicFileWriter& file, std::string header_text) {
    while ((8 + header_text.size()) % 8 != 0)
        header_text.push_back(' ');
    uint8_t length[8];
    for (int i = 0; i < 8; ++i)
        length[i] = uint8_t(uint64_t(header_text.size()) >> (8 * i));
    file.write(length, 8);
    file.write(header_text);
}

void save_safetensors(const std::string& path, const std::map<std::string, torch::Tensor>& tensors,
                      const std::map<std::string, std::string>& metadata) {
    // The header is built from the tensors' metadata alone, so each tensor is
    // brought to the CPU (and made contiguous) only while it is written: at
    // most one host copy at a time, none for tensors already CPU-contiguous.
    nlohmann::json header = nlohmann::json::object();
    if (!metadata.empty())
        header["__metadata__"] = metadata;
    uint64_t offset = 0;
    for (const auto& [name, value] : tensors) {
        const uint64_t bytes = uint64_t(value.numel()) * value.element_size();
        header[name] = {{"dtype", st_dtype_name(st_dtype(value.scalar_type(), name, path))},
                        {"shape", value.sizes().vec()},
                        {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
    }
    AtomicFileWriter file(path);
    write_safetensors_header(file, header.dump());
    for (const auto& [name, value] : tensors) {
        const auto t = value.detach().to(torch::kCPU).contiguous();
        file.write(t.data_ptr(), size_t(t.numel()) * t.element_size());
    }
    file.commit();
}

}  // namespace facellava::io
