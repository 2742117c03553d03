// The dlmopen'ed SentencePiece shim: loaded once per process, in its own link
// namespace, and kept for the process lifetime (unloading a namespace that
// owns a C++ runtime is not reliably safe).
#pragma once

#include <string>

#include "../../spm_shim/spm_shim.h"

namespace facellava::model {

struct SpmShimApi {
    fl_spm_library_version_fn library_version;
    fl_spm_load_fn load;
    fl_spm_load_bytes_fn load_bytes;
    fl_spm_free_fn free;
    fl_spm_encode_fn encode;
    fl_spm_decode_fn decode;
    fl_spm_vocab_size_fn vocab_size;
    fl_spm_id_to_piece_fn id_to_piece;
    fl_spm_piece_to_id_fn piece_to_id;
    fl_spm_special_id_fn special_id;
    fl_spm_train_fn train;
    fl_spm_train_sentences_fn train_sentences;
    fl_spm_serialize_fn serialize;
};

// The shim's functions; throws facellava::Error naming the library path and
// the fix when it cannot be found or loaded.
const SpmShimApi& spm_shim();
// Where the shim is looked for: $FACELLAVA_SPM_SHIM, next to the executable's
// install layout, then the build tree.
std::string spm_shim_location();

}  // namespace facellava::model
