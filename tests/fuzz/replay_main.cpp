// Replays a fuzz target's inputs without libFuzzer: the normal (gcc) build
// links each target with this main so ctest runs the committed corpus and
// every crash input found so far (tests/fuzz/{corpus,crashes}/<target>/) on
// each CI run. Arguments are files or folders (read one level deep, in name
// order); a missing folder counts as empty, an input that crashes or breaks
// an invariant aborts the process and so fails the test.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "facellava/core/paths.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        std::error_code ec;
        if (fs::is_directory(argv[i], ec)) {
            for (const auto& entry : fs::directory_iterator(argv[i], ec))
                if (entry.is_regular_file(ec))
                    files.push_back(entry.path().string());
        } else if (fs::exists(argv[i], ec)) {
            files.push_back(argv[i]);
        }
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        std::fprintf(stderr, "no inputs to replay\n");
        return 1;
    }
    for (const auto& file : files) {
        std::printf("replay %s\n", file.c_str());
        std::fflush(stdout);
        const std::string bytes = facellava::read_file(file);
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    }
    std::printf("%zu inputs replayed\n", files.size());
    return 0;
}
