#include "io/json_config.h"

#include "facellava/core/json_limits.h"

namespace facellava::io {

Json read_json_file(const std::string& path) {
    // config.json, checkpoint indexes and manifests: small files, but read
    // from downloads, so parsed with limits on size, depth and string length.
    return read_json_file_limited(path);
}

}  // namespace facellava::io
