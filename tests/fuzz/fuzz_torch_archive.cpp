// Fuzz target: the lazy torch.save reader (io::TorchArchive: zip directory,
// restricted unpickler, storage checks). Opening a bad file must give a
// facellava::Error; every tensor of a file that opens must read back as a
// contiguous tensor of its entry's dtype and shape, from a view that lies
// inside its storage.
#include <cstddef>
#include <cstdint>

#include "facellava/core/error.h"
#include "fuzz_support.h"
#include "io/torch_archive.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = facellava::fuzz::write_input("input.bin", data, size);
    try {
        const facellava::io::TorchArchive archive(path);
        for (const auto& entry : archive.entries()) {
            FUZZ_CHECK(archive.contains(entry.name));
            FUZZ_CHECK(entry.shape.size() == entry.stride.size());
            FUZZ_CHECK(entry.storage_offset >= 0 && entry.storage_numel >= 0);
            FUZZ_CHECK(entry.storage_numel * int64_t(c10::elementSize(entry.dtype)) <=
                       int64_t(size));
            const torch::Tensor tensor = archive.tensor(entry.name);
            FUZZ_CHECK(tensor.scalar_type() == entry.dtype);
            FUZZ_CHECK(tensor.sizes().vec() == entry.shape);
            FUZZ_CHECK(tensor.is_contiguous());
            FUZZ_CHECK(tensor.numel() <= entry.storage_numel);
            if (tensor.numel() > 0)
                FUZZ_CHECK(tensor.to(torch::kFloat64).numel() == tensor.numel());
        }
    } catch (const facellava::Error&) {
        // the documented outcome for a corrupt or hostile file
    }
    return 0;
}
