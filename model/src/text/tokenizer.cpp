#include "facellava/model/tokenizer.h"

#include "facellava/core/error.h"
#include "text/spm_shim_library.h"

namespace facellava::model {

struct Tokenizer::Impl {
    const SpmShimApi* api = nullptr;
    fl_spm* spm = nullptr;
    std::string path;
    ~Impl() {
        if (spm)
            api->free(spm);
    }
};

namespace {

constexpr const char* kImageTag = "<image>";
constexpr const char* kEosTag = "</s>";

// The longest text encode() accepts. A prompt or training sample is at most
// a few thousand tokens (the context length); 4 MiB is ~1M tokens, and keeps
// SentencePiece's working memory (tens of bytes per input byte) bounded when
// a file or paste of hundreds of MB reaches the tokenizer.
constexpr size_t kMaxEncodeBytes = size_t(4) << 20;

void check_input_length(size_t bytes, const std::string& path) {
    if (bytes > kMaxEncodeBytes) {
        throw Error("the text to tokenize is " + std::to_string(bytes) +
                        " bytes, over the limit of " + std::to_string(kMaxEncodeBytes) +
                        " bytes (about a million tokens, far beyond the context length)",
                    path, "shorten the text or split it");
    }
}

}  // namespace

Tokenizer::Tokenizer(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

Tokenizer Tokenizer::load(const std::string& model_path) {
    const SpmShimApi& api = spm_shim();
    auto impl = std::make_shared<Impl>();
    impl->api = &api;
    impl->path = model_path;
    char err[512] = {0};
    impl->spm = api.load(model_path.c_str(), err, sizeof(err));
    if (!impl->spm) {
        throw Error(std::string("cannot load tokenizer: ") + err, model_path,
                    "point to the checkpoint's tokenizer.model (a SentencePiece model)");
    }
    return Tokenizer(std::move(impl));
}

std::vector<int32_t> Tokenizer::encode(std::string_view text) const {
    check_input_length(text.size(), impl_->path);
    // With byte fallback every byte maps to at most one id, plus the dummy
    // prefix: text.size() + 2 ids always suffice, so one call is enough.
    std::vector<int32_t> ids(text.size() + 2);
    char err[512] = {0};
    int64_t n = impl_->api->encode(impl_->spm, text.data(), text.size(), ids.data(),
                                   int64_t(ids.size()), err, sizeof(err));
    if (n < 0)
        throw Error(std::string("tokenizer failed to encode text: ") + err, impl_->path);
    if (n > int64_t(ids.size())) {
        ids.resize(size_t(n));
        n = impl_->api->encode(impl_->spm, text.data(), text.size(), ids.data(), n, err,
                               sizeof(err));
        if (n < 0)
            throw Error(std::string("tokenizer failed to encode text: ") + err, impl_->path);
    }
    ids.resize(size_t(n));
    return ids;
}

std::string Tokenizer::decode(const std::vector<int32_t>& ids) const {
    std::string text(ids.size() * 8 + 16, '\0');
    char err[512] = {0};
    int64_t n = impl_->api->decode(impl_->spm, ids.data(), int64_t(ids.size()), text.data(),
                                   int64_t(text.size()), err, sizeof(err));
    if (n < 0)
        throw Error(std::string("tokenizer failed to decode ids: ") + err, impl_->path);
    if (n > int64_t(text.size())) {
        text.resize(size_t(n));
        n = impl_->api->decode(impl_->spm, ids.data(), int64_t(ids.size()), text.data(), n, err,
                               sizeof(err));
        if (n < 0)
            throw Error(std::string("tokenizer failed to decode ids: ") + err, impl_->path);
    }
    text.resize(size_t(n));
    return text;
}

std::string Tokenizer::id_to_piece(int32_t id) const {
    std::string piece(64, '\0');
    int64_t n = impl_->api->id_to_piece(impl_->spm, id, piece.data(), int64_t(piece.size()));
    if (n < 0) {
        throw Error("token id " + std::to_string(id) + " is outside the vocabulary of " +
                        std::to_string(vocab_size()),
                    impl_->path);
    }
    if (n > int64_t(piece.size())) {
        piece.resize(size_t(n));
        impl_->api->id_to_piece(impl_->spm, id, piece.data(), n);
    }
    piece.resize(size_t(n));
    return piece;
}

int32_t Tokenizer::piece_to_id(std::string_view piece) const {
    return impl_->api->piece_to_id(impl_->spm, piece.data(), piece.size());
}

int32_t Tokenizer::vocab_size() const {
    return impl_->api->vocab_size(impl_->spm);
}
int32_t Tokenizer::unk_id() const {
    return impl_->api->special_id(impl_->spm, 0);
}
int32_t Tokenizer::bos_id() const {
    return impl_->api->special_id(impl_->spm, 1);
}
int32_t Tokenizer::eos_id() const {
    return impl_->api->special_id(impl_->spm, 2);
}
int32_t Tokenizer::pad_id() const {
    return impl_->api->special_id(impl_->spm, 3);
}

std::vector<int64_t> Tokenizer::encode_prompt(std::string_view prompt, bool add_bos) const {
    check_input_length(prompt.size(), impl_->path);  // before scanning for tags
    std::vector<int64_t> ids;
    if (add_bos)
        ids.push_back(bos_id());
    size_t start = 0;
    auto flush = [&](size_t end) {
        if (end > start) {
            for (int32_t id : encode(prompt.substr(start, end - start)))
                ids.push_back(id);
        }
    };
    while (start <= prompt.size()) {
        const size_t image_at = prompt.find(kImageTag, start);
        const size_t eos_at = prompt.find(kEosTag, start);
        const size_t next = std::min(image_at, eos_at);
        if (next == std::string_view::npos) {
            flush(prompt.size());
            break;
        }
        flush(next);
        if (next == image_at) {
            ids.push_back(kImageTokenId);
            start = next + std::char_traits<char>::length(kImageTag);
        } else {
            ids.push_back(eos_id());
            start = next + std::char_traits<char>::length(kEosTag);
        }
    }
    return ids;
}

void Tokenizer::train(const std::string& flags) {
    char err[1024] = {0};
    if (spm_shim().train(flags.c_str(), err, sizeof(err)) != 0) {
        throw Error(std::string("SentencePiece training failed: ") + err, "",
                    "check the training flags and input files");
    }
}

Tokenizer Tokenizer::train_from_sentences(const std::string& flags,
                                          const std::vector<std::string>& sentences,
                                          uint32_t seed) {
    const SpmShimApi& api = spm_shim();
    std::vector<const char*> data;
    std::vector<size_t> sizes;
    data.reserve(sentences.size());
    sizes.reserve(sentences.size());
    for (const auto& s : sentences) {
        data.push_back(s.data());
        sizes.push_back(s.size());
    }
    auto impl = std::make_shared<Impl>();
    impl->api = &api;
    impl->path = "(trained in memory)";
    char err[1024] = {0};
    impl->spm = api.train_sentences(flags.c_str(), data.data(), sizes.data(), data.size(), seed,
                                    err, sizeof(err));
    if (!impl->spm) {
        throw Error(std::string("SentencePiece training failed: ") + err, "",
                    "check the training data and the vocabulary size");
    }
    return Tokenizer(std::move(impl));
}

std::string Tokenizer::serialized() const {
    const int64_t n = impl_->api->serialize(impl_->spm, nullptr, 0);
    if (n < 0)
        throw Error("cannot serialize the tokenizer", impl_->path);
    std::string bytes(size_t(n), '\0');
    impl_->api->serialize(impl_->spm, bytes.data(), n);
    return bytes;
}

std::string Tokenizer::library_version() {
    try {
        return spm_shim().library_version();
    } catch (const Error& e) {
        return std::string("unavailable (") + e.what() + ")";
    }
}

std::string Tokenizer::shim_path() {
    return spm_shim_location();
}

}  // namespace facellava::model
