#include "dataset/sample_loader.h"

#include "engine/image_preprocess.h"
#include "facellava/core/error.h"
#include "facellava/core/npy.h"
#include "facellava/core/paths.h"

namespace facellava::training {
namespace {

// (68, 2) pixels → (136) in crop units, flattened (x0, y0, x1, y1, …).
torch::Tensor image_landmarks(const std::string& path, double scale) {
    const NpyArray a = read_npy(path);
    if (a.shape != std::vector<int64_t>{68, 2})
        throw SampleError("landmarks " + path + " are not (68, 2)");
    return torch::tensor(a.values, torch::kFloat32).div(scale);
}

// (F, 68, 2) → (T, 136) at the sampled frames: the video's own indices when
// the file has a row per video frame, else T rows spread over the file's.
torch::Tensor video_landmarks(const std::string& path, const DecodedVideo& video, int64_t count,
                              double scale) {
    const NpyArray a = read_npy(path);
    if (a.shape.size() != 3 || a.shape[0] < 1 || a.shape[1] != 68 || a.shape[2] != 2) {
        throw SampleError("landmarks " + path + " are not (frames, 68, 2)");
    }
    const int64_t rows = a.shape[0];
    const auto indices =
        rows == video.total_frames ? video.frame_indices : uniform_frame_indices(rows, count);
    auto all = torch::tensor(a.values, torch::kFloat32).view({rows, 136});
    return all.index_select(0, torch::tensor(indices, torch::kInt64)).div(scale);
}

}  // namespace

int64_t tokens_per_sentinel(const SampleRecord& record, const SampleLoaderOptions& options) {
    return record.media == SampleMedia::Video ? options.tokens_per_frame : options.tokens_per_image;
}

LoadedSample load_sample(const SampleRecord& record, const SampleLoaderOptions& options) {
    LoadedSample s;
    s.record = &record;
    // Text first: a sample too long for the limits fails before any decoding.
    s.text = tokenize_conversation(record.turns, options.conversation, options.encoder);
    s.sequence_length = truncate_to_limits(s.text, tokens_per_sentinel(record, options),
                                           options.max_text_tokens, options.max_sequence_tokens);
    if (record.media == SampleMedia::Image) {
        std::vector<torch::Tensor> images;
        for (const auto& path : record.media_paths) {
            images.push_back(model::preprocess_image(
                options.decoder->load_image(path), options.image_size, options.pad_to_square,
                options.image_normalisation, options.image_resize));
        }
        s.pixels = torch::stack(images);  // (n, 3, S, S)
        if (record.has_landmarks()) {
            std::vector<torch::Tensor> rows;
            for (const auto& path : record.landmark_paths)
                rows.push_back(image_landmarks(path, options.landmark_scale));
            s.landmarks = torch::stack(rows);  // (n, 136)
        }
    } else if (record.media == SampleMedia::Video) {
        const auto& path = record.media_paths.front();
        const DecodedVideo video =
            is_directory(path) ? options.decoder->load_frame_folder(path, options.num_frames)
                               : options.decoder->load_video(path, options.num_frames);
        s.pixels = model::preprocess_video(video.frames, options.video_size,
                                           options.video_normalisation);  // (3, T, S, S)
        if (record.has_landmarks()) {
            s.landmarks = video_landmarks(record.landmark_paths.front(), video, options.num_frames,
                                          options.landmark_scale);  // (T, 136)
        }
    }
    return s;
}

LoadedBatch load_batch(const std::vector<const SampleRecord*>& records,
                       const SampleLoaderOptions& options) {
    LoadedBatch batch;
    for (const SampleRecord* r : records) {
        try {
            batch.samples.push_back(load_sample(*r, options));
        } catch (const SampleError& e) {
            batch.failures.push_back({r->file, r->index, e.what()});
        } catch (const Error& e) {
            batch.failures.push_back({r->file, r->index, e.what()});
        } catch (const c10::Error& e) {
            batch.failures.push_back(
                {r->file, r->index,
                 std::string("could not prepare the sample: ") + e.what_without_backtrace()});
        }
    }
    return batch;
}

}  // namespace facellava::training
