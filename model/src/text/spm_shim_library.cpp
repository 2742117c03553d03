#include "text/spm_shim_library.h"

#include <dlfcn.h>

#include <mutex>
#include <stdexcept>

#include "facellava/core/error.h"
#include "facellava/core/paths.h"
#include "facellava_build_paths.h"

namespace facellava::model {
namespace {

constexpr const char* kShimFileName = "libfacellava_spm_shim.so";

template <typename Fn>
Fn resolve(void* handle, const char* name, const std::string& path) {
    void* symbol = ::dlsym(handle, name);
    if (!symbol) {
        throw Error(std::string("SentencePiece shim lacks symbol ") + name, path,
                    "rebuild the project so the shim matches the engine");
    }
    return reinterpret_cast<Fn>(symbol);
}

SpmShimApi load_shim() {
    const std::string path = spm_shim_location();
    if (path.empty() || !is_readable_file(path)) {
        throw Error("SentencePiece shim library not found", path.empty() ? kShimFileName : path,
                    "build with -DFACELLAVA_WITH_SPM=ON (needs libsentencepiece-dev) or set "
                    "FACELLAVA_SPM_SHIM");
    }
    // A new link namespace keeps SentencePiece's protobuf away from LibTorch's.
    void* handle = ::dlmopen(LM_ID_NEWLM, path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* why = ::dlerror();
        throw Error(std::string("cannot load SentencePiece shim: ") + (why ? why : "unknown error"),
                    path,
                    "install libsentencepiece0 (apt-get install libsentencepiece0) and rebuild");
    }
    auto abi = resolve<fl_spm_abi_version_fn>(handle, "fl_spm_abi_version", path);
    if (abi() != FL_SPM_ABI_VERSION) {
        throw Error("SentencePiece shim has ABI version " + std::to_string(abi()) + ", expected " +
                        std::to_string(FL_SPM_ABI_VERSION),
                    path, "rebuild the project so the shim matches the engine");
    }
    SpmShimApi api{};
    api.library_version =
        resolve<fl_spm_library_version_fn>(handle, "fl_spm_library_version", path);
    api.load = resolve<fl_spm_load_fn>(handle, "fl_spm_load", path);
    api.load_bytes = resolve<fl_spm_load_bytes_fn>(handle, "fl_spm_load_bytes", path);
    api.free = resolve<fl_spm_free_fn>(handle, "fl_spm_free", path);
    api.encode = resolve<fl_spm_encode_fn>(handle, "fl_spm_encode", path);
    api.decode = resolve<fl_spm_decode_fn>(handle, "fl_spm_decode", path);
    api.vocab_size = resolve<fl_spm_vocab_size_fn>(handle, "fl_spm_vocab_size", path);
    api.id_to_piece = resolve<fl_spm_id_to_piece_fn>(handle, "fl_spm_id_to_piece", path);
    api.piece_to_id = resolve<fl_spm_piece_to_id_fn>(handle, "fl_spm_piece_to_id", path);
    api.special_id = resolve<fl_spm_special_id_fn>(handle, "fl_spm_special_id", path);
    api.train = resolve<fl_spm_train_fn>(handle, "fl_spm_train", path);
    api.train_sentences =
        resolve<fl_spm_train_sentences_fn>(handle, "fl_spm_train_sentences", path);
    api.serialize = resolve<fl_spm_serialize_fn>(handle, "fl_spm_serialize", path);
    return api;
}

}  // namespace

std::string spm_shim_location() {
    const std::string overridden = env_or("FACELLAVA_SPM_SHIM", "");
    if (!overridden.empty())
        return overridden;
    const std::string exe = executable_dir();
    if (!exe.empty()) {
        const std::string installed = exe + "/../" FACELLAVA_LIB_SUBDIR "/" + kShimFileName;
        if (is_readable_file(installed))
            return installed;
    }
    return FACELLAVA_SPM_SHIM_BUILD_PATH;
}

const SpmShimApi& spm_shim() {
    // Loaded on first use; a failure is remembered and rethrown every time so
    // callers get the same clear message.
    static std::once_flag once;
    static SpmShimApi api{};
    static std::string failure;
    static std::string failure_path;
    static std::string failure_hint;
    std::call_once(once, [] {
        try {
            api = load_shim();
        } catch (const Error& e) {
            failure = e.brief();
            failure_path = e.path();
            failure_hint = e.hint();
        }
    });
    if (!failure.empty())
        throw Error(failure, failure_path, failure_hint);
    return api;
}

}  // namespace facellava::model
