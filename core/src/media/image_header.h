// Image format sniffing and header parsing, done by hand so the size of an
// image is known before any decoder allocates memory for it. Private to
// core/src/media.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace facellava::media {

enum class ImageFormat { Unknown, Jpeg, Png, Bmp, WebP, Tiff };

const char* image_format_name(ImageFormat format);

// Recognises the formats load_image supports from the first bytes of a file
// (16 are enough for every signature).
ImageFormat sniff_image_format(const uint8_t* data, size_t size);

struct ImageHeader {
    ImageFormat format = ImageFormat::Unknown;
    int64_t width = 0;  // as stored, before any EXIF orientation
    int64_t height = 0;
    // JPEG only: an end-of-image marker follows the first scan. A JPEG cut
    // short decodes "successfully" to a grey lower part in libjpeg, so this is
    // how truncation is caught.
    bool complete = true;
};

// Reads the header of `path`. Throws facellava::Error naming the file when it
// cannot be read, is not one of the supported formats, or its header is
// malformed or cut short.
ImageHeader read_image_header(const std::string& path);

}  // namespace facellava::media
