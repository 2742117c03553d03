// Fuzz target: NumPy .npy files (read_npy). Bad input must give a
// facellava::Error; what is read must hold as many values as its shape says.
#include <cstddef>
#include <cstdint>

#include "facellava/core/error.h"
#include "facellava/core/npy.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = facellava::fuzz::write_input("input.npy", data, size);
    try {
        const facellava::NpyArray array = facellava::read_npy(path);
        int64_t count = 1;
        for (int64_t dim : array.shape) {
            FUZZ_CHECK(dim >= 0);
            count *= dim;
        }
        FUZZ_CHECK(array.size() == count);
        FUZZ_CHECK(int64_t(array.values.size()) == count);
        FUZZ_CHECK(!array.dtype.empty());
    } catch (const facellava::Error&) {
        // the documented outcome for a corrupt file
    }
    return 0;
}
