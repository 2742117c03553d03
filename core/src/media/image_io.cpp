// load_image / save_image_*: OpenCV's codecs behind a header check that
// refuses absurd sizes and truncated JPEGs before anything is decoded.
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <string_view>
#include <vector>

#include "facellava/core/atomic_file.h"
#include "facellava/core/error.h"
#include "facellava/core/media.h"
#include "media/cv_image.h"
#include "media/image_header.h"

namespace facellava {
namespace {

void check_limits(const media::ImageHeader& header, const ImageLoadOptions& options,
                  const std::string& path) {
    const std::string size = std::to_string(header.width) + "x" + std::to_string(header.height);
    if (header.width <= 0 || header.height <= 0) {
        throw Error(std::string(media::image_format_name(header.format)) +
                        " header gives an invalid size " + size,
                    path, "the file is corrupt");
    }
    if (header.width > options.max_width || header.height > options.max_height ||
        int64_t(header.width) * header.height > options.max_pixels) {
        throw Error("image is too large to load (" + size + " pixels)", path,
                    "the limit is " + std::to_string(options.max_width) + "x" +
                        std::to_string(options.max_height) + " and " +
                        std::to_string(options.max_pixels / 1'000'000) +
                        " megapixels; downscale the image first");
    }
}

void write_bytes(const std::vector<uchar>& bytes, const std::string& path) {
    write_file_atomically(
        path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

// Encodes by explicit format rather than by the path's extension (what
// cv::imwrite does), so any file name works.
void save_encoded(const ImageRGB& image, const std::string& path, const char* ext,
                  const std::vector<int>& params) {
    media::check_image(image, "cannot save image");
    cv::Mat bgr;
    cv::cvtColor(media::mat_view(image), bgr, cv::COLOR_RGB2BGR);
    std::vector<uchar> bytes;
    bool ok = false;
    try {
        ok = cv::imencode(ext, bgr, bytes, params);
    } catch (const cv::Exception& e) {
        throw Error(std::string("cannot encode image (") + e.what() + ")", path);
    }
    if (!ok)
        throw Error("cannot encode image", path);
    write_bytes(bytes, path);
}

}  // namespace

ImageRGB load_image(const std::string& path, const ImageLoadOptions& options) {
    const media::ImageHeader header = media::read_image_header(path);
    check_limits(header, options, path);
    if (!header.complete) {
        throw Error("JPEG file is truncated (its image data has no end marker)", path,
                    "re-export or re-download the file");
    }
    cv::Mat bgr;
    try {
        // IMREAD_COLOR: 8-bit BGR whatever the source depth, EXIF orientation applied.
        bgr = cv::imread(path, cv::IMREAD_COLOR);
    } catch (const cv::Exception& e) {
        throw Error(std::string("cannot decode ") + media::image_format_name(header.format) +
                        " image (" + e.what() + ")",
                    path, "the file is corrupt or of an unsupported variant");
    }
    if (bgr.empty()) {
        throw Error(
            std::string("cannot decode ") + media::image_format_name(header.format) + " image",
            path, "the file is corrupt, truncated or of an unsupported variant");
    }
    return media::image_from_bgr(bgr);
}

void save_image_png(const ImageRGB& image, const std::string& path) {
    save_encoded(image, path, ".png", {cv::IMWRITE_PNG_COMPRESSION, 3});
}

void save_image_jpeg(const ImageRGB& image, const std::string& path, int quality) {
    if (quality < 1 || quality > 100) {
        throw Error("JPEG quality must be between 1 and 100, got " + std::to_string(quality), path);
    }
    save_encoded(image, path, ".jpg", {cv::IMWRITE_JPEG_QUALITY, quality});
}

}  // namespace facellava
