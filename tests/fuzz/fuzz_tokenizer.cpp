// Fuzz target: the tokenizer (model::Tokenizer over the dlmopen'ed
// SentencePiece shim) with the demo model the project ships. The first byte
// picks what the rest is:
//   0  text: encode and encode_prompt; every id must lie in the vocabulary
//   1  16-bit signed ids, 2  ids folded into [-1, vocab], 3  raw 32-bit ids:
//      decode and id_to_piece. An id outside the vocabulary must give a
//      facellava::Error, never a crash; ids inside it must always decode.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "facellava/core/error.h"
#include "facellava/model/tokenizer.h"
#include "fuzz_support.h"

namespace {

using facellava::model::Tokenizer;

const Tokenizer& tokenizer() {
    static const Tokenizer loaded = Tokenizer::load(
        std::string(FACELLAVA_SOURCE_DIR) + "/resources/models/facellava-nano/tokenizer.model");
    return loaded;
}

void fuzz_text(const Tokenizer& tok, std::string_view text) {
    const int32_t vocab = tok.vocab_size();
    for (int32_t id : tok.encode(text))
        FUZZ_CHECK(id >= 0 && id < vocab);
    int64_t images = 0;
    for (int64_t id : tok.encode_prompt(text, true)) {
        if (id == facellava::model::kImageTokenId)
            ++images;
        else
            FUZZ_CHECK(id >= 0 && id < vocab);
    }
    int64_t tags = 0;
    for (size_t at = text.find("<image>"); at != std::string_view::npos;
         at = text.find("<image>", at + 7))
        ++tags;
    FUZZ_CHECK(images <= tags);
}

void fuzz_ids(const Tokenizer& tok, const std::vector<int32_t>& ids) {
    const int32_t vocab = tok.vocab_size();
    bool in_range = true;
    for (int32_t id : ids) {
        const bool valid = id >= 0 && id < vocab;
        in_range = in_range && valid;
        try {
            const std::string piece = tok.id_to_piece(id);
            FUZZ_CHECK(valid && !piece.empty());
            const int32_t back = tok.piece_to_id(piece);
            FUZZ_CHECK(back >= 0 && back < vocab);
        } catch (const facellava::Error&) {
            FUZZ_CHECK(!valid);
        }
    }
    try {
        (void)tok.decode(ids);
    } catch (const facellava::Error&) {
        FUZZ_CHECK(!in_range);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0)
        return 0;
    const Tokenizer& tok = tokenizer();
    const uint8_t mode = data[0] & 3;
    const uint8_t* rest = data + 1;
    const size_t n = size - 1;
    if (mode == 0) {
        try {
            fuzz_text(tok, std::string_view(reinterpret_cast<const char*>(rest), n));
        } catch (const facellava::Error&) {
            // the documented outcome for text the tokenizer refuses (e.g. too long)
        }
        return 0;
    }
    std::vector<int32_t> ids;
    if (mode == 1) {
        for (size_t i = 0; i + 2 <= n; i += 2) {
            int16_t id;
            std::memcpy(&id, rest + i, 2);
            ids.push_back(id);
        }
    } else if (mode == 2) {
        const int64_t span = int64_t(tok.vocab_size()) + 2;
        for (size_t i = 0; i < n; ++i)
            ids.push_back(int32_t(int64_t(rest[i]) * 131 % span) - 1);
    } else {
        for (size_t i = 0; i + 4 <= n; i += 4) {
            int32_t id;
            std::memcpy(&id, rest + i, 4);
            ids.push_back(id);
        }
    }
    fuzz_ids(tok, ids);
    return 0;
}
