// JSON text for files and streams the program writes. File and folder names
// need not be UTF-8 while JSON text must be: bytes that are not become U+FFFD
// instead of nlohmann's type_error, which would otherwise surface after half
// a document is out (facellava analyze) or as an "unexpected error" (batch).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace facellava {

// `indent` as for nlohmann::json::dump (-1: one line).
template <typename Json>
std::string json_text(const Json& json, int indent = -1) {
    return json.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace facellava
