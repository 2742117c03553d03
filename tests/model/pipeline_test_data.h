// Inputs shared by the pipeline tests: the six face-api demo photos, a video
// generated here (a pan over a demo photo, so its faces move and keep their
// ids) and three broken files; the analysis models, loaded once.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "facellava/core/assets.h"
#include "facellava/core/media.h"
#include "facellava/core/paths.h"
#include "facellava/core/video_writer.h"
#include "facellava/pipeline/analysis_models.h"
#include "test_support.h"

namespace facellava::pipeline::test_data {

inline constexpr int kVideoWidth = 640;
inline constexpr int kVideoHeight = 360;
inline constexpr double kVideoFps = 25.0;

// sample1.jpg (three faces side by side) scaled to 640 px wide, then a
// 640 × 360 window moving down 1 px per frame: the faces drift up.
inline void write_pan_video(const std::string& path, int frames) {
    const auto photos = AssetLocator::from_environment().demo_photos();
    const ImageRGB photo = load_image(photos.at(0));
    const int height = photo.height * kVideoWidth / photo.width;
    const ImageRGB scaled = resize_image(photo, kVideoWidth, height, Interpolation::Area);
    VideoWriterOptions options;
    options.codec = "mpeg4";
    options.fps = kVideoFps;
    VideoWriter writer(path, kVideoWidth, kVideoHeight, options);
    ImageRGB frame;
    frame.width = kVideoWidth;
    frame.height = kVideoHeight;
    frame.pixels.resize(size_t(kVideoWidth) * kVideoHeight * 3);
    for (int i = 0; i < frames; ++i) {
        const int top = std::min(i % (height - kVideoHeight + 1), height - kVideoHeight);
        for (int y = 0; y < kVideoHeight; ++y)
            std::copy_n(scaled.row(top + y), size_t(kVideoWidth) * 3, frame.row(y));
        writer.write(frame);
    }
    writer.finish();
}

// The names of the inputs in sorted (= output) order.
inline const std::vector<std::string>& broken_names() {
    static const std::vector<std::string> names = {"broken.jpg", "empty.mp4", "not_image.png"};
    return names;
}

inline constexpr int kBatchVideoFrames = 10;

// A folder with sample1…6.jpg, video.mp4 (kBatchVideoFrames frames) and the
// three broken files. Made once per process; tests copy nothing from it.
inline const std::string& batch_input_dir() {
    static const std::string dir = [] {
        const std::string d = facellava::test::make_temp_dir("batch-in");
        const auto photos = AssetLocator::from_environment().demo_photos();
        for (const auto& photo : photos)
            std::filesystem::copy_file(photo,
                                       d + "/" + std::filesystem::path(photo).filename().string());
        write_pan_video(d + "/video.mp4", kBatchVideoFrames);
        const std::string jpeg = read_file(photos.at(1));
        std::ofstream(d + "/broken.jpg", std::ios::binary) << jpeg.substr(0, jpeg.size() * 2 / 5);
        std::ofstream(d + "/empty.mp4", std::ios::binary).flush();
        std::ofstream(d + "/not_image.png") << "these are notes, not a PNG image\n";
        return d;
    }();
    return dir;
}

// face-api's nets (what the default options need), loaded once.
inline const AnalysisModels& default_models() {
    static const AnalysisModels models =
        load_analysis_models(AnalysisOptions{}, AssetLocator::from_environment());
    return models;
}

}  // namespace facellava::pipeline::test_data
