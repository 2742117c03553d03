// Fuzz target: the safetensors reader (io::SafetensorsFile). Opening a bad
// file must give a facellava::Error; every tensor of a file that opens must
// copy out (and convert to float) with the byte size its header entry spans.
#include <cstddef>
#include <cstdint>

#include "facellava/core/error.h"
#include "fuzz_support.h"
#include "io/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = facellava::fuzz::write_input("input.safetensors", data, size);
    try {
        const facellava::io::SafetensorsFile file(path);
        for (const auto& entry : file.entries()) {
            FUZZ_CHECK(file.contains(entry.name));
            FUZZ_CHECK(entry.begin <= entry.end && entry.end <= size);
            const torch::Tensor tensor = file.tensor(entry.name);
            FUZZ_CHECK(tensor.numel() * int64_t(tensor.element_size()) ==
                       int64_t(entry.end - entry.begin));
            FUZZ_CHECK(tensor.sizes().vec() == entry.shape);
            const torch::Tensor as_float = file.tensor(entry.name, torch::kFloat32);
            FUZZ_CHECK(as_float.numel() == tensor.numel());
        }
    } catch (const facellava::Error&) {
        // the documented outcome for a corrupt file
    }
    return 0;
}
