#include "io/state_dict.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "facellava/core/error.h"
#include "facellava/core/paths.h"
#include "io/json_config.h"
#include "io/pickle_allowlist.h"
#include "io/safetensors.h"

namespace facellava::io {
namespace fs = std::filesystem;
namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

torch::Tensor converted(torch::Tensor t, std::optional<torch::Dtype> dtype) {
    return dtype && t.is_floating_point() && t.scalar_type() != *dtype ? t.to(*dtype) : t;
}

void add_unique(StateDict& dict, const std::string& name, torch::Tensor t, const std::string& path) {
    if (!dict.emplace(name, std::move(t)).second) {
        throw Error("tensor '" + name + "' appears in more than one shard", path,
                    "the checkpoint folder mixes files of different models");
    }
}

void load_safetensors_into(StateDict& dict, const std::string& path, std::optional<torch::Dtype> dtype) {
    SafetensorsFile file(path);
    for (const auto& entry : file.entries()) {
        auto t = file.tensor(entry.name);
        add_unique(dict, entry.name, converted(std::move(t), dtype), path);
    }
}

// torch.save zip archives. data.pkl is checked first: only the globals a
// state dict needs may appear (see allowed_pickle_global). LibTorch's
// unpickler then rebuilds tensors and plain containers (it cannot run Python
// code); anything but a dict of named tensors is refused with an error.
void load_torch_bin_into(StateDict& dict, const std::string& path,
                         std::optional<torch::Dtype> dtype) {
    const std::string bytes = read_file(path);
    torch::IValue value;
    try {
        check_torch_archive_pickle(bytes);
        value = torch::pickle_load(std::vector<char>(bytes.begin(), bytes.end()));
    } catch (const c10::Error& e) {
        throw Error(std::string("cannot read torch checkpoint: ") + e.what_without_backtrace(),
                    path, "re-save it with torch.save(state_dict) or convert it to safetensors");
    } catch (const std::runtime_error& e) {
        throw Error(std::string("unsafe or damaged torch checkpoint: ") + e.what(), path,
                    "re-save it with torch.save(state_dict) or convert it to safetensors");
    }
    if (!value.isGenericDict()) {
        throw Error("torch checkpoint does not hold a state dict (name → tensor)", path,
                    "save model.state_dict(), not the whole model");
    }
    for (const auto& item : value.toGenericDict()) {
        if (!item.key().isString() || !item.value().isTensor()) {
            throw Error("torch checkpoint holds something other than named tensors", path,
                        "save model.state_dict() only");
        }
        add_unique(dict, item.key().toStringRef(), converted(item.value().toTensor(), dtype), path);
    }
}

std::vector<std::string> shard_files_from_index(const std::string& index_path) {
    const Json index = read_json_file(index_path);
    if (!index.contains("weight_map") || !index.at("weight_map").is_object()) {
        throw Error("index has no weight_map object", index_path, "re-download the checkpoint's index file");
    }
    std::vector<std::string> files;
    for (const auto& [name, file] : index.at("weight_map").items()) {
        if (!file.is_string()) throw Error("weight_map entry '" + name + "' is not a file name", index_path, "fix the index");
        const std::string shard = file.get<std::string>();
        // A plain file name of the folder. Symlinks are allowed here: the
        // Hugging Face cache links every shard to ../../blobs/<sha256>.
        if (shard.empty() || shard.find('/') != std::string::npos || shard == ".." || shard == ".") {
            throw Error("weight_map names a file outside the checkpoint folder: " + shard, index_path,
                        "refusing to read it; fix the index");
        }
        if (std::find(files.begin(), files.end(), shard) == files.end()) files.push_back(shard);
    }
    return files;
}

std::vector<std::string> files_matching(const std::string& dir, const std::string& prefix,
                                        const std::string& suffix) {
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_regular_file() && name.rfind(prefix, 0) == 0 && ends_with(name, suffix)) {
            files.push_back(entry.path().string());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

StateDict load_state_dict(const std::string& path_or_dir, std::optional<torch::Dtype> dtype) {
    StateDict dict;
    if (!fs::exists(path_or_dir)) {
        throw Error("checkpoint not found", path_or_dir, "check the path (a .safetensors/.bin file or a folder)");
    }
    if (!fs::is_directory(path_or_dir)) {
        if (ends_with(path_or_dir, ".bin") || ends_with(path_or_dir, ".pt") || ends_with(path_or_dir, ".pth")) {
            load_torch_bin_into(dict, path_or_dir, dtype);
        } else {
            load_safetensors_into(dict, path_or_dir, dtype);
        }
        return dict;
    }
    const std::string dir = path_or_dir;
    for (const char* index_name : {"model.safetensors.index.json", "pytorch_model.bin.index.json"}) {
        const std::string index = dir + "/" + index_name;
        if (!fs::exists(index)) continue;
        for (const auto& shard : shard_files_from_index(index)) {
            const std::string shard_path = dir + "/" + shard;
            if (!fs::exists(shard_path)) {
                throw Error("shard listed in " + std::string(index_name) + " is missing", shard_path,
                            "download every shard of the checkpoint");
            }
            if (ends_with(shard, ".bin")) {
                load_torch_bin_into(dict, shard_path, dtype);
            } else {
                load_safetensors_into(dict, shard_path, dtype);
            }
        }
        return dict;
    }
    auto safetensors = files_matching(dir, "", ".safetensors");
    if (!safetensors.empty()) {
        for (const auto& file : safetensors) load_safetensors_into(dict, file, dtype);
        return dict;
    }
    auto bins = files_matching(dir, "pytorch_model", ".bin");
    if (!bins.empty()) {
        for (const auto& file : bins) load_torch_bin_into(dict, file, dtype);
        return dict;
    }
    throw Error("no weights found in checkpoint folder", dir,
                "expected *.safetensors, model.safetensors.index.json or pytorch_model*.bin");
}

StateDict with_prefix_stripped(const StateDict& dict, const std::string& prefix) {
    StateDict result;
    for (const auto& [name, tensor] : dict) {
        if (name.rfind(prefix, 0) == 0) result.emplace(name.substr(prefix.size()), tensor);
    }
    return result;
}

std::string LoadReport::describe() const {
    std::ostringstream out;
    auto list = [&](const char* what, const std::vector<std::string>& names) {
        if (names.empty()) return;
        out << names.size() << " " << what << ":";
        for (const auto& name : names) out << " " << name;
        out << ". ";
    };
    list("missing keys", missing);
    list("unexpected keys", unexpected);
    list("wrong shapes", wrong_shape);
    std::string text = out.str();
    if (!text.empty()) text.pop_back();
    return text;
}

namespace {

std::map<std::string, torch::Tensor> module_tensors(torch::nn::Module& module) {
    std::map<std::string, torch::Tensor> targets;
    for (const auto& item : module.named_parameters(/*recurse=*/true)) targets.emplace(item.key(), item.value());
    for (const auto& item : module.named_buffers(/*recurse=*/true)) targets.emplace(item.key(), item.value());
    return targets;
}

}  // namespace

LoadReport check_against_module(torch::nn::Module& module, const StateDict& dict,
                                const std::vector<std::string>& ignore) {
    LoadReport report;
    const auto targets = module_tensors(module);
    for (const auto& [name, tensor] : dict) {
        if (!targets.count(name) && std::find(ignore.begin(), ignore.end(), name) == ignore.end()) {
            report.unexpected.push_back(name);
        }
    }
    for (const auto& [name, target] : targets) {
        auto it = dict.find(name);
        if (it == dict.end()) {
            report.missing.push_back(name);
        } else if (it->second.sizes() != target.sizes()) {
            std::ostringstream why;
            why << name << ": module " << target.sizes() << " vs checkpoint " << it->second.sizes();
            report.wrong_shape.push_back(why.str());
        }
    }
    return report;
}

LoadReport load_into_module(torch::nn::Module& module, const StateDict& dict, const std::string& source,
                            bool strict, const std::vector<std::string>& ignore) {
    LoadReport report = check_against_module(module, dict, ignore);
    const bool fatal = strict ? !report.ok() : !report.wrong_shape.empty();
    if (fatal) {
        throw Error("checkpoint does not match the model: " + report.describe(), source,
                    "use a checkpoint made for this configuration (check config.json)");
    }
    torch::NoGradGuard no_grad;
    for (auto& [name, target] : module_tensors(module)) {
        auto it = dict.find(name);
        if (it != dict.end()) target.copy_(it->second);
    }
    return report;
}

}  // namespace facellava::io
