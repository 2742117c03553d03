#include "facellava/core/json_limits.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "facellava/core/error.h"
#include "facellava/core/paths.h"

namespace facellava {
namespace {

struct LimitExceeded : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace

nlohmann::json parse_json_limited(const std::string& text, const std::string& source,
                                  const JsonLimits& limits) {
    using Json = nlohmann::json;
    using E = Json::parse_event_t;
    auto check = [&limits](int depth, E event, Json& parsed) {
        if ((event == E::object_start || event == E::array_start) && depth >= limits.max_depth) {
            throw LimitExceeded("nesting deeper than " + std::to_string(limits.max_depth) +
                                " levels");
        }
        if ((event == E::value || event == E::key) && parsed.is_string() &&
            int64_t(parsed.get_ref<const std::string&>().size()) > limits.max_string_bytes) {
            throw LimitExceeded("a string longer than " + std::to_string(limits.max_string_bytes) +
                                " bytes");
        }
        return true;
    };
    try {
        return Json::parse(text, check);
    } catch (const LimitExceeded& e) {
        throw Error(std::string("JSON limit exceeded: ") + e.what(), source,
                    "the file is damaged or was not written by the program that should have "
                    "made it");
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("malformed JSON: ") + e.what(), source, "fix or replace the file");
    }
}

nlohmann::json read_json_file_limited(const std::string& path, const JsonLimits& limits) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0)
        throw Error("cannot open file", path, std::strerror(errno));
    if (S_ISREG(info.st_mode) && int64_t(info.st_size) > limits.max_file_bytes) {
        throw Error("the JSON file is " + std::to_string(info.st_size) +
                        " bytes, over the limit of " + std::to_string(limits.max_file_bytes),
                    path, "the file is damaged or is not the JSON file expected here");
    }
    return parse_json_limited(read_file(path), path, limits);
}

}  // namespace facellava
