#include "facellava/core/error.h"

namespace facellava {
namespace {

std::string compose(const std::string& what, const std::string& path, const std::string& hint) {
    std::string message = what;
    if (!path.empty())
        message += " [" + path + "]";
    if (!hint.empty())
        message += ": " + hint;
    return message;
}

}  // namespace

Error::Error(std::string what, std::string path, std::string hint)
    : std::runtime_error(compose(what, path, hint)),
      brief_(std::move(what)),
      path_(std::move(path)),
      hint_(std::move(hint)) {}

}  // namespace facellava
