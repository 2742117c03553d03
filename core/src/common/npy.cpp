#include "facellava/core/npy.h"

#include <cstring>

#include "facellava/core/atomic_file.h"
#include "facellava/core/error.h"
#include "facellava/core/paths.h"

namespace facellava {
namespace {

constexpr size_t kMaxHeaderBytes = 1 << 16;
constexpr int64_t kMaxElements = int64_t(1) << 31;

[[noreturn]] void bad(const std::string& path, const std::string& why) {
    throw Error("invalid .npy file: " + why, path, "re-export the array with numpy.save");
}

// Value of `key` in the header dict, e.g. "'descr': '<f4'" → "'<f4'".
std::string header_value(const std::string& header, const std::string& key,
                         const std::string& path) {
    const std::string quoted = "'" + key + "'";
    size_t at = header.find(quoted);
    if (at == std::string::npos)
        bad(path, "header has no " + quoted);
    at = header.find(':', at + quoted.size());
    if (at == std::string::npos)
        bad(path, "header entry " + quoted + " has no value");
    ++at;
    while (at < header.size() && header[at] == ' ')
        ++at;
    size_t end = at;
    if (end < header.size() && header[end] == '(') {
        end = header.find(')', end);
        if (end == std::string::npos)
            bad(path, "unterminated shape tuple");
        return header.substr(at, end - at + 1);
    }
    if (end < header.size() && header[end] == '\'') {
        end = header.find('\'', end + 1);
        if (end == std::string::npos)
            bad(path, "unterminated string in header");
        return header.substr(at, end - at + 1);
    }
    while (end < header.size() && header[end] != ',' && header[end] != '}')
        ++end;
    return header.substr(at, end - at);
}

std::vector<int64_t> parse_shape(const std::string& tuple, const std::string& path) {
    std::vector<int64_t> shape;
    std::string number;
    for (size_t i = 1; i + 1 <= tuple.size(); ++i) {
        const char c = tuple[i];
        if (c >= '0' && c <= '9') {
            number.push_back(c);
        } else if (c == ',' || c == ')') {
            if (!number.empty()) {
                if (number.size() > 12)
                    bad(path, "dimension too large");
                shape.push_back(std::stoll(number));
                number.clear();
            }
        } else if (c != ' ' && c != 'L') {
            bad(path, "malformed shape " + tuple);
        }
    }
    return shape;
}

template <typename T>
void convert(const uint8_t* data, int64_t count, std::vector<float>& out) {
    out.resize(size_t(count));
    for (int64_t i = 0; i < count; ++i) {
        T value;
        std::memcpy(&value, data + i * int64_t(sizeof(T)), sizeof(T));
        out[size_t(i)] = float(value);
    }
}

float half_to_float(uint16_t h) {
    const uint32_t sign = uint32_t(h & 0x8000) << 16;
    uint32_t exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff, bits;
    if (exponent == 0) {
        if (mantissa == 0) {
            bits = sign;
        } else {
            exponent = 127 - 15 + 1;
            while ((mantissa & 0x400) == 0) {
                mantissa <<= 1;
                --exponent;
            }
            bits = sign | (exponent << 23) | ((mantissa & 0x3ff) << 13);
        }
    } else if (exponent == 31) {
        bits = sign | 0x7f800000 | (mantissa << 13);
    } else {
        bits = sign | ((exponent + 127 - 15) << 23) | (mantissa << 13);
    }
    float f;
    std::memcpy(&f, &bits, sizeof(f));
    return f;
}

}  // namespace

int64_t NpyArray::size() const {
    int64_t n = 1;
    for (int64_t d : shape)
        n *= d;
    return n;
}

NpyArray read_npy(const std::string& path) {
    const std::string bytes = read_file(path);
    const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
    if (bytes.size() < 10 || std::memcmp(data, "\x93NUMPY", 6) != 0)
        bad(path, "wrong magic (not a .npy file)");
    const int major = data[6];
    size_t header_len = 0, header_start = 0;
    if (major == 1) {
        header_len = size_t(data[8]) | (size_t(data[9]) << 8);
        header_start = 10;
    } else if (major == 2 || major == 3) {
        if (bytes.size() < 12)
            bad(path, "file too short");
        header_len = size_t(data[8]) | (size_t(data[9]) << 8) | (size_t(data[10]) << 16) |
                     (size_t(data[11]) << 24);
        header_start = 12;
    } else {
        bad(path, "unsupported format version " + std::to_string(major));
    }
    if (header_len > kMaxHeaderBytes || header_start + header_len > bytes.size())
        bad(path, "header length runs past the file");
    const std::string header = bytes.substr(header_start, header_len);

    NpyArray array;
    std::string descr = header_value(header, "descr", path);
    if (descr.size() < 2 || descr.front() != '\'')
        bad(path, "descr is not a simple dtype (structured arrays are not supported)");
    array.dtype = descr.substr(1, descr.size() - 2);
    const std::string fortran = header_value(header, "fortran_order", path);
    if (fortran.find("True") != std::string::npos) {
        bad(path, "Fortran-ordered arrays are not supported; save with np.ascontiguousarray");
    }
    array.shape = parse_shape(header_value(header, "shape", path), path);
    int64_t count = 1;
    for (int64_t d : array.shape) {
        if (d != 0 && count > kMaxElements / d)
            bad(path, "array too large");
        count *= d;
    }
    const std::string& t = array.dtype;
    if (t.size() != 3 || (t[0] != '<' && t[0] != '|' && t[0] != '=')) {
        bad(path, "dtype '" + t + "' is not little-endian numeric (expected e.g. <f4)");
    }
    const char kind = t[1];
    const int width = t[2] - '0';
    const size_t need = size_t(count) * size_t(width);
    const size_t offset = header_start + header_len;
    if (bytes.size() - offset < need) {
        bad(path, "data holds " + std::to_string(bytes.size() - offset) +
                      " bytes but the shape needs " + std::to_string(need));
    }
    const uint8_t* values = data + offset;
    if (kind == 'f' && width == 4)
        convert<float>(values, count, array.values);
    else if (kind == 'f' && width == 8)
        convert<double>(values, count, array.values);
    else if (kind == 'f' && width == 2) {
        array.values.resize(size_t(count));
        for (int64_t i = 0; i < count; ++i) {
            uint16_t h;
            std::memcpy(&h, values + 2 * i, 2);
            array.values[size_t(i)] = half_to_float(h);
        }
    } else if (kind == 'i' && width == 2)
        convert<int16_t>(values, count, array.values);
    else if (kind == 'i' && width == 4)
        convert<int32_t>(values, count, array.values);
    else if (kind == 'i' && width == 8)
        convert<int64_t>(values, count, array.values);
    else if (kind == 'u' && width == 1)
        convert<uint8_t>(values, count, array.values);
    else
        bad(path, "unsupported dtype '" + t + "'");
    return array;
}

void write_npy(const std::string& path, const std::vector<int64_t>& shape,
               const std::vector<float>& values) {
    int64_t count = 1;
    std::string tuple = "(";
    for (size_t i = 0; i < shape.size(); ++i) {
        count *= shape[i];
        tuple += std::to_string(shape[i]) + (shape.size() == 1      ? ","
                                             : i + 1 < shape.size() ? ", "
                                                                    : "");
    }
    tuple += ")";
    if (count != int64_t(values.size()))
        throw Error("npy shape does not match the value count", path);
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + tuple + ", }";
    while ((10 + header.size() + 1) % 64 != 0)
        header.push_back(' ');
    header.push_back('\n');
    const uint8_t preamble[10] = {0x93,
                                  'N',
                                  'U',
                                  'M',
                                  'P',
                                  'Y',
                                  1,
                                  0,
                                  uint8_t(header.size() & 0xff),
                                  uint8_t(header.size() >> 8)};
    AtomicFileWriter file(path);
    file.write(preamble, sizeof preamble);
    file.write(header);
    file.write(values.data(), values.size() * sizeof(float));  // no copy of the data
    file.commit();
}

}  // namespace facellava
