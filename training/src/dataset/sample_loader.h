// SampleRecord → what one training sample is made of: token ids and labels,
// preprocessed pixels and normalised landmarks. Runs on the data workers.
//
// Thread-safety: load_sample() only reads its options (the tokenizer and
// decoder are thread-safe), so workers call it concurrently.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "batching/conversation_tokens.h"
#include "dataset/media_decoder.h"
#include "engine/image_preprocess.h"
#include "facellava/model/conversation.h"
#include "facellava/training/sample_record.h"
#include "facellava/training/training.h"
#include "torch_pch.h"

namespace facellava::training {

struct SampleLoaderOptions {
    int64_t num_frames = 8;
    int64_t image_size = 224;                       // image tower input side
    int64_t video_size = 224;                       // video tower input side
    model::PixelNormalisation image_normalisation;  // image tower's image_mean / image_std
    model::PixelNormalisation video_normalisation;  // video tower's
    bool pad_to_square = true;                      // image_aspect_ratio "pad"
    // The authors' float resize; the face-api (Nano) tower keeps its 8-bit one.
    model::ImageResize image_resize = model::ImageResize::Authors;
    double landmark_scale = 256.0;
    int64_t tokens_per_image = 256;  // visual tokens replacing one image sentinel
    int64_t tokens_per_frame = 257;  // … one video frame sentinel
    int64_t max_text_tokens = 2048;
    int64_t max_sequence_tokens = 3072;
    model::ConversationTemplate conversation;
    PromptEncoder encoder;
    std::shared_ptr<const MediaDecoder> decoder;
};

struct LoadedSample {
    const SampleRecord* record = nullptr;  // owned by the catalog, alive for the run
    TokenizedConversation text;
    int64_t sequence_length = 0;  // after splicing
    torch::Tensor pixels;     // image: (n, 3, S, S); video: (3, T, S, S); undefined for text only
    torch::Tensor landmarks;  // image: (n, 136); video: (T, 136); undefined without landmarks
};

struct LoadedBatch {
    std::vector<LoadedSample> samples;
    std::vector<DataIssue> failures;  // samples of this batch that could not be loaded
};

// Throws SampleError or facellava::Error (bad media, landmarks, lengths).
LoadedSample load_sample(const SampleRecord& record, const SampleLoaderOptions& options);

// Loads every sample of a batch; failures become DataIssues (file + index).
LoadedBatch load_batch(const std::vector<const SampleRecord*>& records,
                       const SampleLoaderOptions& options);

// Tokens replacing one sentinel of this sample.
int64_t tokens_per_sentinel(const SampleRecord& record, const SampleLoaderOptions& options);

}  // namespace facellava::training
