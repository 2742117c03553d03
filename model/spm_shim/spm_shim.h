/* Plain C interface of the SentencePiece shim (libfacellava_spm_shim.so).
 *
 * Why a shim: Debian's libsentencepiece carries its own protobuf-lite and
 * exports its symbols; LibTorch links a different protobuf. Both in one
 * global symbol scope crash before main(). The engine loads this library with
 * dlmopen(LM_ID_NEWLM) so SentencePiece and its protobuf live in their own
 * link namespace (docs: PLATFORM_NOTES).
 *
 * Rules that make crossing namespaces safe: only C types cross; buffers are
 * owned by the caller; every object the shim allocates is freed by the shim;
 * no exception escapes (errors are returned as codes plus a message copied
 * into a caller buffer). */
#ifndef FACELLAVA_SPM_SHIM_H
#define FACELLAVA_SPM_SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct fl_spm fl_spm;

#define FL_SPM_ABI_VERSION 2

/* Returns FL_SPM_ABI_VERSION so the loader can refuse a stale library. */
typedef int (*fl_spm_abi_version_fn)(void);
/* Version of the SentencePiece library the shim was built against. */
typedef const char* (*fl_spm_library_version_fn)(void);
/* Loads a .model file; NULL on failure with a message in err. */
typedef fl_spm* (*fl_spm_load_fn)(const char* path, char* err, size_t err_size);
/* Loads a model from serialized bytes (a .model file's content). */
typedef fl_spm* (*fl_spm_load_bytes_fn)(const char* data, size_t size, char* err, size_t err_size);
typedef void (*fl_spm_free_fn)(fl_spm* spm);
/* Encodes text (no BOS/EOS). Writes at most capacity ids and returns the
 * number of ids the text needs (call again with a larger buffer when it is
 * larger than capacity), or -1 on error with a message in err. */
typedef int64_t (*fl_spm_encode_fn)(fl_spm* spm, const char* text, size_t text_size, int32_t* ids,
                                    int64_t capacity, char* err, size_t err_size);
/* Decodes ids to UTF-8 text. Returns the byte length the text needs (write
 * happens only when it fits in capacity) or -1 on error. */
typedef int64_t (*fl_spm_decode_fn)(fl_spm* spm, const int32_t* ids, int64_t count, char* out,
                                    int64_t capacity, char* err, size_t err_size);
typedef int32_t (*fl_spm_vocab_size_fn)(fl_spm* spm);
/* Piece text of an id; same return convention as decode. */
typedef int64_t (*fl_spm_id_to_piece_fn)(fl_spm* spm, int32_t id, char* out, int64_t capacity);
/* Id of a piece, or the unknown id when absent. */
typedef int32_t (*fl_spm_piece_to_id_fn)(fl_spm* spm, const char* piece, size_t piece_size);
/* Special ids: which = 0 unk, 1 bos, 2 eos, 3 pad (-1 when undefined). */
typedef int32_t (*fl_spm_special_id_fn)(fl_spm* spm, int which);
/* Trains a model (SentencePieceTrainer flags string, e.g.
 * "--input=a.txt --model_prefix=out --vocab_size=1000"). 0 on success. */
typedef int (*fl_spm_train_fn)(const char* flags, char* err, size_t err_size);
/* Trains a model on `count` in-memory sentences (sentences[i] of sizes[i]
 * bytes) with flags as for fl_spm_train minus --input and --model_prefix, the
 * random generator seeded with `seed` first. Nothing is written and no path
 * enters the model, so the same sentences and flags give the same bytes.
 * Returns the trained model loaded, or NULL with a message in err. */
typedef fl_spm* (*fl_spm_train_sentences_fn)(const char* flags, const char* const* sentences,
                                             const size_t* sizes, size_t count, uint32_t seed,
                                             char* err, size_t err_size);
/* The model as a .model file holds it (serialized ModelProto); same return
 * convention as decode. */
typedef int64_t (*fl_spm_serialize_fn)(fl_spm* spm, char* out, int64_t capacity);

#ifdef __cplusplus
}
#endif

#endif /* FACELLAVA_SPM_SHIM_H */
