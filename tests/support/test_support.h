// Helpers shared by every test executable.
#pragma once

#include <string>

namespace facellava::test {

// The golden fixtures folder: $FACELLAVA_FIXTURES, else the default baked in by
// CTest (../shared/fixtures from the project root). Fails the calling test
// loudly (never skips) when the folder is missing.
std::string fixtures_dir();
// Full path of a fixture file; the test fails when it does not exist.
std::string fixture(const std::string& relative);
// A fresh empty temporary folder, removed when the process exits.
std::string make_temp_dir(const std::string& tag);
// The project source / build folder (from CTest's environment, else the
// folders this build was configured with).
std::string source_dir();
std::string binary_dir();

}  // namespace facellava::test
