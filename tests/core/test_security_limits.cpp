// Resource limits of the core layer: decoded video frame size is checked
// against the stream header before any frame is decoded (still images have
// the same check, tested in test_media.cpp with hostile headers).
#include <gtest/gtest.h>

#ifdef FACELLAVA_HAVE_MEDIA

#include "facellava/core/error.h"
#include "facellava/core/media.h"
#include "facellava/core/video_writer.h"
#include "test_support.h"

namespace facellava {
namespace {

std::string small_video(const std::string& path, int width, int height) {
    VideoWriter writer(path, width, height);
    ImageRGB image;
    image.width = width;
    image.height = height;
    image.pixels.assign(size_t(width) * size_t(height) * 3, 128);
    for (int k = 0; k < 3; ++k)
        writer.write(image);
    writer.finish();
    return path;
}

TEST(SecurityLimits, VideoFramesOverThePixelLimitAreRefusedBeforeDecoding) {
    const std::string dir = test::make_temp_dir("video_limits");
    const std::string path = small_video(dir + "/clip.mp4", 64, 48);
    EXPECT_NO_THROW(VideoReader reader(path));
    for (const auto& [w, h, pixels] :
         {std::tuple{16384, 16384, int64_t(1000)}, std::tuple{63, 16384, int64_t(200'000'000)},
          std::tuple{16384, 47, int64_t(200'000'000)}}) {
        VideoReaderOptions options;
        options.max_width = w;
        options.max_height = h;
        options.max_pixels = pixels;
        try {
            VideoReader reader(path, options);
            FAIL() << "a video over the limit was opened";
        } catch (const Error& e) {
            EXPECT_EQ(e.path(), path);
            EXPECT_NE(e.brief().find("too large"), std::string::npos) << e.what();
            EXPECT_NE(e.brief().find("64x48"), std::string::npos) << e.what();
        }
    }
    VideoReaderOptions defaults;
    EXPECT_EQ(defaults.max_pixels, ImageLoadOptions{}.max_pixels);
    EXPECT_EQ(defaults.max_width, ImageLoadOptions{}.max_width);
}

}  // namespace
}  // namespace facellava
#endif
