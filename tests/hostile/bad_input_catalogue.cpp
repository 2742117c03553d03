#include "bad_input_catalogue.h"

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "facellava/core/error.h"
#include "facellava/core/npy.h"

#ifdef FACELLAVA_HAVE_MEDIA
#include "facellava/core/media.h"
#include "facellava/core/video_writer.h"
extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
}
#endif

namespace facellava::hostile {
namespace {

namespace fs = std::filesystem;

// Flips one bit every `stride` bytes of bytes[begin, end).
std::string flip_bits(std::string bytes, size_t begin, size_t end, size_t stride) {
    for (size_t i = begin; i < end && i < bytes.size(); i += stride)
        bytes[i] = char(uint8_t(bytes[i]) ^ (1u << (i % 8)));
    return bytes;
}

std::string le64(uint64_t v) {
    std::string out(8, '\0');
    for (int i = 0; i < 8; ++i)
        out[size_t(i)] = char((v >> (8 * i)) & 0xFF);
    return out;
}

// A safetensors file from a header (padded to 8 bytes as the writers do) and
// data, with the header length field overridable to lie.
std::string safetensors_bytes(const nlohmann::json& header, const std::string& data,
                              int64_t length_override = -1) {
    std::string text = header.dump();
    while (text.size() % 8 != 0)
        text += ' ';
    const uint64_t length = length_override >= 0 ? uint64_t(length_override) : text.size();
    return le64(length) + text + data;
}

nlohmann::json st_entry(const std::string& dtype, std::vector<int64_t> shape, int begin, int end) {
    return {{"dtype", dtype}, {"shape", shape}, {"data_offsets", {begin, end}}};
}

// "w" (2, 3) and "b" (3) as float32 0, 1, 2, … (36 bytes).
std::string st_data() {
    std::string data;
    for (int i = 0; i < 9; ++i) {
        const float v = float(i);
        data.append(reinterpret_cast<const char*>(&v), 4);
    }
    return data;
}

nlohmann::json st_good_header() {
    return {{"__metadata__", {{"format", "pt"}}},
            {"w", st_entry("F32", {2, 3}, 0, 24)},
            {"b", st_entry("F32", {3}, 24, 36)}};
}

// ---- torch.save archives, written without LibTorch -------------------------

uint32_t crc32(const std::string& bytes) {
    uint32_t crc = 0xFFFFFFFFu;
    for (const char c : bytes) {
        crc ^= uint8_t(c);
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

std::string le(uint64_t v, int n) {
    std::string out(size_t(n), '\0');
    for (int i = 0; i < n; ++i)
        out[size_t(i)] = char((v >> (8 * i)) & 0xFF);
    return out;
}

// A zip of stored records, as torch.save writes it ("archive/data.pkl",
// "archive/data/<key>", "archive/version").
std::string torch_zip(const std::string& pickle,
                      const std::vector<std::pair<std::string, std::string>>& storages) {
    std::vector<std::pair<std::string, std::string>> records = {{"archive/data.pkl", pickle}};
    for (const auto& [key, bytes] : storages)
        records.push_back({"archive/data/" + key, bytes});
    records.push_back({"archive/version", "3\n"});
    std::string out, directory;
    for (const auto& [name, bytes] : records) {
        const std::string common = le(20, 2) + le(0, 2) + le(0, 2) + le(0, 4) +
                                   le(crc32(bytes), 4) + le(bytes.size(), 4) + le(bytes.size(), 4) +
                                   le(name.size(), 2) + le(0, 2);
        directory += le(0x02014b50, 4) + le(20, 2) + common + le(0, 2) + le(0, 2) + le(0, 2) +
                     le(0, 4) + le(out.size(), 4) + name;
        out += le(0x04034b50, 4) + common + name + bytes;
    }
    return out + directory + le(0x06054b50, 4) + le(0, 4) + le(records.size(), 2) +
           le(records.size(), 2) + le(directory.size(), 4) + le(out.size(), 4) + le(0, 2);
}

// Protocol-2 pickle pieces, as Python's pickler writes them.
std::string pk_str(const std::string& text) {
    return "X" + le(text.size(), 4) + text;
}
std::string pk_global(const std::string& module, const std::string& name) {
    return "c" + module + "\n" + name + "\n";
}
std::string pk_int(int64_t v) {
    return "\x8a\x08" + le(uint64_t(v), 8);
}
std::string pk_ints(const std::vector<int64_t>& values) {
    std::string out = "(";
    for (const int64_t v : values)
        out += pk_int(v);
    return out + "t";
}
std::string pk_ordered_dict() {
    return pk_global("collections", "OrderedDict") + ")R";
}
// torch._utils._rebuild_tensor_v2 over FloatStorage `key` of `numel` elements.
std::string pk_tensor(int64_t numel, int64_t offset, const std::vector<int64_t>& size,
                      const std::vector<int64_t>& stride) {
    return pk_global("torch._utils", "_rebuild_tensor_v2") + "((" + pk_str("storage") +
           pk_global("torch", "FloatStorage") + pk_str("0") + pk_str("cpu") + pk_int(numel) + "tQ" +
           pk_int(offset) + pk_ints(size) + pk_ints(stride) + "\x89" + pk_ordered_dict() + "tR";
}
std::string pk_state_dict(const std::string& tensor) {
    return "\x80\x02" + pk_ordered_dict() + "(" + pk_str("w") + tensor + "u.";
}
std::string four_floats() {
    std::string data;
    for (int i = 1; i <= 4; ++i) {
        const float v = float(i);
        data.append(reinterpret_cast<const char*>(&v), 4);
    }
    return data;
}

// An .npy v1 file from a header dict text and payload.
std::string npy_bytes(const std::string& dict, const std::string& payload) {
    std::string header = dict;
    while ((10 + header.size() + 1) % 64 != 0)
        header += ' ';
    header += '\n';
    std::string out("\x93NUMPY\x01\x00", 8);
    out += char(header.size() & 0xFF);
    out += char(header.size() >> 8);
    return out + header + payload;
}

std::string npy_payload(size_t floats) {
    std::string payload;
    for (size_t i = 0; i < floats; ++i) {
        const float v = float(i % 256);
        payload.append(reinterpret_cast<const char*>(&v), 4);
    }
    return payload;
}

nlohmann::json turn(bool human, const std::string& text) {
    return {{"from", human ? "human" : "gpt"}, {"value", text}};
}

#ifdef FACELLAVA_HAVE_MEDIA

ImageRGB coded_frame(int k, int width = kGoodWidth, int height = kGoodHeight) {
    ImageRGB image;
    image.width = width;
    image.height = height;
    image.pixels.resize(size_t(width) * size_t(height) * 3);
    const int bw = width / 4;
    const int bh = height / 2;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const int bit = (y / bh) * 4 + (x / bw);
            const uint8_t v = (k >> bit) & 1 ? 235 : 16;
            uint8_t* p = image.row(y) + size_t(x) * 3;
            p[0] = v;
            p[1] = uint8_t(v / 2 + 60);
            p[2] = v;
        }
    }
    return image;
}

void write_video(const std::string& path, int frames, const VideoWriterOptions& options) {
    VideoWriter writer(path, kGoodWidth, kGoodHeight, options);
    for (int k = 0; k < frames; ++k)
        writer.write(coded_frame(k));
    writer.finish();
}

void check_av(int status, const char* what, const std::string& path) {
    if (status < 0) {
        char text[AV_ERROR_MAX_STRING_SIZE] = {};
        av_strerror(status, text, sizeof(text));
        throw std::runtime_error(std::string(what) + " failed for " + path + ": " + text);
    }
}

// Ends a muxed file: trailer, close, free.
void finish_output(AVFormatContext* out, const std::string& target) {
    check_av(av_write_trailer(out), "trailer", target);
    avio_closep(&out->pb);
    avformat_free_context(out);
}

// Copies the video packets of `source` (intra-only or without B-frames) into
// `target` with frame k at vfr_time_ms(k): a variable-frame-rate MP4.
void remux_variable_frame_rate(const std::string& source, const std::string& target) {
    AVFormatContext* in = nullptr;
    check_av(avformat_open_input(&in, source.c_str(), nullptr, nullptr), "open", source);
    check_av(avformat_find_stream_info(in, nullptr), "stream info", source);
    AVFormatContext* out = nullptr;
    check_av(avformat_alloc_output_context2(&out, nullptr, nullptr, target.c_str()), "output",
             target);
    AVStream* stream = avformat_new_stream(out, nullptr);
    check_av(avcodec_parameters_copy(stream->codecpar, in->streams[0]->codecpar), "copy", target);
    stream->codecpar->codec_tag = 0;
    stream->time_base = AVRational{1, 1000};
    check_av(avio_open(&out->pb, target.c_str(), AVIO_FLAG_WRITE), "avio_open", target);
    check_av(avformat_write_header(out, nullptr), "write header", target);
    AVPacket* packet = av_packet_alloc();
    int k = 0;
    while (av_read_frame(in, packet) >= 0) {
        if (packet->stream_index == 0) {
            packet->stream_index = 0;
            // The muxer picks the stream's time base in write_header.
            const AVRational ms{1, 1000};
            packet->pts = packet->dts = av_rescale_q(vfr_time_ms(k), ms, stream->time_base);
            packet->duration =
                av_rescale_q(vfr_time_ms(k + 1) - vfr_time_ms(k), ms, stream->time_base);
            packet->pos = -1;
            ++k;
            check_av(av_interleaved_write_frame(out, packet), "write packet", target);
        }
        av_packet_unref(packet);
    }
    av_packet_free(&packet);
    finish_output(out, target);
    avformat_close_input(&in);
}

// A Matroska file whose only stream is one second of silent PCM audio.
void write_audio_only(const std::string& target) {
    AVFormatContext* out = nullptr;
    check_av(avformat_alloc_output_context2(&out, nullptr, nullptr, target.c_str()), "output",
             target);
    AVStream* stream = avformat_new_stream(out, nullptr);
    stream->codecpar->codec_type = AVMEDIA_TYPE_AUDIO;
    stream->codecpar->codec_id = AV_CODEC_ID_PCM_S16LE;
    stream->codecpar->sample_rate = 8000;
    stream->codecpar->format = 1;  // AV_SAMPLE_FMT_S16
    av_channel_layout_default(&stream->codecpar->ch_layout, 1);
    stream->time_base = AVRational{1, 8000};
    check_av(avio_open(&out->pb, target.c_str(), AVIO_FLAG_WRITE), "avio_open", target);
    check_av(avformat_write_header(out, nullptr), "write header", target);
    AVPacket* packet = av_packet_alloc();
    for (int i = 0; i < 10; ++i) {
        check_av(av_new_packet(packet, 1600), "packet", target);
        std::memset(packet->data, 0, 1600);
        packet->stream_index = 0;
        packet->pts = packet->dts = av_rescale_q(i * 800, AVRational{1, 8000}, stream->time_base);
        packet->duration = av_rescale_q(800, AVRational{1, 8000}, stream->time_base);
        check_av(av_interleaved_write_frame(out, packet), "write packet", target);
        av_packet_unref(packet);
    }
    av_packet_free(&packet);
    finish_output(out, target);
}

// Byte offset of the MP4 box `type` (its size field), or npos.
size_t find_box(const std::string& bytes, const char* type) {
    const size_t at = bytes.find(type);
    return at == std::string::npos || at < 4 ? std::string::npos : at - 4;
}

#endif

}  // namespace

int vfr_time_ms(int k) {
    // Gaps alternate 40 and 120 ms: 0, 40, 160, 200, 320, …
    return (k / 2) * 160 + (k % 2) * 40;
}

int read_code(int width, int height, const unsigned char* rgb) {
    const int bw = width / 4;
    const int bh = height / 2;
    int code = 0;
    for (int bit = 0; bit < 8; ++bit) {
        const int bx = (bit % 4) * bw;
        const int by = (bit / 4) * bh;
        double sum = 0;
        int n = 0;
        for (int y = by + bh / 4; y < by + 3 * bh / 4; ++y) {
            for (int x = bx + bw / 4; x < bx + 3 * bw / 4; ++x) {
                const unsigned char* p = rgb + (size_t(y) * size_t(width) + size_t(x)) * 3;
                sum += (p[0] + p[2]) / 2.0;
                ++n;
            }
        }
        const double mean = sum / n;
        if (mean > 60 && mean < 190)
            return -1;
        if (mean >= 190)
            code |= 1 << bit;
    }
    return code;
}

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_bytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    if (!out.good())
        throw std::runtime_error("cannot write " + path);
}

const char* kind_name(InputKind kind) {
    switch (kind) {
        case InputKind::Image:
            return "image";
        case InputKind::Video:
            return "video";
        case InputKind::Safetensors:
            return "safetensors";
        case InputKind::TorchBin:
            return "torch-bin";
        case InputKind::Npy:
            return "npy";
        case InputKind::FaceInstruct:
            return "faceinstruct";
    }
    return "?";
}

const CatalogueEntry& Catalogue::at(const std::string& name) const {
    for (const auto& entry : entries)
        if (entry.name == name)
            return entry;
    throw std::logic_error("no catalogue entry " + name);
}

std::vector<CatalogueEntry> Catalogue::of_kind(InputKind kind) const {
    std::vector<CatalogueEntry> out;
    for (const auto& entry : entries)
        if (entry.kind == kind)
            out.push_back(entry);
    return out;
}

std::vector<CatalogueEntry> Catalogue::media() const {
    std::vector<CatalogueEntry> out = of_kind(InputKind::Image);
    for (const auto& entry : of_kind(InputKind::Video))
        out.push_back(entry);
    return out;
}

Catalogue build_catalogue(const std::string& dir) {
    fs::create_directories(dir);
    Catalogue c;
    c.dir = dir;
    auto add = [&](const std::string& name, const std::string& file, InputKind kind,
                   Outcome outcome, const std::string& note, const std::string& bytes) {
        const std::string path = dir + "/" + file;
        write_bytes(path, bytes);
        c.entries.push_back({name, path, kind, outcome, note});
    };

    // ---- safetensors weights ----------------------------------------------
    const std::string data = st_data();
    c.good_weights = dir + "/good.safetensors";
    write_bytes(c.good_weights, safetensors_bytes(st_good_header(), data));
    const std::string good_st = read_bytes(c.good_weights);
    const auto st = [&](const std::string& name, const std::string& note,
                        const std::string& bytes) {
        add(name, name + ".safetensors", InputKind::Safetensors, Outcome::Refused, note, bytes);
    };
    st("st_zero_bytes", "empty file", "");
    st("st_header_length_past_end", "header length field larger than the file",
       safetensors_bytes(st_good_header(), data, int64_t(good_st.size()) + 100));
    st("st_header_length_huge", "header length field 2^62",
       safetensors_bytes(st_good_header(), data, int64_t(1) << 62));
    st("st_header_not_json", "header bytes are not JSON",
       le64(16) + std::string("{\"w\": [1, 2, 3") + std::string(2, '\x01') + data);
    {
        auto h = st_good_header();
        h["b"] = st_entry("F32", {3}, 12, 24);
        st("st_overlapping_offsets", "tensor b's bytes overlap w's", safetensors_bytes(h, data));
    }
    {
        auto h = st_good_header();
        h["b"] = st_entry("F32", {1000}, 24, 4024);
        st("st_offsets_past_end", "tensor b ends past the file", safetensors_bytes(h, data));
    }
    {
        auto h = st_good_header();
        h["b"]["dtype"] = "F8_E9M9";
        st("st_unknown_dtype", "dtype F8_E9M9", safetensors_bytes(h, data));
    }
    {
        auto h = st_good_header();
        h["w"]["shape"] = {4, 3};
        st("st_shape_size_mismatch", "shape (4, 3) F32 over 24 bytes", safetensors_bytes(h, data));
    }
    {
        auto h = st_good_header();
        h["w"]["shape"] = {-2, -3};
        st("st_negative_shape", "shape (-2, -3): product matches the bytes",
           safetensors_bytes(h, data));
    }
    {
        auto h = st_good_header();
        h["w"]["shape"] = "2x3";
        h["b"]["data_offsets"] = {"24", 36};
        st("st_wrong_json_types", "shape is a string, an offset is a string",
           safetensors_bytes(h, data));
    }
    st("st_truncated_data", "data section cut short", good_st.substr(0, good_st.size() - 10));

    // ---- torch.save .bin checkpoints ---------------------------------------------
    c.good_torch_bin = dir + "/good_pytorch_model.bin";
    const std::string good_bin =
        torch_zip(pk_state_dict(pk_tensor(4, 0, {2, 2}, {2, 1})), {{"0", four_floats()}});
    write_bytes(c.good_torch_bin, good_bin);
    const auto bin = [&](const std::string& name, const std::string& note,
                         const std::string& bytes) {
        add(name, name + ".bin", InputKind::TorchBin, Outcome::Refused, note, bytes);
    };
    const auto bin_pickle = [&](const std::string& name, const std::string& note,
                                const std::string& pickle) {
        bin(name, note, torch_zip(pickle, {{"0", four_floats()}}));
    };
    bin("bin_zero_bytes", "empty file", "");
    bin("bin_truncated", "archive cut in half", good_bin.substr(0, good_bin.size() / 2));
    bin("bin_not_zip", "plain text named .bin", "definitely not a zip archive");
    bin_pickle(
        "bin_posix_system", "REDUCE posix.system('touch …')",
        "\x80\x02" + pk_global("posix", "system") + pk_str("touch " + dir + "/pwned") + "\x85R.");
    bin_pickle(
        "bin_os_system", "REDUCE os.system('touch …')",
        "\x80\x02" + pk_global("os", "system") + pk_str("touch " + dir + "/pwned") + "\x85R.");
    bin_pickle(
        "bin_forbidden_global", "a value built by builtins.getattr",
        "\x80\x02" + pk_ordered_dict() + pk_str("w") + pk_global("builtins", "getattr") + ")Rs.");
    bin_pickle("bin_storage_size_lies", "persistent id says 100 floats, the record holds 4",
               pk_state_dict(pk_tensor(100, 0, {4}, {1})));
    bin_pickle("bin_view_past_end", "view (2, 2) at offset 2 of a 4-float storage",
               pk_state_dict(pk_tensor(4, 2, {2, 2}, {2, 1})));
    bin_pickle("bin_negative_stride", "stride -1", pk_state_dict(pk_tensor(4, 3, {4}, {-1})));
    bin_pickle("bin_shape_overflow", "shape (2^40, 2^40)",
               pk_state_dict(pk_tensor(4, 0, {int64_t(1) << 40, int64_t(1) << 40}, {0, 0})));
    bin_pickle("bin_not_a_dict", "top level is a list of tensors",
               "\x80\x02]" + pk_tensor(4, 0, {4}, {1}) + "a.");
    bin_pickle("bin_nested_state_dict", "{'state_dict': {...}}, a training checkpoint",
               "\x80\x02}" + pk_str("state_dict") + pk_ordered_dict() + "(" + pk_str("w") +
                   pk_tensor(4, 0, {4}, {1}) + "us.");
    bin("bin_missing_record", "data.pkl names storage 0, the zip has no data/0",
        torch_zip(pk_state_dict(pk_tensor(4, 0, {4}, {1})), {}));

    // ---- .npy landmarks -------------------------------------------------------
    c.good_npy = dir + "/good.npy";
    {
        std::vector<float> values(136);
        for (size_t i = 0; i < values.size(); ++i)
            values[i] = float(i);
        write_npy(c.good_npy, {68, 2}, values);
    }
    const std::string good_npy = read_bytes(c.good_npy);
    const auto npy = [&](const std::string& name, const std::string& note,
                         const std::string& bytes) {
        add(name, name + ".npy", InputKind::Npy, Outcome::Refused, note, bytes);
    };
    npy("npy_zero_bytes", "empty file", "");
    npy("npy_wrong_magic", "magic string altered", "\x94" + good_npy.substr(1));
    npy("npy_fortran_order", "fortran_order: True",
        npy_bytes("{'descr': '<f4', 'fortran_order': True, 'shape': (68, 2), }", npy_payload(136)));
    npy("npy_wrong_dtype_object", "dtype |O (pickled objects)",
        npy_bytes("{'descr': '|O', 'fortran_order': False, 'shape': (68, 2), }", npy_payload(136)));
    npy("npy_wrong_dtype_complex", "dtype <c8",
        npy_bytes("{'descr': '<c8', 'fortran_order': False, 'shape': (68, 2), }",
                  npy_payload(272)));
    npy("npy_big_endian", "dtype >f4",
        npy_bytes("{'descr': '>f4', 'fortran_order': False, 'shape': (68, 2), }",
                  npy_payload(136)));
    npy("npy_truncated", "data cut short", good_npy.substr(0, good_npy.size() - 100));
    npy("npy_shape_overflow", "shape (2^62, 2^62)",
        npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, "
                  "4611686018427387904), }",
                  npy_payload(136)));
    {
        std::string lying = good_npy;
        lying[8] = '\xFF';
        lying[9] = '\xFF';  // header length 65535, past the end of the file
        npy("npy_header_length_lies", "header length field past the end", lying);
    }

    // ---- FaceInstruct data --------------------------------------------------------
    const auto fi = [&](const std::string& name, const std::string& note,
                        const std::string& bytes) {
        add(name, name + ".json", InputKind::FaceInstruct, Outcome::Refused, note, bytes);
    };
    const nlohmann::json good_turns = nlohmann::json::array(
        {turn(true, "<image>\nWhat is the expression?"), turn(false, "Happy.")});
    fi("fi_zero_bytes", "empty file", "");
    fi("fi_truncated", "JSON cut in the middle",
       nlohmann::json::array({{{"image", "a.jpg"}, {"conversations", good_turns}}})
           .dump()
           .substr(0, 40));
    fi("fi_not_a_list", "top level is an object", nlohmann::json{{"image", "a.jpg"}}.dump());
    fi("fi_wrong_types", "image is a number, conversations a string, a turn's value a list",
       nlohmann::json::array(
           {{{"image", 42}, {"conversations", good_turns}},
            {{"image", "a.jpg"}, {"conversations", "Happy."}},
            {{"image", "a.jpg"},
             {"conversations", {{{"from", "human"}, {"value", {1, 2}}}, turn(false, "Happy.")}}}})
           .dump());
    fi("fi_deep_nesting", "200000 nested lists",
       std::string(200000, '[') + std::string(200000, ']'));
    {
        auto turns = good_turns;
        turns[1]["value"] = std::string(3 << 20, 'a');
        fi("fi_huge_string", "a 3 MiB answer (limit 1 MiB)",
           nlohmann::json::array({{{"image", "a.jpg"}, {"conversations", turns}}}).dump());
    }
    fi("fi_missing_media", "the image it names does not exist",
       nlohmann::json::array({{{"image", "no-such-photo.jpg"}, {"conversations", good_turns}}})
           .dump());
    fi("fi_bad_utf8", "invalid UTF-8 inside a string",
       "[{\"image\": \"a.jpg\", \"conversations\": [{\"from\": \"human\", \"value\": "
       "\"<image>\\nQ\xC3\x28\xFF\"}, {\"from\": \"gpt\", \"value\": \"Happy.\"}]}]");

#ifdef FACELLAVA_HAVE_MEDIA
    // ---- images ----------------------------------------------------------------------
    c.good_jpeg = dir + "/good.jpg";
    save_image_jpeg(coded_frame(0x5A), c.good_jpeg, 92);
    save_image_png(coded_frame(0x5A), dir + "/good.png");
    const std::string jpeg = read_bytes(c.good_jpeg);
    const std::string png = read_bytes(dir + "/good.png");
    const auto img = [&](const std::string& name, const std::string& ext, Outcome outcome,
                         const std::string& note, const std::string& bytes) {
        add(name, name + ext, InputKind::Image, outcome, note, bytes);
    };
    img("jpeg_zero_bytes", ".jpg", Outcome::Refused, "empty file", "");
    img("png_zero_bytes", ".png", Outcome::Refused, "empty file", "");
    img("jpeg_truncated", ".jpg", Outcome::Refused, "first half of a JPEG",
        jpeg.substr(0, jpeg.size() / 2));
    img("jpeg_header_only", ".jpg", Outcome::Refused, "the first 200 bytes", jpeg.substr(0, 200));
    const size_t sos = jpeg.find("\xFF\xDA");
    img("jpeg_bitflipped", ".jpg", Outcome::DecodesOrRefused, "a bit flipped every 61 scan bytes",
        flip_bits(jpeg, sos + 14, jpeg.size() - 2, 61));
    img("png_truncated", ".png", Outcome::Refused, "first half of a PNG",
        png.substr(0, png.size() / 2));
    const size_t idat = png.find("IDAT");
    img("png_bitflipped", ".png", Outcome::DecodesOrRefused, "bits flipped inside IDAT",
        flip_bits(png, idat + 8, idat + 40, 7));
    {
        std::string huge = jpeg;
        const size_t sof = huge.find("\xFF\xC0");
        huge[sof + 5] = char(60000 >> 8);
        huge[sof + 6] = char(60000 & 0xFF);
        huge[sof + 7] = char(60000 >> 8);
        huge[sof + 8] = char(60000 & 0xFF);
        img("jpeg_absurd_dimensions", ".jpg", Outcome::RefusedTooLarge, "SOF0 says 60000 x 60000",
            huge);
    }
    {
        std::string huge = png;
        const size_t ihdr = huge.find("IHDR");
        for (size_t at : {ihdr + 4, ihdr + 8}) {
            huge[at] = 0;
            huge[at + 1] = 0;
            huge[at + 2] = char(60000 >> 8);
            huge[at + 3] = char(60000 & 0xFF);
        }
        img("png_absurd_dimensions", ".png", Outcome::RefusedTooLarge, "IHDR says 60000 x 60000",
            huge);
    }
    // A good photo under a name that is not UTF-8 (Latin-1 "café"), and a
    // broken one under another.
    img("image_non_utf8_name", "-caf\xE9.jpg", Outcome::Decodes, "Latin-1 file name", jpeg);
    img("bad_image_non_utf8_name", "-\xFF\xFE.jpg", Outcome::Refused,
        "truncated JPEG with a non-UTF-8 name", jpeg.substr(0, jpeg.size() / 3));

    // ---- videos ----------------------------------------------------------------------
    c.good_video = dir + "/good.mp4";
    VideoWriterOptions cfr;
    cfr.gop_size = 6;
    write_video(c.good_video, kVideoFrames, cfr);
    const std::string mp4 = read_bytes(c.good_video);
    write_video(dir + "/good.avi", kVideoFrames, cfr);
    const std::string avi = read_bytes(dir + "/good.avi");
    const auto vid = [&](const std::string& name, const std::string& ext, Outcome outcome,
                         const std::string& note, const std::string& bytes) {
        add(name, name + ext, InputKind::Video, outcome, note, bytes);
    };
    vid("mp4_zero_bytes", ".mp4", Outcome::Refused, "empty file", "");
    vid("mp4_truncated", ".mp4", Outcome::Refused, "first half: no moov index",
        mp4.substr(0, mp4.size() / 2));
    {
        const size_t mdat = find_box(mp4, "mdat");
        vid("mp4_bitflipped", ".mp4", Outcome::DecodesOrRefused, "bits flipped in the frame data",
            flip_bits(mp4, mdat + 64, mp4.size() / 2, 53));
    }
    {
        std::string lying = mp4;
        const size_t moov = find_box(lying, "moov");
        for (size_t i = moov + 8; i + 8 < lying.size(); ++i) {
            if (lying.compare(i, 4, "stsz") == 0) {
                // Every sample size becomes 0x7FFFFFF0: the index points far past the file.
                const uint32_t count = (uint8_t(lying[i + 12]) << 24) |
                                       (uint8_t(lying[i + 13]) << 16) |
                                       (uint8_t(lying[i + 14]) << 8) | uint8_t(lying[i + 15]);
                for (uint32_t s = 0; s < count && i + 16 + 4 * s + 4 <= lying.size(); ++s)
                    lying.replace(i + 16 + 4 * s, 4, std::string("\x7F\xFF\xFF\xF0", 4));
                break;
            }
        }
        vid("mp4_index_lies", ".mp4", Outcome::Refused, "sample sizes of 2 GiB in the index",
            lying);
    }
    vid("avi_truncated", ".avi", Outcome::DecodesOrRefused, "first 40 %: no idx1 index",
        avi.substr(0, avi.size() * 2 / 5));
    vid("avi_bitflipped", ".avi", Outcome::DecodesOrRefused, "bits flipped in the movi list",
        flip_bits(avi, avi.find("movi") + 64, avi.size() * 3 / 4, 47));
    vid("avi_header_only", ".avi", Outcome::Refused, "the RIFF header and nothing else",
        avi.substr(0, 64));
    write_audio_only(dir + "/video_no_video_stream.mkv");
    c.entries.push_back({"video_no_video_stream", dir + "/video_no_video_stream.mkv",
                         InputKind::Video, Outcome::Refused, "audio only, no video stream"});
    remux_variable_frame_rate(c.good_video, dir + "/video_vfr.mp4");
    c.entries.push_back({"video_vfr", dir + "/video_vfr.mp4", InputKind::Video, Outcome::Decodes,
                         "variable frame rate: gaps of 40 and 120 ms"});
    VideoWriterOptions rotated = cfr;
    rotated.rotation_degrees = kRotation;
    write_video(dir + "/video_rotated_90.mp4", kVideoFrames, rotated);
    c.entries.push_back({"video_rotated_90", dir + "/video_rotated_90.mp4", InputKind::Video,
                         Outcome::Decodes, "display matrix: 90 degrees clockwise"});
    fs::remove(dir + "/good.avi");
    fs::remove(dir + "/good.png");
#endif
    return c;
}

}  // namespace facellava::hostile
