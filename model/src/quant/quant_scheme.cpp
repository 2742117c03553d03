#include "quant/quant_scheme.h"

#include <nlohmann/json.hpp>

#include "facellava/core/error.h"

namespace facellava::model::quant {
namespace {

constexpr const char* kFormat = "facellava-quant/1";
constexpr const char* kAccepted =
    "int8, int4 (group 128), int4-g32, int4-g64, int4-g128, with -zp for zero points";

[[noreturn]] void unknown(const std::string& name, const std::string& source = {}) {
    throw Error("unknown weight quantization scheme '" + name + "'", source,
                std::string("use one of ") + kAccepted);
}

int64_t ceil_div(int64_t a, int64_t b) {
    return (a + b - 1) / b;
}

}  // namespace

std::string QuantScheme::name() const {
    if (bits == 8)
        return "int8";
    return "int4-g" + std::to_string(group) + (zero_points ? "-zp" : "");
}

int64_t QuantScheme::groups(int64_t cols) const {
    return bits == 8 ? 1 : ceil_div(cols, group);
}

int64_t QuantScheme::row_bytes(int64_t cols) const {
    const int64_t codes = bits == 8 ? cols : ceil_div(cols, 2);
    return codes + groups(cols) * (2 + (zero_points ? 1 : 0));
}

bool QuantScheme::operator==(const QuantScheme& other) const {
    return bits == other.bits && group == other.group && zero_points == other.zero_points;
}

QuantScheme parse_scheme(const std::string& name, int64_t group) {
    QuantScheme scheme;
    std::string rest = name;
    if (rest == "int8") {
        if (group != 0)
            throw Error("int8 weights have one scale per output row; --group applies to int4", {},
                        "drop --group, or use --weights int4");
        return scheme;
    }
    if (rest.rfind("int4", 0) != 0)
        unknown(name);
    rest = rest.substr(4);
    scheme.bits = 4;
    scheme.group = 128;
    if (rest.size() >= 3 && rest.compare(rest.size() - 3, 3, "-zp") == 0) {
        scheme.zero_points = true;
        rest.resize(rest.size() - 3);
    }
    if (!rest.empty()) {
        if (rest.rfind("-g", 0) != 0)
            unknown(name);
        const std::string digits = rest.substr(2);
        if (digits != "32" && digits != "64" && digits != "128")
            unknown(name);
        scheme.group = std::stoll(digits);
    }
    if (group != 0) {
        if (group != 32 && group != 64 && group != 128)
            throw Error("int4 groups of " + std::to_string(group) + " inputs are not supported",
                        {}, "use --group 32, 64 or 128");
        scheme.group = group;
    }
    return scheme;
}

std::string scheme_metadata(const QuantScheme& scheme, bool towers) {
    nlohmann::ordered_json meta{{"format", kFormat},
                                {"scheme", scheme.bits == 8 ? "int8" : "int4"},
                                {"group", scheme.group},
                                {"zero_points", scheme.zero_points},
                                {"scale_dtype", "float16"},
                                {"towers", towers}};
    return meta.dump();
}

QuantScheme scheme_from_metadata(const std::string& text, const std::string& source,
                                 bool* towers) {
    nlohmann::json meta;
    try {
        meta = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("the quantization metadata is not JSON: ") + e.what(), source,
                    "re-create the checkpoint with facellava convert --quantize");
    }
    const auto field = [&](const char* key) -> const nlohmann::json& {
        if (!meta.is_object() || !meta.contains(key))
            throw Error(std::string("the quantization metadata has no \"") + key + "\"", source,
                        "re-create the checkpoint with facellava convert --quantize");
        return meta.at(key);
    };
    if (!field("format").is_string() || field("format").get<std::string>() != kFormat)
        throw Error("unknown quantization format " + field("format").dump() + " (this build reads " +
                        kFormat + ")",
                    source, "use a facellava version that wrote it, or re-create the checkpoint");
    if (!field("scale_dtype").is_string() || field("scale_dtype").get<std::string>() != "float16")
        throw Error("unsupported quantization scale dtype " + field("scale_dtype").dump(), source,
                    "re-create the checkpoint with facellava convert --quantize");
    const auto& kind = field("scheme");
    const auto& group = field("group");
    const auto& zeros = field("zero_points");
    if (!kind.is_string() || !group.is_number_integer() || !zeros.is_boolean())
        throw Error("malformed quantization metadata: " + text, source,
                    "re-create the checkpoint with facellava convert --quantize");
    QuantScheme scheme;
    const std::string k = kind.get<std::string>();
    const int64_t g = group.get<int64_t>();
    if (k == "int8" && g == 0 && !zeros.get<bool>()) {
        scheme.bits = 8;
    } else if (k == "int4" && (g == 32 || g == 64 || g == 128)) {
        scheme.bits = 4;
        scheme.group = g;
        scheme.zero_points = zeros.get<bool>();
    } else {
        unknown(k + " (group " + std::to_string(g) + (zeros.get<bool>() ? ", zero points)" : ")"),
                source);
    }
    if (towers != nullptr)
        *towers = meta.contains("towers") && meta.at("towers").is_boolean() &&
                  meta.at("towers").get<bool>();
    return scheme;
}

std::string scale_key(const std::string& weight_key) {
    return weight_key + "_scale";
}

std::string zero_key(const std::string& weight_key) {
    return weight_key + "_zero";
}

}  // namespace facellava::model::quant
