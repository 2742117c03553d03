#include "io/json_config.h"

#include "facellava/core/paths.h"

namespace facellava::io {

Json read_json_file(const std::string& path) {
    const std::string text = read_file(path);
    try {
        return Json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw Error(std::string("malformed JSON: ") + e.what(), path, "fix or replace the file");
    }
}

}  // namespace facellava::io
