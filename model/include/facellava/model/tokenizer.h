// The LLaMA SentencePiece tokenizer, with the legacy LLaVA prompt rule.
//
// SentencePiece runs inside a shim library loaded in its own link namespace
// (model/spm_shim/spm_shim.h explains why); this class hides that.
// Thread-safety: a loaded Tokenizer is immutable; encode/decode may be called
// from several threads at once. Copies share the loaded model.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace facellava::model {

// The id LLaVA puts where an image's visual tokens go (IMAGE_TOKEN_INDEX).
constexpr int64_t kImageTokenId = -200;

class Tokenizer {
  public:
    // Loads a SentencePiece .model file; throws facellava::Error naming the
    // file, or naming the shim library when it cannot be loaded.
    static Tokenizer load(const std::string& model_path);

    std::vector<int32_t> encode(std::string_view text) const;  // no BOS/EOS
    std::string decode(const std::vector<int32_t>& ids) const;
    std::string id_to_piece(int32_t id) const;
    int32_t piece_to_id(std::string_view piece) const;
    int32_t vocab_size() const;
    int32_t bos_id() const;
    int32_t eos_id() const;
    int32_t unk_id() const;
    int32_t pad_id() const;  // -1 when the model defines none

    // The legacy rule Face-LLaVA was trained with (FACELLAVA_SPEC §4): BOS,
    // then the prompt split on "<image>" (→ kImageTokenId) and "</s>" (→ EOS),
    // each remaining non-empty chunk encoded on its own.
    std::vector<int64_t> encode_prompt(std::string_view prompt, bool add_bos = true) const;

    // Trains a SentencePiece model through the shim (flags as for
    // spm_train); throws facellava::Error with SentencePiece's message.
    static void train(const std::string& flags);

    // Trains on in-memory sentences, in the order given (flags as for
    // spm_train minus --input and --model_prefix; SentencePiece's random
    // generator seeded with `seed`) and returns the model loaded. No file
    // path enters the model, so the same sentences, flags and seed give the
    // same serialized() bytes. Throws facellava::Error with SentencePiece's
    // message.
    static Tokenizer train_from_sentences(const std::string& flags,
                                          const std::vector<std::string>& sentences, uint32_t seed);
    // The model as a .model file holds it.
    std::string serialized() const;

    // Version of SentencePiece behind the shim, or why it cannot be loaded.
    static std::string library_version();
    // Path of the shim library that is (or would be) loaded.
    static std::string shim_path();

  private:
    struct Impl;
    explicit Tokenizer(std::shared_ptr<const Impl> impl);
    std::shared_ptr<const Impl> impl_;
};

}  // namespace facellava::model
