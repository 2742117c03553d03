#include "io/lazy_state_dict.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <sstream>

#include "facellava/core/error.h"
#include "io/json_config.h"
#include "io/safetensors.h"
#include "io/torch_archive.h"

namespace facellava::io {
namespace fs = std::filesystem;
namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_torch_archive_name(const std::string& path) {
    return ends_with(path, ".bin") || ends_with(path, ".pt") || ends_with(path, ".pth");
}

std::vector<std::string> shard_files_from_index(const std::string& index_path) {
    const Json index = read_json_file(index_path);
    if (!index.contains("weight_map") || !index.at("weight_map").is_object()) {
        throw Error("index has no weight_map object", index_path,
                    "re-download the checkpoint's index file");
    }
    std::vector<std::string> files;
    for (const auto& [name, file] : index.at("weight_map").items()) {
        if (!file.is_string())
            throw Error("weight_map entry '" + name + "' is not a file name", index_path,
                        "fix the index");
        const std::string shard = file.get<std::string>();
        // A plain file name of the folder. Symlinks are allowed here: the
        // Hugging Face cache links every shard to ../../blobs/<sha256>.
        if (shard.empty() || shard.find('/') != std::string::npos || shard == ".." ||
            shard == ".") {
            throw Error("weight_map names a file outside the checkpoint folder: " + shard,
                        index_path, "refusing to read it; fix the index");
        }
        if (std::find(files.begin(), files.end(), shard) == files.end())
            files.push_back(shard);
    }
    return files;
}

std::vector<std::string> files_matching(const std::string& dir, const std::string& prefix,
                                        const std::string& suffix) {
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_regular_file() && name.rfind(prefix, 0) == 0 && ends_with(name, suffix))
            files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

void add_unique(LazyStateDict& dict, const std::string& name, LazyTensor t,
                const std::string& path) {
    if (!dict.emplace(name, std::move(t)).second) {
        throw Error("tensor '" + name + "' appears in more than one shard", path,
                    "the checkpoint folder mixes files of different models");
    }
}

void open_safetensors_into(LazyStateDict& dict, const std::string& path) {
    auto file = std::make_shared<SafetensorsFile>(path);
    for (const auto& entry : file->entries()) {
        const std::string name = entry.name;
        auto probe = file->tensor_info(name);
        add_unique(dict, name,
                   LazyTensor(probe.first, probe.second, path,
                              [file, name] { return file->read_once(name); }),
                   path);
    }
}

void open_torch_archive_into(LazyStateDict& dict, const std::string& path) {
    auto archive = std::make_shared<TorchArchive>(path);
    for (const auto& entry : archive->entries()) {
        const std::string name = entry.name;
        add_unique(dict, name,
                   LazyTensor(entry.dtype, entry.shape, path,
                              [archive, name] { return archive->tensor(name); }),
                   path);
    }
}

void open_file_into(LazyStateDict& dict, const std::string& path) {
    if (is_torch_archive_name(path))
        open_torch_archive_into(dict, path);
    else
        open_safetensors_into(dict, path);
}

}  // namespace

std::string shape_text(const std::vector<int64_t>& shape) {
    std::ostringstream out;
    out << "[";
    for (size_t i = 0; i < shape.size(); ++i)
        out << (i ? ", " : "") << shape[i];
    out << "]";
    return out.str();
}

std::map<std::string, torch::Tensor> module_tensors(torch::nn::Module& module) {
    std::map<std::string, torch::Tensor> targets;
    for (const auto& item : module.named_parameters(/*recurse=*/true))
        targets.emplace(item.key(), item.value());
    for (const auto& item : module.named_buffers(/*recurse=*/true))
        targets.emplace(item.key(), item.value());
    return targets;
}

LazyTensor::LazyTensor(torch::Tensor tensor)
    : dtype(tensor.scalar_type()),
      shape(tensor.sizes().vec()),
      file("(memory)"),
      read_([tensor] { return tensor; }) {}

LazyTensor::LazyTensor(torch::Dtype dtype_, std::vector<int64_t> shape_, std::string file_,
                       std::function<torch::Tensor()> read)
    : dtype(dtype_), shape(std::move(shape_)), file(std::move(file_)), read_(std::move(read)) {}

int64_t LazyTensor::numel() const {
    int64_t n = 1;
    for (int64_t d : shape)
        n *= d;
    return n;
}

int64_t LazyTensor::stored_bytes() const {
    return numel() * int64_t(c10::elementSize(dtype));
}

torch::Tensor LazyTensor::read() const {
    if (!read_)
        throw Error("tensor has no data source", file, "this is a bug; please report it");
    return read_();
}

std::vector<std::string> checkpoint_weight_files(const std::string& path_or_dir) {
    if (!fs::exists(path_or_dir)) {
        throw Error("checkpoint not found", path_or_dir,
                    "check the path (a .safetensors/.bin file or a folder)");
    }
    if (!fs::is_directory(path_or_dir))
        return {path_or_dir};
    const std::string dir = path_or_dir;
    for (const char* index_name :
         {"model.safetensors.index.json", "pytorch_model.bin.index.json"}) {
        const std::string index = dir + "/" + index_name;
        if (!fs::exists(index))
            continue;
        std::vector<std::string> files;
        for (const auto& shard : shard_files_from_index(index)) {
            const std::string shard_path = dir + "/" + shard;
            if (!fs::exists(shard_path)) {
                throw Error("shard listed in " + std::string(index_name) + " is missing",
                            shard_path, "download every shard of the checkpoint");
            }
            files.push_back(shard_path);
        }
        return files;
    }
    auto safetensors = files_matching(dir, "", ".safetensors");
    if (!safetensors.empty())
        return safetensors;
    auto bins = files_matching(dir, "pytorch_model", ".bin");
    if (!bins.empty())
        return bins;
    throw Error("no weights found in checkpoint folder", dir,
                "expected *.safetensors, model.safetensors.index.json or pytorch_model*.bin");
}

LazyStateDict open_weight_files(const std::vector<std::string>& files) {
    LazyStateDict dict;
    for (const auto& file : files)
        open_file_into(dict, file);
    return dict;
}

LazyStateDict open_state_dict(const std::string& path_or_dir) {
    return open_weight_files(checkpoint_weight_files(path_or_dir));
}

StateDict materialize(const LazyStateDict& dict, std::optional<torch::Dtype> dtype) {
    StateDict result;
    for (const auto& [name, lazy] : dict) {
        auto t = lazy.read();
        if (dtype && t.is_floating_point() && t.scalar_type() != *dtype)
            t = t.to(*dtype);
        result.emplace(name, std::move(t));
    }
    return result;
}

LazyStateDict take_prefixed(LazyStateDict& dict, const std::string& prefix,
                            const std::string& replacement) {
    LazyStateDict taken;
    for (auto it = dict.begin(); it != dict.end();) {
        if (it->first.rfind(prefix, 0) == 0) {
            taken.emplace(replacement + it->first.substr(prefix.size()), std::move(it->second));
            it = dict.erase(it);
        } else {
            ++it;
        }
    }
    return taken;
}

LoadReport check_against_module(torch::nn::Module& module, const LazyStateDict& dict,
                                const std::vector<std::string>& ignore) {
    LoadReport report;
    const auto targets = module_tensors(module);
    for (const auto& [name, tensor] : dict) {
        if (!targets.count(name) && std::find(ignore.begin(), ignore.end(), name) == ignore.end())
            report.unexpected.push_back(name);
    }
    for (const auto& [name, target] : targets) {
        auto it = dict.find(name);
        if (it == dict.end()) {
            report.missing.push_back(name);
        } else if (it->second.shape != target.sizes().vec()) {
            report.wrong_shape.push_back(name + ": module " + shape_text(target.sizes().vec()) +
                                         " vs checkpoint " + shape_text(it->second.shape));
        }
    }
    return report;
}

void load_into_module(torch::nn::Module& module, const LazyStateDict& dict,
                      const std::string& source, const std::vector<std::string>& ignore) {
    const LoadReport report = check_against_module(module, dict, ignore);
    if (!report.ok()) {
        throw Error("checkpoint does not match the model: " + report.describe(), source,
                    "use a checkpoint made for this configuration (check config.json)");
    }
    torch::NoGradGuard no_grad;
    for (auto& [name, target] : module_tensors(module)) {
        // copy_ converts dtype and device on the way; the read tensor is
        // dropped before the next one is read.
        target.copy_(dict.at(name).read());
    }
}

}  // namespace facellava::io
