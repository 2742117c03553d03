// Errors that reach the user. Every failure a user can cause (bad file, missing
// asset, wrong checkpoint) is reported as a facellava::Error that names the
// file involved and says what to do, so the CLI and GUI can show it as is.
#pragma once

#include <stdexcept>
#include <string>

namespace facellava {

class Error : public std::runtime_error {
public:
    // what: what failed; path: the file or folder involved (may be empty);
    // hint: what the user can do about it (may be empty).
    Error(std::string what, std::string path = {}, std::string hint = {});

    const std::string& path() const noexcept { return path_; }
    const std::string& hint() const noexcept { return hint_; }
    const std::string& brief() const noexcept { return brief_; }

private:
    std::string brief_;
    std::string path_;
    std::string hint_;
};

}  // namespace facellava
