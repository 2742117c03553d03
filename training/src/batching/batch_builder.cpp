#include "batching/batch_builder.h"

#include <algorithm>

#include "facellava/core/error.h"
#include "facellava/model/tokenizer.h"

namespace facellava::training {
namespace {

// Splits (B, N, H) or (B, T, N, H) visual tokens into per-sentinel segments.
std::vector<torch::Tensor> segments_of(const torch::Tensor& tokens) {
    const auto flat = tokens.dim() == 4 ? tokens.flatten(0, 1) : tokens;
    std::vector<torch::Tensor> out;
    for (int64_t i = 0; i < flat.size(0); ++i)
        out.push_back(flat[i]);
    return out;
}

}  // namespace

std::vector<std::vector<torch::Tensor>> encode_visuals(TrainableFaceLlava& model,
                                                       const std::vector<LoadedSample>& samples) {
    std::vector<std::vector<torch::Tensor>> segments(samples.size());
    // Group: (video?, landmarks?) → sample indices; one tower call per group.
    for (const bool video : {false, true}) {
        for (const bool with_landmarks : {false, true}) {
            std::vector<size_t> members;
            std::vector<torch::Tensor> pixels, landmarks;
            for (size_t i = 0; i < samples.size(); ++i) {
                const auto& s = samples[i];
                if (!s.pixels.defined() || (s.record->media == SampleMedia::Video) != video ||
                    s.landmarks.defined() != with_landmarks) {
                    continue;
                }
                members.push_back(i);
                // Images stack along the batch (n per sample); a video is one clip.
                pixels.push_back(video ? s.pixels.unsqueeze(0) : s.pixels);
                if (with_landmarks)
                    landmarks.push_back(video ? s.landmarks.unsqueeze(0) : s.landmarks);
            }
            if (members.empty())
                continue;
            const auto px = torch::cat(pixels, 0);
            const auto lm = with_landmarks ? torch::cat(landmarks, 0) : torch::Tensor();
            const auto tokens =
                video ? model.encode_video(px, lm).tokens : model.encode_images(px, lm).tokens;
            const auto all = segments_of(tokens);
            size_t next = 0;
            for (size_t i : members) {
                const int64_t n = samples[i].text.sentinel_count();
                for (int64_t k = 0; k < n; ++k)
                    segments[i].push_back(all.at(next++));
            }
            if (next != all.size()) {
                throw Error("visual segments do not match the <image> placeholders of the batch (" +
                            std::to_string(all.size()) + " vs " + std::to_string(next) + ")");
            }
        }
    }
    return segments;
}

torch::Tensor splice_prompt(LlamaTrainForward& llm, const std::vector<int64_t>& ids,
                            const std::vector<torch::Tensor>& segments,
                            const torch::Device& device) {
    std::vector<int64_t> text;  // ids with sentinels mapped to 0 for the lookup
    text.reserve(ids.size());
    for (int64_t id : ids)
        text.push_back(id == model::kImageTokenId ? 0 : id);
    const auto embedded = llm.embed(torch::tensor(text, torch::kInt64).to(device));  // (n, H)
    std::vector<torch::Tensor> parts;
    size_t next_segment = 0;
    int64_t run_start = 0;
    for (int64_t i = 0; i <= int64_t(ids.size()); ++i) {
        const bool end = i == int64_t(ids.size());
        if (!end && ids[size_t(i)] != model::kImageTokenId)
            continue;
        if (i > run_start)
            parts.push_back(embedded.narrow(0, run_start, i - run_start));
        if (!end) {
            if (next_segment >= segments.size()) {
                throw Error("the prompt has more <image> placeholders than images/frames");
            }
            parts.push_back(segments[next_segment++].to(embedded.dtype()));
        }
        run_start = i + 1;
    }
    if (next_segment != segments.size())
        throw Error("the prompt has fewer <image> placeholders than images/frames");
    return torch::cat(parts, 0).unsqueeze(0);  // (1, L, H)
}

SplicedBatch splice_batch(TrainableFaceLlava& model, LlamaTrainForward& llm,
                          const std::vector<LoadedSample>& samples) {
    SplicedBatch batch;
    const auto segments = encode_visuals(model, samples);
    std::vector<torch::Tensor> embeds;
    std::vector<std::vector<int64_t>> labels;
    for (size_t i = 0; i < samples.size(); ++i) {
        const auto& s = samples[i];
        embeds.push_back(
            splice_prompt(llm, s.text.ids, segments[i], model.device()).squeeze(0));  // (L_i, H)
        std::vector<int64_t> lab;
        size_t segment = 0;
        for (size_t k = 0; k < s.text.ids.size(); ++k) {
            if (s.text.ids[k] == model::kImageTokenId) {
                lab.insert(lab.end(), size_t(segments[i].at(segment++).size(0)), kIgnoreLabel);
            } else {
                lab.push_back(s.text.labels[k]);
            }
        }
        if (int64_t(lab.size()) != embeds.back().size(0))
            throw Error("spliced labels and embeddings differ in length");
        labels.push_back(std::move(lab));
    }
    int64_t max_len = 0;
    for (const auto& e : embeds)
        max_len = std::max(max_len, e.size(0));
    batch.labels = torch::full({int64_t(samples.size()), max_len}, kIgnoreLabel, torch::kInt64);
    std::vector<torch::Tensor> rows;
    for (size_t i = 0; i < samples.size(); ++i) {
        const int64_t len = embeds[i].size(0);
        // Right padding with zeros (LLaVA pads embeddings with zeros).
        rows.push_back(torch::constant_pad_nd(embeds[i], {0, 0, 0, max_len - len}, 0.0));
        batch.labels[int64_t(i)].narrow(0, 0, len).copy_(torch::tensor(labels[i], torch::kInt64));
        batch.lengths.push_back(len);
        batch.tokens += len;
        for (size_t k = 1; k < labels[i].size(); ++k)
            batch.label_tokens += labels[i][k] != kIgnoreLabel;
    }
    batch.embeds = torch::stack(rows);  // differentiable through the visual tokens and embeddings
    batch.labels = batch.labels.to(model.device());
    return batch;
}

}  // namespace facellava::training
