// Where a request's images come from: `data:` URLs (base64, decoded here) or
// local files, which are served only from under --media-root (a path that
// resolves outside it, through ".." or a symbolic link, is refused). Remote
// URLs are never fetched: the server does not reach the network for a client.
#pragma once

#include <cstdint>
#include <string>

#include "facellava/core/image.h"

namespace facellava::cli::serve {

// The bytes of a "data:[<type>][;base64],<payload>" URL. Throws ApiError 400
// (param `param`) when it is no base64 data URL or the base64 is malformed.
std::string decode_data_url(const std::string& url, const std::string& param);

// `path` (or "file://path"), relative to `media_root` or absolute, resolved
// and checked to lie under it and to be a regular file. Throws ApiError 400
// when there is no media root or the path leaves it, 404 when it is missing.
std::string resolve_media_path(const std::string& media_root, const std::string& path,
                               const std::string& param);

// Decodes image bytes (JPEG, PNG, BMP, WebP, TIFF) with core's decoder.
// Throws ApiError 422 (code "image_too_large") over max_pixels, 400
// (code "invalid_image") when the bytes are no image it can read.
ImageRGB decode_image_bytes(const std::string& bytes, int64_t max_pixels, const std::string& param);
ImageRGB load_image_file(const std::string& path, int64_t max_pixels, const std::string& param);

// An image_url's image: a data URL or a media-root path.
ImageRGB load_image_url(const std::string& url, const std::string& media_root, int64_t max_pixels,
                        const std::string& param);

}  // namespace facellava::cli::serve
