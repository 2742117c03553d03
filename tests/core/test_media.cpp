// Media layer: images (load, limits, EXIF, corrupt files), video reading with
// frame-exact seeking on videos generated here with known content, writer
// round trips, rotation metadata and frame sampling.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "facellava/core/error.h"
#include "facellava/core/media.h"
#include "facellava/core/video_writer.h"
#include "test_support.h"

namespace facellava {
namespace {

// ---- helpers ----------------------------------------------------------------

constexpr int kWidth = 160;
constexpr int kHeight = 128;
constexpr int kBits = 8;  // 4 × 2 blocks of 40 × 64 pixels

// Frame k shows k in binary: block b (row-major, 4 per row) is white when bit
// b is set, black otherwise. Big blocks survive lossy codecs intact.
ImageRGB coded_frame(int k, int width = kWidth, int height = kHeight) {
    ImageRGB image;
    image.width = width;
    image.height = height;
    image.pixels.resize(size_t(width) * height * 3);
    const int bw = width / 4;
    const int bh = height / 2;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const int bit = (y / bh) * 4 + (x / bw);
            const uint8_t v = (k >> bit) & 1 ? 235 : 16;
            uint8_t* p = image.row(y) + size_t(x) * 3;
            p[0] = v;
            p[1] = v;
            p[2] = v;
        }
    }
    return image;
}

// Reads the code back from the middle half of each block; -1 when a block is
// neither clearly black nor clearly white (a wrong or broken frame).
int read_code(const ImageRGB& image) {
    const int bw = image.width / 4;
    const int bh = image.height / 2;
    int code = 0;
    for (int bit = 0; bit < kBits; ++bit) {
        const int bx = (bit % 4) * bw;
        const int by = (bit / 4) * bh;
        double sum = 0;
        int n = 0;
        for (int y = by + bh / 4; y < by + 3 * bh / 4; ++y) {
            for (int x = bx + bw / 4; x < bx + 3 * bw / 4; ++x) {
                const uint8_t* p = image.row(y) + size_t(x) * 3;
                sum += (p[0] + p[1] + p[2]) / 3.0;
                ++n;
            }
        }
        const double mean = sum / n;
        if (mean > 60 && mean < 190)
            return -1;
        if (mean >= 190)
            code |= 1 << bit;
    }
    return code;
}

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    ASSERT_TRUE(out.good()) << path;
}

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string make_video(const std::string& path, int frames, const VideoWriterOptions& options,
                       int width = kWidth, int height = kHeight) {
    VideoWriter writer(path, width, height, options);
    for (int k = 0; k < frames; ++k)
        writer.write(coded_frame(k, width, height));
    writer.finish();
    EXPECT_EQ(writer.frames_written(), frames);
    return path;
}

// Expects `fn` to throw facellava::Error whose path() is `path`.
template <typename Fn>
void expect_error_naming(const std::string& path, Fn fn) {
    try {
        fn();
        ADD_FAILURE() << "no facellava::Error for " << path;
    } catch (const Error& e) {
        EXPECT_EQ(e.path(), path) << e.what();
        EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    } catch (const std::exception& e) {
        ADD_FAILURE() << "wrong exception type for " << path << ": " << e.what();
    }
}

// ---- videos with known content -----------------------------------------------

struct VideoCase {
    const char* name;
    const char* file;
    VideoWriterOptions options;
    FrameCountSource count_source;
};

std::vector<VideoCase> video_cases() {
    VideoWriterOptions mpeg4;  // defaults: mpeg4, 25 fps, GOP 12, no B-frames
    VideoWriterOptions x264;
    x264.codec = "libx264";
    x264.max_b_frames = 2;  // frame reordering: keyframes found by dts, shown later
    x264.codec_options = {{"crf", "12"}, {"preset", "veryfast"}};
    VideoWriterOptions mjpeg;
    mjpeg.codec = "mjpeg";
    VideoWriterOptions mpeg4_bframes;
    mpeg4_bframes.max_b_frames = 2;
    return {{"mpeg4_mp4", "clip.mp4", mpeg4, FrameCountSource::Container},
            {"h264_bframes_mp4", "clip.mp4", x264, FrameCountSource::Container},
            {"mjpeg_avi", "clip.avi", mjpeg, FrameCountSource::Container},
            {"mpeg4_bframes_mkv", "clip.mkv", mpeg4_bframes, FrameCountSource::Counted}};
}

class VideoReaderTest : public ::testing::TestWithParam<VideoCase> {
  protected:
    static constexpr int kFrames = 50;
    void SetUp() override {
        path_ = test::make_temp_dir("video") + "/" + GetParam().file;
        make_video(path_, kFrames, GetParam().options);
    }
    std::string path_;
};

TEST_P(VideoReaderTest, Metadata) {
    VideoReader reader(path_);
    const VideoInfo& info = reader.info();
    EXPECT_EQ(info.frame_count, kFrames);
    EXPECT_EQ(info.frame_count_source, GetParam().count_source);
    EXPECT_DOUBLE_EQ(info.fps, 25.0);
    EXPECT_NEAR(info.duration_s, 2.0, 0.041);
    EXPECT_EQ(info.width, kWidth);
    EXPECT_EQ(info.height, kHeight);
    EXPECT_EQ(info.coded_width, kWidth);
    EXPECT_EQ(info.coded_height, kHeight);
    EXPECT_EQ(info.rotation_degrees, 0);
    EXPECT_FALSE(info.codec.empty());
    for (int k : {0, 1, 7, 49})
        EXPECT_DOUBLE_EQ(reader.timestamp_of(k), k / 25.0);
    EXPECT_EQ(reader.index_at(0.0), 0);
    EXPECT_EQ(reader.index_at(reader.timestamp_of(37)), 37);
    EXPECT_EQ(reader.index_at(1.0 / 25 * 37.5), 37);
    EXPECT_EQ(reader.index_at(100.0), kFrames - 1);
}

TEST_P(VideoReaderTest, FrameAtIsExactInAnyOrder) {
    VideoReader reader(path_);
    std::vector<int> order(kFrames);
    std::iota(order.begin(), order.end(), 0);
    std::mt19937 rng(20240607);
    std::shuffle(order.begin(), order.end(), rng);
    // Then hand-picked jumps: backwards across keyframes, tiny steps, repeats, ends.
    for (int k : {49, 0, 48, 1, 25, 24, 23, 12, 11, 13, 13, 36, 2, 49, 47})
        order.push_back(k);
    for (int k : order) {
        const ImageRGB frame = reader.frame_at(k);
        ASSERT_EQ(frame.width, kWidth);
        ASSERT_EQ(frame.height, kHeight);
        ASSERT_EQ(read_code(frame), k) << "frame_at(" << k << ") returned the wrong frame";
    }
}

TEST_P(VideoReaderTest, NextYieldsEveryFrameOnceInOrder) {
    VideoReader reader(path_);
    ImageRGB frame;
    int64_t index = -1;
    double ts = -1;
    int64_t expected = 0;
    while (reader.next(frame, index, ts)) {
        ASSERT_EQ(index, expected);
        EXPECT_NEAR(ts, expected / 25.0, 1e-6);
        ASSERT_EQ(read_code(frame), expected);
        ++expected;
    }
    EXPECT_EQ(expected, kFrames);
    EXPECT_FALSE(reader.ended_early());
    EXPECT_FALSE(reader.next(frame, index, ts));  // stays at the end

    // next() continues after a random access, and random access still works after the end.
    EXPECT_EQ(read_code(reader.frame_at(30)), 30);
    for (int k = 31; k < 35; ++k) {
        ASSERT_TRUE(reader.next(frame, index, ts));
        EXPECT_EQ(index, k);
        EXPECT_EQ(read_code(frame), k);
    }
    EXPECT_EQ(read_code(reader.frame_at(3)), 3);
    ASSERT_TRUE(reader.next(frame, index, ts));
    EXPECT_EQ(index, 4);
    EXPECT_EQ(read_code(frame), 4);
}

TEST_P(VideoReaderTest, OutOfRangeIndexThrows) {
    VideoReader reader(path_);
    EXPECT_THROW(reader.frame_at(-1), Error);
    EXPECT_THROW(reader.frame_at(kFrames), Error);
    EXPECT_EQ(read_code(reader.frame_at(kFrames - 1)), kFrames - 1);
}

INSTANTIATE_TEST_SUITE_P(Codecs, VideoReaderTest, ::testing::ValuesIn(video_cases()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(VideoReader, MovedReaderKeepsWorking) {
    const std::string path = make_video(test::make_temp_dir("move") + "/m.mp4", 10, {});
    VideoReader a(path);
    VideoReader b(std::move(a));
    EXPECT_EQ(read_code(b.frame_at(7)), 7);
    VideoReader closed;
    EXPECT_FALSE(closed.is_open());
    EXPECT_THROW(closed.info(), Error);
}

TEST(VideoReader, RotationMetadataTurnsFrames) {
    const std::string dir = test::make_temp_dir("rotation");
    for (int degrees : {90, 180, 270}) {
        VideoWriterOptions options;
        options.rotation_degrees = degrees;
        const std::string path = dir + "/rot" + std::to_string(degrees) + ".mp4";
        make_video(path, 10, options);
        SCOPED_TRACE(degrees);

        VideoReader reader(path);
        const VideoInfo& info = reader.info();
        EXPECT_EQ(info.rotation_degrees, degrees);
        const bool swap = degrees != 180;
        EXPECT_EQ(info.width, swap ? kHeight : kWidth);
        EXPECT_EQ(info.height, swap ? kWidth : kHeight);
        EXPECT_EQ(info.coded_width, kWidth);
        const ImageRGB upright = reader.frame_at(6);
        EXPECT_EQ(upright.width, info.width);
        EXPECT_EQ(upright.height, info.height);
        // Turning it back the other way restores the coded picture, which
        // proves the direction (code 6 is not symmetric under a half turn).
        EXPECT_EQ(read_code(rotate_image_clockwise(upright, 360 - degrees)), 6);

        VideoReaderOptions raw;
        raw.apply_rotation = false;
        VideoReader unrotated(path, raw);
        EXPECT_EQ(unrotated.info().width, kWidth);
        EXPECT_EQ(read_code(unrotated.frame_at(6)), 6);
    }
}

// ---- corrupt and unusual video files --------------------------------------------

TEST(VideoReader, CorruptFilesThrowErrorNamingTheFile) {
    const std::string dir = test::make_temp_dir("corrupt-video");
    const std::string good = make_video(dir + "/good.mp4", 50, {});
    const std::string bytes = read_bytes(good);

    const std::string empty = dir + "/empty.mp4";
    write_file(empty, "");
    expect_error_naming(empty, [&] { VideoReader r(empty); });

    // The MP4 muxer writes its index (moov) last: half a file has none.
    const std::string half = dir + "/half.mp4";
    write_file(half, bytes.substr(0, bytes.size() / 2));
    expect_error_naming(half, [&] { VideoReader r(half); });

    std::mt19937 rng(7);
    std::string noise(64 * 1024, '\0');
    for (char& c : noise)
        c = char(rng() & 0xFF);
    const std::string random = dir + "/random.mp4";
    write_file(random, noise);
    expect_error_naming(random, [&] { VideoReader r(random); });

    const std::string text = dir + "/notes.mp4";
    write_file(text, "this is not a video, just some text\n");
    expect_error_naming(text, [&] { VideoReader r(text); });

    const std::string missing = dir + "/does-not-exist.mp4";
    expect_error_naming(missing, [&] { VideoReader r(missing); });

    expect_error_naming(dir, [&] { VideoReader r(dir); });  // a folder
}

TEST(VideoReader, TruncatedFastStartFileFailsOnMissingFrames) {
    // With the index at the front the file opens; frames past the cut must
    // raise an Error, never crash or return a wrong frame.
    const std::string dir = test::make_temp_dir("faststart");
    VideoWriterOptions options;
    options.format_options = {{"movflags", "+faststart"}};
    const std::string good = make_video(dir + "/good.mp4", 50, options);
    const std::string bytes = read_bytes(good);
    const std::string half = dir + "/half.mp4";
    write_file(half, bytes.substr(0, bytes.size() / 2));
    expect_error_naming(half, [&] {
        VideoReader reader(half);
        EXPECT_EQ(reader.info().frame_count, 50);
        EXPECT_EQ(read_code(reader.frame_at(2)), 2);
        reader.frame_at(49);
    });
    // Sequential reading stops cleanly at the cut.
    VideoReader reader(half);
    ImageRGB frame;
    int64_t index = 0;
    double ts = 0;
    int64_t seen = 0;
    while (reader.next(frame, index, ts)) {
        EXPECT_EQ(read_code(frame), index);
        ++seen;
    }
    EXPECT_GT(seen, 5);
    EXPECT_LT(seen, 50);
    EXPECT_TRUE(reader.ended_early());
}

// ---- video writer ----------------------------------------------------------------

TEST(VideoWriter, RejectsBadSettingsWithErrors) {
    const std::string dir = test::make_temp_dir("writer");
    VideoWriterOptions unknown;
    unknown.codec = "no-such-codec";
    expect_error_naming(dir + "/a.mp4", [&] { VideoWriter w(dir + "/a.mp4", 64, 64, unknown); });
    EXPECT_FALSE(std::filesystem::exists(dir + "/a.mp4"));
    expect_error_naming(dir + "/b.mp4", [&] { VideoWriter w(dir + "/b.mp4", 63, 64); });
    expect_error_naming(dir + "/c.unknown-ext",
                        [&] { VideoWriter w(dir + "/c.unknown-ext", 64, 64); });
    VideoWriterOptions bad_option;
    bad_option.codec_options = {{"no_such_option", "1"}};
    expect_error_naming(dir + "/d.mp4", [&] { VideoWriter w(dir + "/d.mp4", 64, 64, bad_option); });
    expect_error_naming(dir + "/no-such-dir/e.mp4",
                        [&] { VideoWriter w(dir + "/no-such-dir/e.mp4", 64, 64); });

    VideoWriter writer(dir + "/f.mp4", 64, 64);
    expect_error_naming(dir + "/f.mp4", [&] { writer.write(coded_frame(1, 32, 32)); });
    writer.write(coded_frame(1, 64, 64));
    writer.finish();
    expect_error_naming(dir + "/f.mp4", [&] { writer.write(coded_frame(1, 64, 64)); });
}

// ---- frame sampling -------------------------------------------------------------

TEST(UniformIndices, MatchesNumpyLinspaceCastToInt) {
    using V = std::vector<int64_t>;
    // Values of np.linspace(0, n - 1, 8, dtype=int), worked out by hand.
    EXPECT_EQ(uniform_indices(50), (V{0, 7, 14, 21, 28, 35, 42, 49}));
    EXPECT_EQ(uniform_indices(100), (V{0, 14, 28, 42, 56, 70, 84, 99}));
    EXPECT_EQ(uniform_indices(300), (V{0, 42, 85, 128, 170, 213, 256, 299}));
    EXPECT_EQ(uniform_indices(5), (V{0, 0, 1, 1, 2, 2, 3, 4}));
    EXPECT_EQ(uniform_indices(1), V(8, 0));
    EXPECT_EQ(uniform_indices(10, 1), V{0});
    EXPECT_EQ(uniform_indices(10, 2), (V{0, 9}));
    EXPECT_TRUE(uniform_indices(0).empty());
    EXPECT_TRUE(uniform_indices(10, 0).empty());
    // For 8 samples numpy's floating-point result equals exact floor division.
    for (int64_t n = 1; n <= 5000; ++n) {
        const V got = uniform_indices(n, 8);
        ASSERT_EQ(got.size(), 8u);
        for (int64_t i = 0; i < 8; ++i)
            ASSERT_EQ(got[i], i * (n - 1) / 7) << "n=" << n;
    }
}

// ---- still images ----------------------------------------------------------------

ImageRGB gradient_image(int width, int height) {
    ImageRGB image;
    image.width = width;
    image.height = height;
    image.pixels.resize(size_t(width) * height * 3);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            uint8_t* p = image.row(y) + size_t(x) * 3;
            p[0] = uint8_t(x * 255 / std::max(1, width - 1));
            p[1] = uint8_t(y * 255 / std::max(1, height - 1));
            p[2] = uint8_t((x + y) % 256);
        }
    }
    return image;
}

// A little-endian, uncompressed RGB TIFF built by hand (the project has no
// TIFF writer): width × height pixels given row by row.
std::string make_tiff(uint32_t width, uint32_t height, const std::vector<uint8_t>& rgb) {
    std::string out("II\x2A\x00", 4);
    auto u16 = [&](uint32_t v) {
        out += char(v & 0xFF);
        out += char(v >> 8 & 0xFF);
    };
    auto u32 = [&](uint32_t v) {
        u16(v & 0xFFFF);
        u16(v >> 16);
    };
    auto entry = [&](uint16_t tag, uint16_t type, uint32_t count, uint32_t value) {
        u16(tag);
        u16(type);
        u32(count);
        if (type == 3 && count == 1) {
            u16(value);
            u16(0);
        } else {
            u32(value);
        }
    };
    const uint32_t entries = 10;
    const uint32_t bits_at = 8 + 2 + entries * 12 + 4;  // after the IFD
    const uint32_t data_at = bits_at + 6;
    u32(8);  // first IFD
    u16(entries);
    entry(256, 4, 1, width);                 // ImageWidth
    entry(257, 4, 1, height);                // ImageLength
    entry(258, 3, 3, bits_at);               // BitsPerSample: 8, 8, 8
    entry(259, 3, 1, 1);                     // Compression: none
    entry(262, 3, 1, 2);                     // Photometric: RGB
    entry(273, 4, 1, data_at);               // StripOffsets
    entry(277, 3, 1, 3);                     // SamplesPerPixel
    entry(278, 4, 1, height);                // RowsPerStrip
    entry(279, 4, 1, uint32_t(rgb.size()));  // StripByteCounts
    entry(284, 3, 1, 1);                     // PlanarConfiguration: chunky
    u32(0);                                  // no next IFD
    for (int i = 0; i < 3; ++i)
        u16(8);
    out.append(rgb.begin(), rgb.end());
    return out;
}

TEST(Images, TiffIsDecoded) {
    const std::string path = test::make_temp_dir("tiff") + "/t.tif";
    const std::vector<uint8_t> rgb = {255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255};
    write_file(path, make_tiff(2, 2, rgb));
    const ImageRGB image = load_image(path);
    EXPECT_EQ(image.width, 2);
    EXPECT_EQ(image.height, 2);
    EXPECT_EQ(image.pixels, rgb);
}

TEST(Images, PngRoundTripIsExact) {
    const std::string path = test::make_temp_dir("png") + "/g.png";
    const ImageRGB image = gradient_image(37, 21);
    save_image_png(image, path);
    const ImageRGB loaded = load_image(path);
    EXPECT_EQ(loaded.width, 37);
    EXPECT_EQ(loaded.height, 21);
    EXPECT_EQ(loaded.pixels, image.pixels);
}

TEST(Images, JpegRoundTripIsClose) {
    const std::string path = test::make_temp_dir("jpeg") + "/g.jpg";
    const ImageRGB image = gradient_image(64, 48);
    save_image_jpeg(image, path, 98);
    const ImageRGB loaded = load_image(path);
    ASSERT_EQ(loaded.pixels.size(), image.pixels.size());
    double diff = 0;
    for (size_t i = 0; i < image.pixels.size(); ++i) {
        diff += std::abs(int(loaded.pixels[i]) - int(image.pixels[i]));
    }
    EXPECT_LT(diff / double(image.pixels.size()), 3.0);
}

// A JPEG whose APP1 Exif segment says orientation 6 ("turn 90° clockwise").
TEST(Images, ExifOrientationIsApplied) {
    const std::string dir = test::make_temp_dir("exif");
    ImageRGB image;  // 64 × 32: left half red, right half blue
    image.width = 64;
    image.height = 32;
    image.pixels.resize(64 * 32 * 3);
    for (int y = 0; y < 32; ++y) {
        for (int x = 0; x < 64; ++x) {
            uint8_t* p = image.row(y) + x * 3;
            p[0] = x < 32 ? 255 : 0;
            p[1] = 0;
            p[2] = x < 32 ? 0 : 255;
        }
    }
    save_image_jpeg(image, dir + "/plain.jpg", 95);
    const std::string plain = read_bytes(dir + "/plain.jpg");
    // Little-endian TIFF with one IFD entry: tag 0x0112 (Orientation), SHORT, 1, value 6.
    const std::string tiff(
        "II\x2A\x00\x08\x00\x00\x00"
        "\x01\x00"
        "\x12\x01\x03\x00\x01\x00\x00\x00\x06\x00\x00\x00"
        "\x00\x00\x00\x00",
        26);
    const std::string payload = std::string("Exif\0\0", 6) + tiff;
    const size_t length = payload.size() + 2;
    const std::string app1 =
        std::string("\xFF\xE1", 2) + char(length >> 8) + char(length & 0xFF) + payload;
    const std::string rotated_path = dir + "/rotated.jpg";
    write_file(rotated_path, plain.substr(0, 2) + app1 + plain.substr(2));

    const ImageRGB loaded = load_image(rotated_path);
    ASSERT_EQ(loaded.width, 32);
    ASSERT_EQ(loaded.height, 64);
    // Turned clockwise, the left (red) half is now on top.
    const uint8_t* top = loaded.row(8) + 16 * 3;
    const uint8_t* bottom = loaded.row(56) + 16 * 3;
    EXPECT_GT(top[0], 200);
    EXPECT_LT(top[2], 60);
    EXPECT_LT(bottom[0], 60);
    EXPECT_GT(bottom[2], 200);
}

TEST(Images, CorruptFilesThrowErrorNamingTheFile) {
    const std::string dir = test::make_temp_dir("corrupt-image");
    save_image_jpeg(gradient_image(200, 150), dir + "/good.jpg", 90);
    save_image_png(gradient_image(200, 150), dir + "/good.png");
    const std::string jpeg = read_bytes(dir + "/good.jpg");
    const std::string png = read_bytes(dir + "/good.png");

    const std::string half_jpeg = dir + "/half.jpg";
    write_file(half_jpeg, jpeg.substr(0, jpeg.size() / 2));
    expect_error_naming(half_jpeg, [&] { load_image(half_jpeg); });

    const std::string header_only = dir + "/header.jpg";
    write_file(header_only, jpeg.substr(0, 40));
    expect_error_naming(header_only, [&] { load_image(header_only); });

    const std::string half_png = dir + "/half.png";
    write_file(half_png, png.substr(0, png.size() / 2));
    expect_error_naming(half_png, [&] { load_image(half_png); });

    const std::string text = dir + "/notes.jpg";
    write_file(text, "just some text, not a picture\n");
    expect_error_naming(text, [&] { load_image(text); });

    const std::string empty = dir + "/empty.png";
    write_file(empty, "");
    expect_error_naming(empty, [&] { load_image(empty); });

    const std::string missing = dir + "/missing.jpg";
    expect_error_naming(missing, [&] { load_image(missing); });

    // The extension does not matter, the content does.
    const std::string png_named_jpg = dir + "/actually-png.jpg";
    write_file(png_named_jpg, png);
    EXPECT_EQ(load_image(png_named_jpg).width, 200);
}

// Headers claiming huge sizes are refused by the header check, before any
// decoder allocates: the error says "too large", not "cannot decode".
TEST(Images, AbsurdHeaderSizesAreRefusedBeforeDecoding) {
    const std::string dir = test::make_temp_dir("huge");
    auto expect_too_large = [&](const std::string& path, const ImageLoadOptions& options = {}) {
        try {
            load_image(path, options);
            ADD_FAILURE() << "loaded " << path;
        } catch (const Error& e) {
            EXPECT_EQ(e.path(), path);
            EXPECT_NE(e.brief().find("too large"), std::string::npos) << e.what();
        }
    };
    auto be32 = [](uint32_t v) {
        return std::string{char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
    };
    // PNG signature + IHDR claiming 100000 × 100000, then nothing.
    const std::string png_path = dir + "/huge.png";
    write_file(png_path, std::string("\x89PNG\r\n\x1A\n", 8) + be32(13) + "IHDR" + be32(100000) +
                             be32(100000) + std::string("\x08\x02\x00\x00\x00", 5) + be32(0));
    expect_too_large(png_path);

    // A real JPEG with its frame header patched to 65535 × 65535.
    save_image_jpeg(gradient_image(32, 32), dir + "/small.jpg", 90);
    std::string jpeg = read_bytes(dir + "/small.jpg");
    const size_t sof = jpeg.find("\xFF\xC0");
    ASSERT_NE(sof, std::string::npos);
    for (size_t i = sof + 5; i < sof + 9; ++i)
        jpeg[i] = '\xFF';
    const std::string jpeg_path = dir + "/huge.jpg";
    write_file(jpeg_path, jpeg);
    expect_too_large(jpeg_path);

    // BMP header claiming 100000 × 100000 (BITMAPINFOHEADER).
    std::string bmp = std::string("BM") + std::string(4, '\0') + std::string(4, '\0') +
                      std::string("\x36\0\0\0", 4) + std::string("\x28\0\0\0", 4) +
                      std::string("\xA0\x86\x01\x00", 4) + std::string("\xA0\x86\x01\x00", 4) +
                      std::string("\x01\x00\x18\x00", 4) + std::string(24, '\0');
    const std::string bmp_path = dir + "/huge.bmp";
    write_file(bmp_path, bmp);
    expect_too_large(bmp_path);

    // TIFF whose first IFD claims 100000 × 100000 (no pixel data at all).
    const std::string tiff_path = dir + "/huge.tif";
    write_file(tiff_path, make_tiff(100000, 100000, {}));
    expect_too_large(tiff_path);

    // WebP: extended (VP8X) canvas of 100000 × 100000 and lossless (VP8L) 16384 × 16384.
    auto le24 = [](uint32_t v) { return std::string{char(v), char(v >> 8), char(v >> 16)}; };
    const std::string vp8x = std::string("RIFF\x1E\0\0\0WEBPVP8X\x0A\0\0\0\0\0\0\0", 24) +
                             le24(100000 - 1) + le24(100000 - 1);
    write_file(dir + "/huge-x.webp", vp8x);
    expect_too_large(dir + "/huge-x.webp");
    const uint32_t bits = (16384 - 1) | (16384 - 1) << 14;
    const std::string vp8l =
        std::string("RIFF\x1A\0\0\0WEBPVP8L\x05\0\0\0\x2F", 21) +
        std::string{char(bits), char(bits >> 8), char(bits >> 16), char(bits >> 24)};
    write_file(dir + "/huge-l.webp", vp8l);
    expect_too_large(dir + "/huge-l.webp");

    // The limits are the caller's to set.
    save_image_png(gradient_image(160, 100), dir + "/ok.png");
    ImageLoadOptions tight;
    tight.max_width = 100;
    expect_too_large(dir + "/ok.png", tight);
    ImageLoadOptions few_pixels;
    few_pixels.max_pixels = 10'000;
    expect_too_large(dir + "/ok.png", few_pixels);
    EXPECT_EQ(load_image(dir + "/ok.png").width, 160);
}

TEST(Images, ResizeWithHandComputedValues) {
    ImageRGB image;  // one row: 0, 100, 200, 50 (all channels equal)
    image.width = 4;
    image.height = 1;
    for (int v : {0, 100, 200, 50})
        image.pixels.insert(image.pixels.end(), 3, uint8_t(v));
    const ImageRGB area = resize_image(image, 2, 1, Interpolation::Area);
    ASSERT_EQ(area.width, 2);
    EXPECT_EQ(area.pixels[0], 50);   // (0 + 100) / 2
    EXPECT_EQ(area.pixels[3], 125);  // (200 + 50) / 2
    // Bilinear 4 → 2 samples at source x = 0.5 and 2.5 (half-pixel centres).
    const ImageRGB linear = resize_image(image, 2, 1, Interpolation::Bilinear);
    EXPECT_EQ(linear.pixels[0], 50);
    EXPECT_EQ(linear.pixels[3], 125);
    const ImageRGB up = resize_image(gradient_image(10, 10), 33, 17, Interpolation::Bicubic);
    EXPECT_EQ(up.width, 33);
    EXPECT_EQ(up.height, 17);
    EXPECT_EQ(up.pixels.size(), 33u * 17 * 3);
    EXPECT_THROW(resize_image(image, 0, 5, Interpolation::Area), Error);
    ImageRGB broken = image;
    broken.pixels.pop_back();
    EXPECT_THROW(resize_image(broken, 2, 1, Interpolation::Area), Error);
}

TEST(Images, RotateClockwise) {
    ImageRGB image;  // 2 × 1: pixel A = 10, pixel B = 20
    image.width = 2;
    image.height = 1;
    image.pixels = {10, 10, 10, 20, 20, 20};
    const ImageRGB r90 = rotate_image_clockwise(image, 90);  // A on top, B below
    ASSERT_EQ(r90.width, 1);
    ASSERT_EQ(r90.height, 2);
    EXPECT_EQ(r90.pixels[0], 10);
    EXPECT_EQ(r90.pixels[3], 20);
    const ImageRGB r270 = rotate_image_clockwise(image, -90);
    EXPECT_EQ(r270.pixels[0], 20);
    EXPECT_EQ(rotate_image_clockwise(image, 180).pixels[0], 20);
    EXPECT_EQ(rotate_image_clockwise(image, 360).pixels, image.pixels);
    EXPECT_THROW(rotate_image_clockwise(image, 45), Error);
}

TEST(MediaKind, ByContentNotByExtension) {
    const std::string dir = test::make_temp_dir("kind");
    save_image_png(gradient_image(16, 16), dir + "/a.png");
    make_video(dir + "/v.mp4", 5, {});
    EXPECT_EQ(probe_media_kind(dir + "/a.png"), MediaKind::Image);
    EXPECT_EQ(probe_media_kind(dir + "/v.mp4"), MediaKind::Video);
    std::filesystem::copy_file(dir + "/a.png", dir + "/image-named.mp4");
    std::filesystem::copy_file(dir + "/v.mp4", dir + "/video-named.jpg");
    EXPECT_EQ(probe_media_kind(dir + "/image-named.mp4"), MediaKind::Image);
    EXPECT_EQ(probe_media_kind(dir + "/video-named.jpg"), MediaKind::Video);
    write_file(dir + "/t.txt", "hello");
    EXPECT_EQ(probe_media_kind(dir + "/t.txt"), MediaKind::Unknown);
    write_file(dir + "/empty.mp4", "");
    EXPECT_EQ(probe_media_kind(dir + "/empty.mp4"), MediaKind::Unknown);
    expect_error_naming(dir + "/missing.mp4", [&] { probe_media_kind(dir + "/missing.mp4"); });
}

TEST(MediaVersions, AreReported) {
    EXPECT_NE(ffmpeg_version().find("libavcodec"), std::string::npos) << ffmpeg_version();
    EXPECT_EQ(opencv_version().rfind("4.", 0), 0u) << opencv_version();
}

}  // namespace
}  // namespace facellava
