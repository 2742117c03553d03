// The pictures of `batch --save-crops --overlay-video` (src/batch_visuals.h):
// a crop is the engine's crop of the record's box, an overlay has the frames
// given at an even size, and an input not committed leaves nothing behind.
// The end-to-end run (real detections, FFmpeg as the reader) is
// tests/cli/exports_batch.cmake.
#ifdef FACELLAVA_HAVE_MEDIA
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "batch_visuals.h"
#include "facellava/core/faces.h"
#include "facellava/core/media.h"
#include "test_support.h"

namespace facellava::pipeline {
namespace {
namespace fs = std::filesystem;

// A gradient, so a crop of the wrong region or size cannot match by chance.
ImageRGB gradient(int width, int height) {
    ImageRGB image;
    image.width = width;
    image.height = height;
    image.pixels.resize(size_t(width) * size_t(height) * 3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            uint8_t* p = image.row(y) + size_t(x) * 3;
            p[0] = uint8_t(x * 255 / width);
            p[1] = uint8_t(y * 255 / height);
            p[2] = uint8_t((x + y) % 256);
        }
    return image;
}

FaceRecord face_at(float x, float y, float side, int id, int64_t frame) {
    FaceRecord r;
    r.frame = frame;
    r.face_id = id;
    r.success = true;
    r.box = {x, y, side, side, 0.9f};
    for (int i = 0; i < Landmarks68::kPoints; ++i) {
        r.landmarks.xy[size_t(2 * i)] = x + side * float(i % 10) / 10.0f;
        r.landmarks.xy[size_t(2 * i + 1)] = y + side * float(i / 10) / 7.0f;
    }
    r.expression[1] = 1.0f;
    return r;
}

InputFile input_named(const std::string& relative) {
    InputFile input;
    input.relative = relative;
    input.path = "/nowhere/" + relative;
    return input;
}

TEST(BatchVisuals, CropIsTheEnginesCropOfTheBox) {
    const std::string out = test::make_temp_dir("visuals");
    const InputFile input = input_named("day 1/photo.jpg");
    const ImageRGB image = gradient(320, 240);
    const FaceRecord face = face_at(100, 60, 90, 3, 7);
    FaceRecord none;  // a no-face row gets no crop
    BatchVisualsOptions options;
    options.crops = true;
    {
        BatchVisuals visuals(out, input, options);
        visuals.frame(image, {face, none});
        visuals.commit();
    }
    const std::string dir = out + "/crops/day 1/photo";
    EXPECT_EQ(BatchVisuals::crops_dir(out, input), dir);
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(dir))
        files.push_back(entry.path().filename().string());
    ASSERT_EQ(files, std::vector<std::string>{"frame000007_face3.jpg"});
    const ImageRGB written = load_image(dir + "/" + files[0]);
    const ImageRGB expected = crop_face_square(image, face.box, 256).image;
    ASSERT_EQ(written.width, 256);
    ASSERT_EQ(written.height, 256);
    double error = 0;
    for (size_t i = 0; i < expected.pixels.size(); ++i)
        error += std::abs(int(written.pixels[i]) - int(expected.pixels[i]));
    EXPECT_LT(error / double(expected.pixels.size()), 3.0);  // JPEG quality 95
    EXPECT_FALSE(fs::exists(dir + ".partial"));
}

TEST(BatchVisuals, OverlayHasEveryFrameAtAnEvenSize) {
    const std::string out = test::make_temp_dir("visuals");
    const InputFile input = input_named("clip.mp4");
    BatchVisualsOptions options;
    options.overlay = true;
    options.overlay_fps = 5;
    {
        BatchVisuals visuals(out, input, options);
        for (int64_t k = 0; k < 4; ++k)
            visuals.frame(gradient(161, 121), {face_at(40, 30, 50, 0, k)});
        visuals.commit();
    }
    const std::string path = out + "/overlay/clip.mp4";
    EXPECT_EQ(BatchVisuals::overlay_path(out, input), path);
    VideoReader reader(path);
    EXPECT_EQ(reader.info().width, 162);
    EXPECT_EQ(reader.info().height, 122);
    int frames = 0;
    ImageRGB frame;
    int64_t index = 0;
    double t = 0;
    while (reader.next(frame, index, t))
        ++frames;
    EXPECT_EQ(frames, 4);
    EXPECT_FALSE(fs::exists(out + "/overlay/clip.partial.mp4"));
}

TEST(BatchVisuals, AnInputNotCommittedLeavesNothing) {
    const std::string out = test::make_temp_dir("visuals");
    const InputFile input = input_named("clip.mp4");
    BatchVisualsOptions options;
    options.crops = true;
    options.overlay = true;
    {
        BatchVisuals visuals(out, input, options);
        visuals.frame(gradient(160, 120), {face_at(40, 30, 50, 0, 0)});
        EXPECT_TRUE(fs::exists(out + "/crops/clip.partial"));
    }  // cancelled or failed: no commit
    EXPECT_FALSE(fs::exists(out + "/crops/clip"));
    EXPECT_FALSE(fs::exists(out + "/crops/clip.partial"));
    EXPECT_FALSE(fs::exists(out + "/overlay/clip.mp4"));
    EXPECT_FALSE(fs::exists(out + "/overlay/clip.partial.mp4"));
}

TEST(BatchVisuals, CaptionNamesIdExpressionAndAnswerLabels) {
    FaceRecord face = face_at(0, 0, 10, 2, 0);
    face.answers = {{"The person looks happy.", "happiness"}, {"About 30.", ""}};
    EXPECT_EQ(face_caption(face), "#2 happy | happiness");
}

}  // namespace
}  // namespace facellava::pipeline
#endif
