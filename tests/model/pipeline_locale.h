// Switches LC_NUMERIC to German (decimal comma) for the duration of a test,
// so "numbers ignore the locale" is checked for real. When the system has no
// de_DE locale it builds one with localedef into a temporary folder (LOCPATH);
// when even that fails, active() is false and why() says so.
#pragma once

#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "test_support.h"

namespace facellava::pipeline::test_locale {

class GermanNumbers {
  public:
    GermanNumbers() {
        const char* now = std::setlocale(LC_NUMERIC, nullptr);
        previous_ = now ? now : "C";
        if (try_set())
            return;
        // Built once per process (about 5 s), then reused by later tests.
        static const std::string built = [] {
            const std::string dir = facellava::test::make_temp_dir("locale");
            const std::string command =
                "localedef -i de_DE -f UTF-8 " + dir + "/de_DE.UTF-8 >/dev/null 2>&1";
            return std::system(command.c_str()) == 0 ? dir : std::string();
        }();
        if (!built.empty()) {
            setenv("LOCPATH", built.c_str(), 1);
            if (try_set())
                return;
        }
        why_ =
            "no German locale (de_DE.UTF-8) is installed and localedef could not build one; "
            "the locale-independence assertion was skipped";
    }
    ~GermanNumbers() { std::setlocale(LC_NUMERIC, previous_.c_str()); }
    GermanNumbers(const GermanNumbers&) = delete;
    GermanNumbers& operator=(const GermanNumbers&) = delete;

    bool active() const { return active_; }
    const std::string& why() const { return why_; }

  private:
    bool try_set() {
        if (!std::setlocale(LC_NUMERIC, "de_DE.UTF-8"))
            return false;
        // Prove the switch took: printf must now write a comma.
        char text[16];
        std::snprintf(text, sizeof text, "%.1f", 1.5);
        active_ = std::string(text) == "1,5";
        return active_;
    }

    std::string previous_;
    bool active_ = false;
    std::string why_;
};

}  // namespace facellava::pipeline::test_locale
