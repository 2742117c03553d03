// The SentencePiece shim: see spm_shim.h for why it exists and its rules.
#include "spm_shim.h"

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

struct fl_spm {
    sentencepiece::SentencePieceProcessor processor;
};

namespace {

void copy_message(const std::string& message, char* err, size_t err_size) {
    if (!err || err_size == 0)
        return;
    const size_t n = std::min(message.size(), err_size - 1);
    std::memcpy(err, message.data(), n);
    err[n] = '\0';
}

int64_t copy_text(const std::string& text, char* out, int64_t capacity) {
    if (out && int64_t(text.size()) <= capacity)
        std::memcpy(out, text.data(), text.size());
    return int64_t(text.size());
}

fl_spm* finish_load(std::unique_ptr<fl_spm> spm, const sentencepiece::util::Status& status,
                    char* err, size_t err_size) {
    if (!status.ok()) {
        copy_message(status.ToString(), err, err_size);
        return nullptr;
    }
    return spm.release();
}

}  // namespace

#define FL_EXPORT extern "C" __attribute__((visibility("default")))

FL_EXPORT int fl_spm_abi_version(void) {
    return FL_SPM_ABI_VERSION;
}

FL_EXPORT const char* fl_spm_library_version(void) {
    // Debian's 0.1.97 has no version query; the build system records it.
#ifdef FACELLAVA_SPM_VERSION
    return FACELLAVA_SPM_VERSION;
#else
    return "unknown";
#endif
}

FL_EXPORT fl_spm* fl_spm_load(const char* path, char* err, size_t err_size) {
    try {
        auto spm = std::make_unique<fl_spm>();
        auto status = spm->processor.Load(path);
        return finish_load(std::move(spm), status, err, err_size);
    } catch (const std::exception& e) {
        copy_message(e.what(), err, err_size);
        return nullptr;
    }
}

FL_EXPORT fl_spm* fl_spm_load_bytes(const char* data, size_t size, char* err, size_t err_size) {
    try {
        auto spm = std::make_unique<fl_spm>();
        auto status = spm->processor.LoadFromSerializedProto(std::string(data, size));
        return finish_load(std::move(spm), status, err, err_size);
    } catch (const std::exception& e) {
        copy_message(e.what(), err, err_size);
        return nullptr;
    }
}

FL_EXPORT void fl_spm_free(fl_spm* spm) {
    delete spm;
}

FL_EXPORT int64_t fl_spm_encode(fl_spm* spm, const char* text, size_t text_size, int32_t* ids,
                                int64_t capacity, char* err, size_t err_size) {
    try {
        std::vector<int> pieces;
        auto status = spm->processor.Encode(std::string(text, text_size), &pieces);
        if (!status.ok()) {
            copy_message(status.ToString(), err, err_size);
            return -1;
        }
        if (ids && int64_t(pieces.size()) <= capacity) {
            for (size_t i = 0; i < pieces.size(); ++i)
                ids[i] = pieces[i];
        }
        return int64_t(pieces.size());
    } catch (const std::exception& e) {
        copy_message(e.what(), err, err_size);
        return -1;
    }
}

FL_EXPORT int64_t fl_spm_decode(fl_spm* spm, const int32_t* ids, int64_t count, char* out,
                                int64_t capacity, char* err, size_t err_size) {
    try {
        std::vector<int> pieces(ids, ids + count);
        const int size = spm->processor.GetPieceSize();
        for (int id : pieces) {
            if (id < 0 || id >= size) {
                copy_message("token id " + std::to_string(id) + " is outside the vocabulary", err,
                             err_size);
                return -1;
            }
        }
        std::string text;
        auto status = spm->processor.Decode(pieces, &text);
        if (!status.ok()) {
            copy_message(status.ToString(), err, err_size);
            return -1;
        }
        return copy_text(text, out, capacity);
    } catch (const std::exception& e) {
        copy_message(e.what(), err, err_size);
        return -1;
    }
}

FL_EXPORT int32_t fl_spm_vocab_size(fl_spm* spm) {
    return spm->processor.GetPieceSize();
}

FL_EXPORT int64_t fl_spm_id_to_piece(fl_spm* spm, int32_t id, char* out, int64_t capacity) {
    if (id < 0 || id >= spm->processor.GetPieceSize())
        return -1;
    return copy_text(spm->processor.IdToPiece(id), out, capacity);
}

FL_EXPORT int32_t fl_spm_piece_to_id(fl_spm* spm, const char* piece, size_t piece_size) {
    return spm->processor.PieceToId(std::string(piece, piece_size));
}

FL_EXPORT int32_t fl_spm_special_id(fl_spm* spm, int which) {
    switch (which) {
        case 0:
            return spm->processor.unk_id();
        case 1:
            return spm->processor.bos_id();
        case 2:
            return spm->processor.eos_id();
        case 3:
            return spm->processor.pad_id();
        default:
            return -1;
    }
}

FL_EXPORT int fl_spm_train(const char* flags, char* err, size_t err_size) {
    try {
        auto status = sentencepiece::SentencePieceTrainer::Train(flags);
        if (!status.ok()) {
            copy_message(status.ToString(), err, err_size);
            return 1;
        }
        return 0;
    } catch (const std::exception& e) {
        copy_message(e.what(), err, err_size);
        return 1;
    }
}

namespace {

// The caller's sentences, in order, as SentencePiece's trainer reads them.
class ArraySentences : public sentencepiece::SentenceIterator {
  public:
    ArraySentences(const char* const* sentences, const size_t* sizes, size_t count)
        : sentences_(sentences), sizes_(sizes), count_(count) {
        load();
    }
    bool done() const override { return next_ > count_; }
    void Next() override { load(); }
    const std::string& value() const override { return value_; }
    sentencepiece::util::Status status() const override { return {}; }

  private:
    void load() {
        if (next_ < count_)
            value_.assign(sentences_[next_], sizes_[next_]);
        ++next_;
    }
    const char* const* sentences_;
    const size_t* sizes_;
    size_t count_;
    size_t next_ = 0;
    std::string value_;
};

}  // namespace

FL_EXPORT fl_spm* fl_spm_train_sentences(const char* flags, const char* const* sentences,
                                         const size_t* sizes, size_t count, uint32_t seed,
                                         char* err, size_t err_size) {
    try {
        sentencepiece::SetRandomGeneratorSeed(seed);
        ArraySentences input(sentences, sizes, count);
        std::string proto;
        auto status = sentencepiece::SentencePieceTrainer::Train(flags, &input, &proto);
        if (!status.ok()) {
            copy_message(status.ToString(), err, err_size);
            return nullptr;
        }
        auto spm = std::make_unique<fl_spm>();
        auto loaded = spm->processor.LoadFromSerializedProto(proto);
        return finish_load(std::move(spm), loaded, err, err_size);
    } catch (const std::exception& e) {
        copy_message(e.what(), err, err_size);
        return nullptr;
    }
}

FL_EXPORT int64_t fl_spm_serialize(fl_spm* spm, char* out, int64_t capacity) {
    try {
        return copy_text(spm->processor.serialized_model_proto(), out, capacity);
    } catch (const std::exception&) {
        return -1;
    }
}
