#include "perception/tfjs_graph/graph_attrs.h"

#include <stdexcept>

namespace facellava::perception::tfjs {
namespace {

using Json = nlohmann::json;

// AttrValue ints are int64 written as JSON strings ("2"); accept numbers too.
int64_t to_int(const Json& v) {
    if (v.is_string())
        return std::stoll(v.get<std::string>());
    if (v.is_number())
        return v.get<int64_t>();
    throw std::invalid_argument("expected an integer, got " + v.dump());
}

double to_float(const Json& v) {
    if (v.is_string())
        return std::stod(v.get<std::string>());
    if (v.is_number())
        return v.get<double>();
    throw std::invalid_argument("expected a number, got " + v.dump());
}

const Json* find(const Json& attr, const char* key) {
    const auto it = attr.find(key);
    return it == attr.end() ? nullptr : &*it;
}

void read_int(const Json& attr, const char* key, int64_t& out) {
    if (const Json* v = find(attr, key); v && v->contains("i"))
        out = to_int(v->at("i"));
}

void read_bool(const Json& attr, const char* key, bool& out) {
    if (const Json* v = find(attr, key); v && v->contains("b"))
        out = v->at("b").get<bool>();
}

void read_float(const Json& attr, const char* key, double& out) {
    if (const Json* v = find(attr, key); v && v->contains("f"))
        out = to_float(v->at("f"));
}

void read_string(const Json& attr, const char* key, std::string& out) {
    if (const Json* v = find(attr, key); v && v->contains("s"))
        out = base64_decode(v->at("s").get<std::string>());
}

// {"list": {"i": [...]}}; an empty list is written as {"list": {}}.
void read_ints(const Json& attr, const char* key, std::vector<int64_t>& out) {
    const Json* v = find(attr, key);
    if (!v || !v->contains("list"))
        return;
    out.clear();
    const Json& list = v->at("list");
    if (list.contains("i"))
        for (const auto& i : list.at("i"))
            out.push_back(to_int(i));
}

void read_strings(const Json& attr, const char* key, std::vector<std::string>& out) {
    const Json* v = find(attr, key);
    if (!v || !v->contains("list"))
        return;
    out.clear();
    const Json& list = v->at("list");
    if (list.contains("s"))
        for (const auto& s : list.at("s"))
            out.push_back(base64_decode(s.get<std::string>()));
}

}  // namespace

std::string base64_decode(const std::string& text) {
    static const std::string alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        if (c == '=')
            break;
        const auto pos = alphabet.find(c);
        if (pos == std::string::npos)
            throw std::invalid_argument("invalid base64 string '" + text + "'");
        buffer = (buffer << 6) | uint32_t(pos);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(char((buffer >> bits) & 0xff));
        }
    }
    return out;
}

NodeAttrs parse_attrs(const nlohmann::json& attr) {
    NodeAttrs a;
    if (!attr.is_object())
        return a;
    read_ints(attr, "strides", a.strides);
    read_ints(attr, "dilations", a.dilations);
    read_ints(attr, "ksize", a.ksize);
    read_string(attr, "padding", a.padding);
    read_ints(attr, "explicit_paddings", a.explicit_paddings);
    read_string(attr, "data_format", a.data_format);
    read_strings(attr, "fused_ops", a.fused_ops);
    read_float(attr, "leakyrelu_alpha", a.leakyrelu_alpha);
    read_bool(attr, "transpose_a", a.transpose_a);
    read_bool(attr, "transpose_b", a.transpose_b);
    read_bool(attr, "keep_dims", a.keep_dims);
    read_ints(attr, "squeeze_dims", a.squeeze_dims);
    read_int(attr, "axis", a.axis);
    read_int(attr, "begin_mask", a.begin_mask);
    read_int(attr, "end_mask", a.end_mask);
    read_int(attr, "ellipsis_mask", a.ellipsis_mask);
    read_int(attr, "new_axis_mask", a.new_axis_mask);
    read_int(attr, "shrink_axis_mask", a.shrink_axis_mask);
    read_bool(attr, "align_corners", a.align_corners);
    read_bool(attr, "half_pixel_centers", a.half_pixel_centers);
    read_int(attr, "block_size", a.block_size);
    // Placeholder: {"shape": {"shape": {"dim": [{"size": "-1"}, …]}}};
    // {"unknownRank": true} leaves it undeclared.
    if (const Json* v = find(attr, "shape"); v && v->contains("shape")) {
        const Json& shape = v->at("shape");
        if (!shape.value("unknownRank", false)) {
            a.has_shape = true;
            if (shape.contains("dim"))
                for (const auto& dim : shape.at("dim"))
                    a.shape.push_back(dim.contains("size") ? to_int(dim.at("size")) : -1);
        }
    }
    return a;
}

}  // namespace facellava::perception::tfjs
