#include "media/image_header.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <vector>

#include "facellava/core/error.h"
#include "facellava/core/paths.h"

namespace facellava::media {
namespace {

constexpr const char* kSupported = "supported image formats: JPEG, PNG, BMP, WebP, TIFF";

// Random access to a file's bytes; short reads at the end are reported, not
// thrown, so each parser can say which part of its header is missing.
class ByteSource {
  public:
    explicit ByteSource(const std::string& path) : in_(path, std::ios::binary) {
        if (!in_)
            throw Error("cannot open image file", path, "check that it exists and is readable");
        in_.seekg(0, std::ios::end);
        size_ = static_cast<uint64_t>(in_.tellg());
    }
    uint64_t size() const { return size_; }
    // Reads n bytes at offset; false when the file ends first.
    bool read(uint64_t offset, void* out, size_t n) {
        if (offset > size_ || n > size_ - offset)
            return false;
        in_.clear();
        in_.seekg(static_cast<std::streamoff>(offset));
        in_.read(static_cast<char*>(out), static_cast<std::streamsize>(n));
        return static_cast<size_t>(in_.gcount()) == n;
    }

  private:
    std::ifstream in_;
    uint64_t size_ = 0;
};

uint32_t be16(const uint8_t* p) {
    return uint32_t(p[0]) << 8 | p[1];
}
uint32_t be32(const uint8_t* p) {
    return be16(p) << 16 | be16(p + 2);
}
uint32_t le16(const uint8_t* p) {
    return uint32_t(p[1]) << 8 | p[0];
}
uint32_t le24(const uint8_t* p) {
    return le16(p) | uint32_t(p[2]) << 16;
}
uint32_t le32(const uint8_t* p) {
    return le16(p) | le16(p + 2) << 16;
}
uint64_t le64(const uint8_t* p) {
    return le32(p) | uint64_t(le32(p + 4)) << 32;
}
uint64_t be64(const uint8_t* p) {
    return uint64_t(be32(p)) << 32 | be32(p + 4);
}

[[noreturn]] void malformed(const std::string& path, ImageFormat format, const std::string& why) {
    throw Error(
        std::string(image_format_name(format)) + " header is malformed or cut short (" + why + ")",
        path, "the file is corrupt or truncated; re-export or re-download it");
}

// SOFn markers carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share
// the range but are not frames.
bool is_sof(uint8_t marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

// True when an EOI marker (FF D9) lies between `from` and the end. Entropy-coded
// data stuffs every FF with 00, so FF D9 there can only be the real marker;
// searching backwards finds it at once in a complete file.
bool has_eoi_after(ByteSource& src, uint64_t from) {
    constexpr size_t kChunk = 64 * 1024;
    std::vector<uint8_t> buf(kChunk + 1);
    uint64_t end = src.size();
    while (end > from + 1) {  // at least two bytes left to pair
        uint64_t start = end - from > kChunk ? end - kChunk : from;
        size_t n = static_cast<size_t>(end - start);
        if (!src.read(start, buf.data(), n))
            return false;
        for (size_t i = n - 1; i > 0; --i) {
            if (buf[i - 1] == 0xFF && buf[i] == 0xD9)
                return true;
        }
        if (start == from)
            break;
        end = start + 1;  // keep one byte of overlap for a marker split across chunks
    }
    return false;
}

ImageHeader parse_jpeg(ByteSource& src, const std::string& path) {
    ImageHeader header;
    header.format = ImageFormat::Jpeg;
    uint64_t pos = 2;  // after SOI
    bool have_size = false;
    for (;;) {
        uint8_t b[2];
        if (!src.read(pos, b, 2))
            malformed(path, header.format, "no frame header");
        if (b[0] != 0xFF)
            malformed(path, header.format, "marker expected");
        uint8_t marker = b[1];
        if (marker == 0xFF) {  // fill byte before a marker
            pos += 1;
            continue;
        }
        pos += 2;
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8))
            continue;  // no length
        if (marker == 0xD9)
            malformed(path, header.format, "image ends before its data");
        uint8_t len_bytes[2];
        if (!src.read(pos, len_bytes, 2))
            malformed(path, header.format, "segment length");
        uint32_t length = be16(len_bytes);
        if (length < 2)
            malformed(path, header.format, "segment length");
        if (is_sof(marker)) {
            uint8_t sof[5];
            if (!src.read(pos + 2, sof, 5))
                malformed(path, header.format, "frame header");
            header.height = be16(sof + 1);
            header.width = be16(sof + 3);
            // Height 0 means "given later by a DNL marker", which libjpeg does not support.
            if (header.width == 0 || header.height == 0) {
                throw Error("JPEG without a size in its frame header (DNL) is not supported", path);
            }
            have_size = true;
        }
        if (marker == 0xDA) {  // start of scan: entropy-coded data follows
            if (!have_size)
                malformed(path, header.format, "scan before the frame header");
            header.complete = has_eoi_after(src, pos + length);
            return header;
        }
        pos += length;
    }
}

ImageHeader parse_png(ByteSource& src, const std::string& path) {
    ImageHeader header;
    header.format = ImageFormat::Png;
    uint8_t ihdr[16];  // length, "IHDR", width, height
    if (!src.read(8, ihdr, sizeof(ihdr)) || std::memcmp(ihdr + 4, "IHDR", 4) != 0) {
        malformed(path, header.format, "IHDR chunk");
    }
    header.width = be32(ihdr + 8);
    header.height = be32(ihdr + 12);
    return header;
}

ImageHeader parse_bmp(ByteSource& src, const std::string& path) {
    ImageHeader header;
    header.format = ImageFormat::Bmp;
    uint8_t dib[16];
    if (!src.read(14, dib, 4))
        malformed(path, header.format, "DIB header");
    uint32_t dib_size = le32(dib);
    if (dib_size == 12) {  // OS/2 BITMAPCOREHEADER: 16-bit sizes
        if (!src.read(18, dib, 4))
            malformed(path, header.format, "DIB header");
        header.width = le16(dib);
        header.height = le16(dib + 2);
    } else {
        if (dib_size < 16 || !src.read(18, dib, 8))
            malformed(path, header.format, "DIB header");
        header.width = static_cast<int32_t>(le32(dib));
        // Negative height marks a top-down bitmap.
        header.height = static_cast<int32_t>(le32(dib + 4));
        if (header.height < 0)
            header.height = -header.height;
    }
    return header;
}

ImageHeader parse_webp(ByteSource& src, const std::string& path) {
    ImageHeader header;
    header.format = ImageFormat::WebP;
    uint8_t b[30];
    if (!src.read(0, b, 16))
        malformed(path, header.format, "first chunk");
    // Bytes of the first chunk's payload that hold its size.
    const size_t needed = std::memcmp(b + 12, "VP8L", 4) == 0 ? 5 : 10;
    if (!src.read(20, b + 20, needed))
        malformed(path, header.format, "first chunk");
    const uint8_t* data = b + 20;
    if (std::memcmp(b + 12, "VP8 ", 4) == 0) {  // lossy: frame tag, start code, 14-bit sizes
        if (data[3] != 0x9D || data[4] != 0x01 || data[5] != 0x2A) {
            malformed(path, header.format, "VP8 start code");
        }
        header.width = le16(data + 6) & 0x3FFF;
        header.height = le16(data + 8) & 0x3FFF;
    } else if (std::memcmp(b + 12, "VP8L", 4) == 0) {  // lossless: 14-bit sizes minus one
        if (data[0] != 0x2F)
            malformed(path, header.format, "VP8L signature");
        uint32_t bits = le32(data + 1);
        header.width = (bits & 0x3FFF) + 1;
        header.height = ((bits >> 14) & 0x3FFF) + 1;
    } else if (std::memcmp(b + 12, "VP8X", 4) == 0) {  // extended: 24-bit canvas sizes minus one
        header.width = int64_t(le24(data + 4)) + 1;
        header.height = int64_t(le24(data + 7)) + 1;
    } else {
        malformed(path, header.format, "unknown first chunk");
    }
    return header;
}

ImageHeader parse_tiff(ByteSource& src, const std::string& path) {
    ImageHeader header;
    header.format = ImageFormat::Tiff;
    uint8_t b[16];
    if (!src.read(0, b, 16))
        malformed(path, header.format, "file header");
    const bool little = b[0] == 'I';
    auto u16 = [&](const uint8_t* p) { return little ? le16(p) : be16(p); };
    auto u32 = [&](const uint8_t* p) { return little ? le32(p) : be32(p); };
    auto u64 = [&](const uint8_t* p) { return little ? le64(p) : be64(p); };
    const bool big_tiff = u16(b + 2) == 43;
    // Classic TIFF: 2-byte entry count, 12-byte entries, 4-byte values.
    // BigTIFF: 8-byte count, 20-byte entries, 8-byte values.
    const uint64_t ifd = big_tiff ? u64(b + 8) : u32(b + 4);
    const size_t count_size = big_tiff ? 8 : 2;
    const size_t entry_size = big_tiff ? 20 : 12;
    uint8_t count_bytes[8];
    if (!src.read(ifd, count_bytes, count_size))
        malformed(path, header.format, "first IFD");
    const uint64_t entries = big_tiff ? u64(count_bytes) : u16(count_bytes);
    if (entries > 4096)
        malformed(path, header.format, "IFD entry count");
    std::vector<uint8_t> table(static_cast<size_t>(entries) * entry_size);
    if (!src.read(ifd + count_size, table.data(), table.size())) {
        malformed(path, header.format, "IFD entries");
    }
    for (uint64_t i = 0; i < entries; ++i) {
        const uint8_t* e = table.data() + i * entry_size;
        const uint32_t tag = u16(e);
        const uint32_t type = u16(e + 2);
        const uint8_t* value = e + (big_tiff ? 12 : 8);
        int64_t v = 0;
        if (type == 3) {
            v = u16(value);  // SHORT, left-justified in the value field
        } else if (type == 4) {
            v = u32(value);  // LONG
        } else if (type == 16) {
            v = static_cast<int64_t>(u64(value));  // LONG8 (BigTIFF)
        } else {
            continue;
        }
        if (tag == 256)
            header.width = v;
        if (tag == 257)
            header.height = v;
    }
    if (header.width <= 0 || header.height <= 0)
        malformed(path, header.format, "no image size");
    return header;
}

}  // namespace

const char* image_format_name(ImageFormat format) {
    switch (format) {
        case ImageFormat::Jpeg:
            return "JPEG";
        case ImageFormat::Png:
            return "PNG";
        case ImageFormat::Bmp:
            return "BMP";
        case ImageFormat::WebP:
            return "WebP";
        case ImageFormat::Tiff:
            return "TIFF";
        case ImageFormat::Unknown:
            break;
    }
    return "unknown";
}

ImageFormat sniff_image_format(const uint8_t* d, size_t n) {
    static const uint8_t kPng[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
        return ImageFormat::Jpeg;
    if (n >= 8 && std::memcmp(d, kPng, 8) == 0)
        return ImageFormat::Png;
    if (n >= 12 && std::memcmp(d, "RIFF", 4) == 0 && std::memcmp(d + 8, "WEBP", 4) == 0) {
        return ImageFormat::WebP;
    }
    if (n >= 4 && ((d[0] == 'I' && d[1] == 'I' && (d[2] == 42 || d[2] == 43) && d[3] == 0) ||
                   (d[0] == 'M' && d[1] == 'M' && d[2] == 0 && (d[3] == 42 || d[3] == 43)))) {
        return ImageFormat::Tiff;
    }
    // "BM" alone is common in text; require the reserved zeros too.
    if (n >= 14 && d[0] == 'B' && d[1] == 'M' && d[6] == 0 && d[7] == 0 && d[8] == 0 && d[9] == 0) {
        return ImageFormat::Bmp;
    }
    return ImageFormat::Unknown;
}

ImageHeader read_image_header(const std::string& path) {
    if (!is_readable_file(path)) {
        throw Error("cannot read image file", path, "check that the file exists and is readable");
    }
    ByteSource src(path);
    uint8_t magic[16] = {};
    const size_t n = static_cast<size_t>(std::min<uint64_t>(src.size(), sizeof(magic)));
    if (n == 0)
        throw Error("image file is empty", path, "the file is truncated; re-export it");
    src.read(0, magic, n);
    switch (sniff_image_format(magic, n)) {
        case ImageFormat::Jpeg:
            return parse_jpeg(src, path);
        case ImageFormat::Png:
            return parse_png(src, path);
        case ImageFormat::Bmp:
            return parse_bmp(src, path);
        case ImageFormat::WebP:
            return parse_webp(src, path);
        case ImageFormat::Tiff:
            return parse_tiff(src, path);
        case ImageFormat::Unknown:
            break;
    }
    throw Error("not an image file of a supported format", path, kSupported);
}

}  // namespace facellava::media
