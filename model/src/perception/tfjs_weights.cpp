#include "perception/tfjs_weights.h"

#include <cstring>
#include <filesystem>
#include <sstream>

#include "facellava/core/assets.h"
#include "facellava/core/error.h"
#include "facellava/core/paths.h"
#include "io/json_config.h"

namespace facellava::perception {
namespace {

std::string shape_string(c10::IntArrayRef shape) {
    std::ostringstream out;
    out << "[";
    for (size_t i = 0; i < shape.size(); ++i)
        out << (i ? "," : "") << shape[i];
    out << "]";
    return out.str();
}

// One manifest entry: where its bytes are and how to turn them into floats.
struct Entry {
    std::string name;
    std::vector<int64_t> shape;
    std::string dtype;        // stored dtype: float32 | int32
    std::string quant_dtype;  // "" | uint8 | uint16 | float16
    double scale = 0.0;
    double min = 0.0;
    int64_t numel = 0;
    size_t bytes = 0;  // bytes this tensor occupies in the shards
};

Entry parse_entry(const io::Json& weight, const std::string& manifest) {
    const auto bad = [&](const std::string& why) {
        return Error("weights manifest entry " + weight.dump() + ": " + why, manifest,
                     std::string("reinstall the package with `") + kBootstrapCommand + "`");
    };
    if (!weight.is_object() || !weight.contains("name") || !weight.contains("shape") ||
        !weight.contains("dtype"))
        throw bad("needs name, shape and dtype");
    Entry e;
    e.name = weight.at("name").get<std::string>();
    e.shape = weight.at("shape").get<std::vector<int64_t>>();
    e.dtype = weight.at("dtype").get<std::string>();
    if (e.dtype != "float32" && e.dtype != "int32")
        throw bad("unsupported dtype " + e.dtype);
    e.numel = 1;
    for (int64_t d : e.shape) {
        if (d < 0)
            throw bad("negative dimension");
        e.numel *= d;
    }
    size_t element_bytes = 4;
    if (weight.contains("quantization")) {
        const auto& q = weight.at("quantization");
        e.quant_dtype = q.value("dtype", "");
        if (e.quant_dtype != "uint8" && e.quant_dtype != "uint16" && e.quant_dtype != "float16")
            throw bad("unsupported quantization dtype '" + e.quant_dtype + "'");
        element_bytes = e.quant_dtype == "uint8" ? 1 : 2;
        if (e.quant_dtype != "float16") {
            if (!q.contains("scale") || !q.contains("min"))
                throw bad("quantization needs scale and min");
            e.scale = q.at("scale").get<double>();
            e.min = q.at("min").get<double>();
        } else if (e.dtype != "float32") {
            throw bad("float16 quantization of a non-float32 tensor");
        }
    }
    e.bytes = size_t(e.numel) * element_bytes;
    return e;
}

// Decodes one tensor from its bytes (little-endian, as TF.js writes them).
torch::Tensor decode(const Entry& e, const uint8_t* data) {
    const int64_t numel = e.numel;
    if (e.quant_dtype.empty()) {
        auto t = torch::empty({numel}, e.dtype == "int32" ? torch::kInt32 : torch::kFloat32);
        std::memcpy(t.data_ptr(), data, e.bytes);
        return t.reshape(e.shape);
    }
    if (e.quant_dtype == "float16") {
        // IEEE half → float32 is exact, as TF.js's lookup-table decoder.
        auto half = torch::empty({numel}, torch::kFloat16);
        std::memcpy(half.data_ptr(), data, e.bytes);
        return half.to(torch::kFloat32).reshape(e.shape);
    }
    auto t = torch::empty({numel}, torch::kFloat32);
    float* out = t.data_ptr<float>();
    for (int64_t i = 0; i < numel; ++i) {
        const double q = e.quant_dtype == "uint8"
                             ? double(data[i])
                             : double(uint16_t(data[2 * i]) | uint16_t(data[2 * i + 1]) << 8);
        // TF.js: Float32Array[i] = v * scale + min (double arithmetic, one rounding).
        out[i] = float(q * e.scale + e.min);
    }
    return t.reshape(e.shape);
}

}  // namespace

TfjsWeights TfjsWeights::load(const std::string& manifest_path) {
    return from_manifest(io::read_json_file(manifest_path), manifest_path);
}

TfjsWeights TfjsWeights::from_manifest(const nlohmann::json& manifest,
                                       const std::string& manifest_path) {
    const std::string fix = std::string("reinstall the package with `") + kBootstrapCommand + "`";
    if (!manifest.is_array())
        throw Error("weights manifest is not a JSON array", manifest_path, fix);
    const auto dir = std::filesystem::path(manifest_path).parent_path();

    TfjsWeights weights;
    weights.manifest_path_ = manifest_path;
    try {
        weights.read_groups(manifest, dir, fix);
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("malformed weights manifest: ") + e.what(), manifest_path, fix);
    }
    return weights;
}

void TfjsWeights::read_groups(const nlohmann::json& manifest, const std::filesystem::path& dir,
                              const std::string& fix) {
    const std::string& manifest_path = manifest_path_;
    for (const auto& group : manifest) {
        if (!group.is_object() || !group.contains("paths") || !group.contains("weights"))
            throw Error("weights manifest group needs paths and weights", manifest_path, fix);

        // The group's shards, concatenated in `paths` order.
        std::string bytes;
        std::vector<std::pair<std::string, size_t>> shards;
        for (const auto& rel : group.at("paths")) {
            const std::string shard = (dir / rel.get<std::string>()).string();
            if (!is_readable_file(shard))
                throw Error("weight shard is missing or unreadable", shard, fix);
            std::string data = read_file(shard);
            shards.emplace_back(shard, data.size());
            bytes += data;
        }
        std::vector<Entry> entries;
        size_t expected = 0;
        for (const auto& w : group.at("weights")) {
            entries.push_back(parse_entry(w, manifest_path));
            expected += entries.back().bytes;
        }
        if (bytes.size() != expected) {
            std::string listing;
            for (const auto& [path, size] : shards)
                listing += (listing.empty() ? "" : ", ") + path + " (" + std::to_string(size) + ")";
            throw Error("weight shard size mismatch: the shards hold " +
                            std::to_string(bytes.size()) + " bytes, the manifest " + manifest_path +
                            " describes " + std::to_string(expected) + " (" +
                            (bytes.size() < expected ? "truncated" : "trailing bytes") +
                            "); shards: " + listing,
                        shards.empty() ? manifest_path : shards.back().first, fix);
        }
        size_t offset = 0;
        const auto* base = reinterpret_cast<const uint8_t*>(bytes.data());
        for (const auto& e : entries) {
            if (tensors_.count(e.name))
                throw Error("weights manifest names tensor '" + e.name + "' twice", manifest_path,
                            fix);
            tensors_[e.name] = decode(e, base + offset);
            offset += e.bytes;
        }
    }
}

torch::Tensor TfjsWeights::take(const std::string& name, const std::vector<int64_t>& shape) {
    const auto it = tensors_.find(name);
    if (it == tensors_.end()) {
        problems_.push_back("missing tensor '" + name + "' " + shape_string(shape));
        return torch::zeros(shape);
    }
    taken_.insert(name);
    if (it->second.sizes() != c10::IntArrayRef(shape)) {
        problems_.push_back("tensor '" + name + "' has shape " + shape_string(it->second.sizes()) +
                            ", expected " + shape_string(shape));
        return torch::zeros(shape);
    }
    return it->second;
}

void TfjsWeights::finish() const {
    std::vector<std::string> all = problems_;
    for (const auto& [name, tensor] : tensors_)
        if (!taken_.count(name))
            all.push_back("unexpected tensor '" + name + "'");
    if (all.empty())
        return;
    std::string message = "weights do not fit the network: ";
    for (size_t i = 0; i < all.size(); ++i)
        message += (i ? "; " : "") + all[i];
    throw Error(message, manifest_path_,
                std::string("use the files of @vladmandic/face-api ") + kFaceApiVersion +
                    " (reinstall with `" + kBootstrapCommand + "`)");
}

torch::Tensor conv_weight_from_tf(const torch::Tensor& hwio) {
    return hwio.permute({3, 2, 0, 1}).contiguous();
}

torch::Tensor depthwise_weight_from_tf(const torch::Tensor& hwc1) {
    // [kh,kw,C,1] → [C,1,kh,kw]: channels first, the depth multiplier (1) second.
    return hwc1.permute({2, 3, 0, 1}).contiguous();
}

torch::Tensor linear_weight_from_tf(const torch::Tensor& in_out) {
    return in_out.t().contiguous();
}

}  // namespace facellava::perception
