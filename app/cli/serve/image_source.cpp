#if defined(FACELLAVA_HAVE_HTTPLIB) && defined(FACELLAVA_HAVE_MEDIA)
#include "image_source.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "api_error.h"
#include "facellava/core/error.h"
#include "facellava/core/media.h"

namespace facellava::cli::serve {
namespace fs = std::filesystem;
namespace {

bool starts_with(const std::string& text, const std::string& prefix) {
    return text.compare(0, prefix.size(), prefix) == 0;
}

// RFC 4648 base64 (standard alphabet; padding optional, whitespace skipped
// as some clients wrap long lines). Anything else is an error.
bool base64_decode(const std::string& in, size_t from, std::string& out) {
    std::array<int, 256> value;
    value.fill(-1);
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; ++i)
        value[static_cast<unsigned char>(alphabet[i])] = i;
    out.clear();
    out.reserve((in.size() - from) / 4 * 3);
    uint32_t bits = 0;
    int nbits = 0;
    size_t padding = 0;
    for (size_t i = from; i < in.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(in[i]);
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;
        if (c == '=') {
            ++padding;
            continue;
        }
        if (padding > 0 || value[c] < 0)
            return false;  // data after padding, or a character outside the alphabet
        bits = (bits << 6) | uint32_t(value[c]);
        nbits += 6;
        if (nbits >= 8) {
            nbits -= 8;
            out.push_back(char((bits >> nbits) & 0xFF));
        }
    }
    return padding <= 2 && nbits < 6;
}

}  // namespace

std::string decode_data_url(const std::string& url, const std::string& param) {
    const size_t comma = url.find(',');
    if (!starts_with(url, "data:") || comma == std::string::npos)
        throw bad_request("not a data: URL", param, "invalid_image_url");
    const std::string header = url.substr(5, comma - 5);
    if (header.size() < 7 || header.compare(header.size() - 7, 7, ";base64") != 0)
        throw bad_request("data: URLs must be base64 (data:image/jpeg;base64,...)", param,
                          "invalid_image_url");
    std::string bytes;
    if (!base64_decode(url, comma + 1, bytes) || bytes.empty())
        throw bad_request("the data: URL's base64 is malformed", param, "invalid_base64");
    return bytes;
}

std::string resolve_media_path(const std::string& media_root, const std::string& path,
                               const std::string& param) {
    if (media_root.empty()) {
        throw bad_request(
            "local paths are served only with --media-root; send the image as a "
            "data: URL",
            param, "media_root_not_set");
    }
    const std::string plain = starts_with(path, "file://") ? path.substr(7) : path;
    std::error_code ec;
    const fs::path root = fs::canonical(media_root, ec);
    if (ec)
        throw ApiError(500, "the server's --media-root cannot be read", "server_error");
    const fs::path joined = fs::path(plain).is_absolute() ? fs::path(plain) : root / plain;
    // canonical() resolves "..", "." and symbolic links, so the prefix test
    // below sees where the file really is.
    const fs::path resolved = fs::weakly_canonical(joined, ec);
    const auto [root_end, unused] =
        std::mismatch(root.begin(), root.end(), resolved.begin(), resolved.end());
    (void)unused;
    if (ec || root_end != root.end())
        throw bad_request("the path lies outside --media-root", param, "path_outside_media_root");
    if (!fs::is_regular_file(resolved, ec))
        throw ApiError(404, "no such file under --media-root: " + plain, "invalid_request_error",
                       param, "file_not_found");
    return resolved.string();
}

ImageRGB load_image_file(const std::string& path, int64_t max_pixels, const std::string& param) {
    ImageLoadOptions options;
    options.max_pixels = max_pixels;
    try {
        return load_image(path, options);
    } catch (const Error& e) {
        // brief(): the message without the (server-side) file name.
        if (e.brief().find("too large") != std::string::npos)
            throw ApiError(422,
                           "image is over --max-image-pixels (" + std::to_string(max_pixels) +
                               " pixels): " + e.brief(),
                           "invalid_request_error", param, "image_too_large");
        throw bad_request("the image cannot be decoded: " + e.brief(), param, "invalid_image");
    }
}

ImageRGB decode_image_bytes(const std::string& bytes, int64_t max_pixels,
                            const std::string& param) {
    // Core decodes files (content-sniffed, EXIF-rotated, limits checked on
    // the header before decoding): the bytes go through a private temp file.
    std::string name = (fs::temp_directory_path() / "facellava-serve-XXXXXX").string();
    const int fd = mkstemp(name.data());
    if (fd < 0)
        throw ApiError(500, "cannot create a temporary file", "server_error");
    struct Remove {
        std::string path;
        ~Remove() { std::remove(path.c_str()); }
    } remove{name};
    size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n <= 0) {
            ::close(fd);
            throw ApiError(500, "cannot write a temporary file", "server_error");
        }
        written += size_t(n);
    }
    ::close(fd);
    return load_image_file(name, max_pixels, param);
}

ImageRGB load_image_url(const std::string& url, const std::string& media_root, int64_t max_pixels,
                        const std::string& param) {
    if (starts_with(url, "data:"))
        return decode_image_bytes(decode_data_url(url, param), max_pixels, param);
    if (starts_with(url, "http://") || starts_with(url, "https://"))
        throw bad_request("remote image URLs are not fetched; send a data: URL", param,
                          "remote_url_not_supported");
    return load_image_file(resolve_media_path(media_root, url, param), max_pixels, param);
}

}  // namespace facellava::cli::serve
#endif
