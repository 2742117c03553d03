// quantize_checkpoint (facellava/model/checkpoint_tools.h): `facellava
// convert --quantize`. A 7B checkpoint is 13–27 GB, so nothing is held whole:
// the safetensors header is planned from the source's headers and the
// scheme's shapes alone, then each tensor is read, quantized, written and
// dropped before the next one is read. Host memory stays near one float
// tensor (the largest, lm_head or embed_tokens: 0.5 GB in float32 at 7B).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

#include "facellava/core/atomic_file.h"
#include "facellava/core/error.h"
#include "facellava/model/checkpoint_tools.h"
#include "io/lazy_state_dict.h"
#include "io/safetensors.h"
#include "quant/llm_quantization.h"
#include "quant/quantized_weight.h"

namespace facellava::model {
namespace fs = std::filesystem;
namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The safetensors name of a dtype the writer may meet.
const char* st_name(torch::Dtype dtype, const std::string& key, const std::string& file) {
    switch (dtype) {
        case torch::kFloat64:
            return "F64";
        case torch::kFloat32:
            return "F32";
        case torch::kFloat16:
            return "F16";
        case torch::kBFloat16:
            return "BF16";
        case torch::kInt64:
            return "I64";
        case torch::kInt32:
            return "I32";
        case torch::kInt16:
            return "I16";
        case torch::kInt8:
            return "I8";
        case torch::kUInt8:
            return "U8";
        case torch::kBool:
            return "BOOL";
        default:
            throw Error("tensor '" + key + "' has a dtype safetensors cannot store", file,
                        "convert it to a floating or integer type first");
    }
}

torch::Dtype target_dtype(const std::string& dtype, bool* keep) {
    *keep = dtype == "keep";
    if (dtype == "float16")
        return torch::kFloat16;
    if (dtype == "bfloat16")
        return torch::kBFloat16;
    if (dtype == "float32" || dtype == "keep")
        return torch::kFloat32;
    throw Error("unknown dtype '" + dtype + "'", "", "use keep, float32, float16 or bfloat16");
}

quant::QuantScheme scheme_of(const QuantizeOptions& options) {
    const quant::QuantScheme named = quant::parse_scheme(options.scheme);
    if (named.bits == 8 && options.group != 0)
        throw Error(
            "--group is for int4 (int8 has one scale per output row)", "",
            "drop --group, or use --quantize int4 --group " + std::to_string(options.group));
    if (named.bits == 8 && options.zero_points)
        throw Error("--zero-points is for int4 (int8 is symmetric)", "",
                    "drop --zero-points, or use --quantize int4 --zero-points");
    quant::QuantScheme scheme = quant::parse_scheme(options.scheme, options.group);
    if (options.zero_points)
        scheme.zero_points = true;
    return scheme;
}

// One tensor of the output file: where its bytes go and what they are.
struct Planned {
    std::string name;
    torch::Dtype dtype;
    std::vector<int64_t> shape;
    uint64_t begin = 0;
    uint64_t end = 0;
};

int64_t numel_of(const std::vector<int64_t>& shape) {
    int64_t n = 1;
    for (auto d : shape)
        n *= d;
    return n;
}

// The output tensors of one source tensor: its codes, scales and zeros when
// it is quantized, else itself (converted when asked).
std::vector<Planned> plan_for(const std::string& key, const io::LazyTensor& t,
                              const quant::QuantScheme& scheme, bool keep, torch::Dtype target) {
    if (!quant::is_quantizable_llm_key(key)) {
        const bool convert = !keep && c10::isFloatingType(t.dtype);
        return {{key, convert ? target : t.dtype, t.shape}};
    }
    if (!c10::isFloatingType(t.dtype) || t.shape.size() != 2) {
        throw Error("linear weight '" + key + "' is " + c10::toString(t.dtype) + " " +
                        io::shape_text(t.shape) + ", not a floating (out, in) matrix",
                    t.file, "only floating matrices can be quantized");
    }
    const int64_t rows = t.shape[0], cols = t.shape[1];
    std::vector<Planned> out{
        {key, quant::data_dtype(scheme), quant::data_shape(scheme, rows, cols)},
        {quant::scale_key(key), torch::kFloat16, quant::scale_shape(scheme, rows, cols)}};
    if (scheme.zero_points)
        out.push_back(
            {quant::zero_key(key), torch::kUInt8, quant::scale_shape(scheme, rows, cols)});
    return out;
}

void write_tensor(AtomicFileWriter& file, const Planned& plan, const torch::Tensor& value) {
    // The plan came from the scheme's declared shapes: a quantizer that
    // disagrees with them would write a file whose header lies.
    const auto t = value.detach().to(torch::kCPU).contiguous();
    if (t.scalar_type() != plan.dtype || t.sizes().vec() != plan.shape ||
        uint64_t(t.nbytes()) != plan.end - plan.begin) {
        throw std::logic_error("quantize_checkpoint: '" + plan.name + "' is " +
                               io::shape_text(t.sizes().vec()) + ", planned " +
                               io::shape_text(plan.shape));
    }
    file.write(t.data_ptr(), size_t(t.nbytes()));
}

// Quantizes a float (rows, cols) weight a block of rows at a time and writes
// its codes, then its scales (and zeros): the quantizer's float32 temporaries
// stay at `chunk_bytes` instead of several copies of the whole matrix (lm_head
// at 7B: 0.5 GB each). Every row has its own scales, so the codes are those
// of quantizing the whole matrix at once. Quantized from the stored values
// (not after --dtype), as `--weights` quantizes at load: the same codes
// either way.
void write_quantized_rows(AtomicFileWriter& file, const std::vector<Planned>& plan,
                          const torch::Tensor& weight, const quant::QuantScheme& scheme,
                          int64_t chunk_bytes) {
    const int64_t rows = weight.size(0), cols = weight.size(1);
    const int64_t step = std::max<int64_t>(1, chunk_bytes / std::max<int64_t>(1, cols * 4));
    std::vector<torch::Tensor> scales, zeros;  // (step, groups) each
    uint64_t written = 0;
    for (int64_t row = 0; row < rows; row += step) {
        const quant::QuantizedWeight q =
            quant::quantize(weight.narrow(0, row, std::min(step, rows - row)), scheme);
        const auto data = q.data.to(torch::kCPU).contiguous();
        if (data.scalar_type() != plan[0].dtype || data.size(1) != plan[0].shape[1])
            throw std::logic_error("quantize_checkpoint: codes of '" + plan[0].name +
                                   "' are not the planned " + io::shape_text(plan[0].shape));
        file.write(data.data_ptr(), size_t(data.nbytes()));
        written += uint64_t(data.nbytes());
        scales.push_back(q.scales);
        if (q.zeros.defined())
            zeros.push_back(q.zeros);
    }
    if (written != plan[0].end - plan[0].begin)
        throw std::logic_error("quantize_checkpoint: codes of '" + plan[0].name + "' do not fill " +
                               io::shape_text(plan[0].shape));
    write_tensor(file, plan[1], torch::cat(scales));
    if (plan.size() > 2)
        write_tensor(file, plan[2], torch::cat(zeros));
}

// Streams `dict` into the safetensors file `path` (atomically). Returns false
// when cancelled (nothing written).
bool write_quantized(const io::LazyStateDict& dict, const std::string& path,
                     const quant::QuantScheme& scheme, const QuantizeOptions& options,
                     QuantizeResult& result) {
    bool keep = true;
    const torch::Dtype target = target_dtype(options.dtype, &keep);

    // Header from the headers: every name, dtype, shape and offset is known
    // before the first tensor is read.
    std::vector<std::vector<Planned>> plans;
    nlohmann::json header = nlohmann::json::object();
    header["__metadata__"] = {{"format", "pt"},
                              {"converted_by", "facellava convert --quantize"},
                              {quant::kMetadataKey, quant::scheme_metadata(scheme, false)}};
    uint64_t offset = 0;
    for (const auto& [key, t] : dict) {
        plans.push_back(plan_for(key, t, scheme, keep, target));
        for (auto& p : plans.back()) {
            const uint64_t bytes = uint64_t(numel_of(p.shape)) * torch::elementSize(p.dtype);
            p.begin = offset;
            p.end = offset += bytes;
            if (header.contains(p.name)) {
                throw Error("tensor '" + p.name + "' would be written twice", t.file,
                            "the checkpoint already holds quantization tensors; convert the "
                            "16/32-bit checkpoint it was made from");
            }
            header[p.name] = {{"dtype", st_name(p.dtype, p.name, t.file)},
                              {"shape", p.shape},
                              {"data_offsets", {p.begin, p.end}}};
        }
        result.bytes_in += t.stored_bytes();
        ++result.tensors;
    }
    AtomicFileWriter file(path);
    io::write_safetensors_header(file, header.dump());

    QuantizeOptions::Progress progress;
    progress.tensors_total = result.tensors;
    progress.bytes_total = result.bytes_in;
    size_t index = 0;
    for (const auto& [key, t] : dict) {
        if (options.cancel && options.cancel->load()) {
            file.discard();
            return false;
        }
        const auto& plan = plans[index++];
        torch::Tensor value = t.read();
        if (plan.size() == 1) {
            write_tensor(file, plan[0], value.to(plan[0].dtype));
        } else {
            write_quantized_rows(file, plan, value, scheme, options.chunk_bytes);
            value = torch::Tensor();
            ++result.quantized;
        }
        ++progress.tensors_done;
        progress.bytes_done += t.stored_bytes();
        progress.current = key;
        if (options.on_progress)
            options.on_progress(progress);
    }
    result.bytes_out = int64_t(file.bytes_written());
    file.commit();
    return true;
}

// Files of a checkpoint folder that hold its weights (the ones read, their
// index and any other weight file a loader might pick instead of ours).
bool is_weight_file(const fs::path& entry, const std::vector<std::string>& weights) {
    const std::string name = entry.filename().string();
    for (const auto& w : weights)
        if (fs::path(w).filename() == entry.filename())
            return true;
    return ends_with(name, ".safetensors") || name == "model.safetensors.index.json" ||
           name == "pytorch_model.bin.index.json" ||
           (name.rfind("pytorch_model", 0) == 0 && ends_with(name, ".bin"));
}

// Copies `from` (a file or a folder, symlinks followed: a Hugging Face
// snapshot links into blobs/, and the copy must stand on its own) to `to`.
// Folders are created anew and files made writable by their owner: a
// read-only source (a shared download, a fixture) would otherwise give a
// checkpoint whose config.json its owner cannot edit, or remove.
void copy_entry(const fs::path& from, const fs::path& to, int depth = 0) {
    if (depth > 32)
        throw Error("folders nested too deep (a symlink loop?)", from.string(),
                    "remove the loop from the checkpoint folder");
    if (fs::is_directory(from)) {
        fs::create_directory(to);
        for (const auto& entry : fs::directory_iterator(from))
            copy_entry(entry.path(), to / entry.path().filename(), depth + 1);
        return;
    }
    fs::copy_file(from, to);
    fs::permissions(to, fs::perms::owner_write, fs::perm_options::add);
}

// Removes a temporary folder unless the build was committed.
struct TemporaryFolder {
    std::string path;
    ~TemporaryFolder() {
        if (path.empty())
            return;
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
};

void refuse_quantized(const std::vector<std::string>& files, const std::string& source) {
    if (const auto stored = quant::stored_scheme(files)) {
        throw Error("the checkpoint is already quantized (" + stored->name() + ")", source,
                    "quantize the 16/32-bit checkpoint it was made from; a quantized checkpoint "
                    "loads as it is");
    }
}

}  // namespace

QuantizeResult quantize_checkpoint(const std::string& source, const std::string& output,
                                   const QuantizeOptions& options) {
    std::string destination = output;  // "out/" names the folder out
    while (destination.size() > 1 && destination.back() == '/')
        destination.pop_back();
    const quant::QuantScheme scheme = scheme_of(options);
    QuantizeResult result;
    result.scheme = scheme.name();
    const auto files = io::checkpoint_weight_files(source);  // throws when source is missing
    refuse_quantized(files, source);
    const io::LazyStateDict dict = io::open_weight_files(files);

    std::error_code error;
    if (fs::exists(destination) && fs::equivalent(source, destination, error)) {
        throw Error("the output is the checkpoint itself", destination,
                    "name a new file or folder: the float checkpoint stays as it is");
    }
    if (ends_with(destination, ".safetensors")) {
        result.weights_file = destination;
        result.cancelled = !write_quantized(dict, destination, scheme, options, result);
        return result;
    }
    if (!fs::is_directory(source)) {
        throw Error("the output of a single weight file must be a .safetensors file", destination,
                    "name a .safetensors file, or convert the checkpoint folder");
    }
    if (fs::exists(destination) &&
        !(fs::is_directory(destination) && fs::is_empty(destination, error))) {
        throw Error("the output folder already exists and is not empty", destination,
                    "name a new folder (it is created) or empty this one");
    }
    const fs::path src = fs::canonical(source);
    const fs::path dst = fs::weakly_canonical(destination);
    const auto [end, _] = std::mismatch(src.begin(), src.end(), dst.begin(), dst.end());
    if (end == src.end()) {
        throw Error("the output folder is inside the checkpoint folder", destination,
                    "write it beside the checkpoint, e.g. " + src.string() + "-" + scheme.name());
    }

    TemporaryFolder temp{create_temporary_folder(destination)};
    for (const auto& entry : fs::directory_iterator(src)) {
        if (is_weight_file(entry.path(), files))
            continue;
        const fs::path to = fs::path(temp.path) / entry.path().filename();
        try {
            copy_entry(entry.path(), to);
        } catch (const fs::filesystem_error& e) {
            throw Error("could not copy " + entry.path().filename().string() +
                            " into the quantized checkpoint: " + e.code().message(),
                        entry.path().string(), "check the disk space and the file's permissions");
        }
        result.copied.push_back(entry.path().filename().string());
    }
    std::sort(result.copied.begin(), result.copied.end());
    result.weights_file = (fs::path(destination) / "model.safetensors").string();
    if (!write_quantized(dict, temp.path + "/model.safetensors", scheme, options, result)) {
        result.cancelled = true;
        return result;  // the temporary folder goes with `temp`
    }
    commit_folder(temp.path, destination);
    temp.path.clear();
    return result;
}

}  // namespace facellava::model
