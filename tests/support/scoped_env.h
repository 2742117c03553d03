// Sets (or unsets) environment variables for one scope and restores them.
// ctest runs each case in its own process, so this never leaks across tests.
#pragma once

#include <cstdlib>
#include <map>
#include <optional>
#include <string>

namespace facellava::test {

class ScopedEnv {
  public:
    ScopedEnv() = default;
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;
    ~ScopedEnv() {
        for (const auto& [name, old] : saved_) {
            if (old)
                ::setenv(name.c_str(), old->c_str(), 1);
            else
                ::unsetenv(name.c_str());
        }
    }
    // value std::nullopt: unset.
    ScopedEnv& set(const std::string& name, const std::optional<std::string>& value) {
        if (!saved_.count(name)) {
            const char* old = std::getenv(name.c_str());
            saved_[name] = old ? std::optional<std::string>(old) : std::nullopt;
        }
        if (value)
            ::setenv(name.c_str(), value->c_str(), 1);
        else
            ::unsetenv(name.c_str());
        return *this;
    }

  private:
    std::map<std::string, std::optional<std::string>> saved_;
};

}  // namespace facellava::test
