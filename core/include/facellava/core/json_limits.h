// JSON read from user files (checkpoint config.json and indexes, session
// manifests, …) is parsed with limits on nesting depth and string length,
// enforced while parsing, so a corrupt or hostile file fails with a clear
// error instead of exhausting the stack or memory. The file size is checked
// before anything is read. FaceInstruct data files have their own, streaming
// reader with the same kind of limits (training/src/dataset/).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace facellava {

struct JsonLimits {
    int max_depth = 64;                            // nested objects / arrays
    int64_t max_string_bytes = int64_t(16) << 20;  // one string or key
    int64_t max_file_bytes = int64_t(256) << 20;   // the whole file
};

// Parses `text`; throws facellava::Error naming `source` on a syntax error or
// when a limit is exceeded (the error names the limit).
nlohmann::json parse_json_limited(const std::string& text, const std::string& source,
                                  const JsonLimits& limits = {});
// Reads and parses a file with the limits; throws facellava::Error naming it.
nlohmann::json read_json_file_limited(const std::string& path, const JsonLimits& limits = {});

}  // namespace facellava
