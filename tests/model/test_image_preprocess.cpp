// The vision preprocessing against the authors' processors. Every expected
// number comes from scripts/reference/preprocess_reference.py (Pillow + numpy,
// written from the Python sources, never from this code): run it with
// /usr/bin/python3 to regenerate them. Images are the script's pixel() pattern.
#include <gtest/gtest.h>

#include <vector>

#include "engine/image_preprocess.h"
#include "engine/image_resample.h"
#include "engine/video_frames.h"
#include "facellava/core/error.h"
#include "tensor_compare.h"

namespace facellava::model {
namespace {

using test::tensors_close;

int pixel(int y, int x, int c) {
    return (y * 53 + x * 29 + c * 71 + ((x * y) % 7) * 17) % 256;
}

// The script's rgb_image(h, w), optionally rolled right by `shift` columns
// (np.roll(image, shift, axis=1)).
ImageRGB pattern(int h, int w, int shift = 0) {
    ImageRGB image;
    image.width = w;
    image.height = h;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < 3; ++c)
                image.pixels.push_back(uint8_t(pixel(y, ((x - shift) % w + w) % w, c)));
    return image;
}

torch::Tensor values(const std::vector<float>& v, std::vector<int64_t> shape) {
    return torch::tensor(v, torch::kFloat32).view(shape);
}

// One channel of pattern(h, w) in [0, 1], as ToTensor makes it: (1, h, w).
torch::Tensor plane01(int h, int w, int c) {
    return image_to_chw_float(pattern(h, w)).narrow(0, c, 1).div(255.0f);
}

TEST(ImagePreprocess, PadColourIsLlavasIntOfMeanTimes255) {
    const auto fill = pad_colour(PixelNormalisation{});
    EXPECT_EQ(fill, (std::array<uint8_t, 3>{122, 116, 104}));  // script: "pad colour"
}

TEST(ImagePreprocess, ExpandToSquareCentresTheImageOnThePadColour) {
    const auto fill = pad_colour(PixelNormalisation{});
    // expand2square(2x4) channel 0: two rows of pad above/below split 1 / 1.
    auto wide = expand_to_square(image_to_chw_float(pattern(2, 4)).to(torch::kUInt8), fill);
    EXPECT_TRUE(torch::equal(
        wide[0].to(torch::kFloat32),
        values({122, 122, 122, 122, 0, 29, 58, 87, 53, 99, 145, 191, 122, 122, 122, 122}, {4, 4})));
    // expand2square(5x2) channel 1: (5 − 2) // 2 = 1 column on the left.
    auto tall = expand_to_square(image_to_chw_float(pattern(5, 2)).to(torch::kUInt8), fill);
    EXPECT_TRUE(
        torch::equal(tall[1].to(torch::kFloat32),
                     values({116, 71,  100, 116, 116, 116, 124, 170, 116, 116, 116, 177, 240,
                             116, 116, 116, 230, 54,  116, 116, 116, 27,  124, 116, 116},
                            {5, 5})));
}

TEST(ImagePreprocess, BicubicDownscaleMatchesPillowOnFloats) {
    const auto to = torchvision_short_side(7, 11, 4);
    ASSERT_EQ(to, (ResizedSize{4, 6}));
    const auto ours = resize_bicubic_antialiased(plane01(7, 11, 0), to);
    const auto pil =
        values({0.1481192f, 0.4375789f, 0.5756862f, 0.4390715f, 0.4693296f, 0.268894f,
                0.6032523f, 0.5515295f, 0.4901792f, 0.2792506f, 0.3624791f, 0.7005572f,
                0.5455811f, 0.2619477f, 0.5014488f, 0.7013961f, 0.4314019f, 0.4634072f,
                0.3696453f, 0.6674005f, 0.883884f,  0.8390859f, 0.4015566f, 0.4510323f},
               {1, 4, 6});
    EXPECT_TRUE(tensors_close(ours, pil, 2e-6));
}

TEST(ImagePreprocess, BicubicUpscaleMatchesPillowAndIsNotClamped) {
    const auto to = torchvision_short_side(3, 2, 5);
    ASSERT_EQ(to, (ResizedSize{7, 5}));
    const auto ours = resize_bicubic_antialiased(plane01(3, 2, 2), to);
    const auto pil = values(
        {0.5262476f, 0.5439124f, 0.5905355f, 0.6371585f, 0.6548234f, 0.562052f,  0.5830877f,
         0.6386074f, 0.6941271f, 0.7151628f, 0.6382123f, 0.6733295f, 0.7660149f, 0.8587003f,
         0.8938175f, 0.7468368f, 0.7765306f, 0.854902f,  0.9332733f, 0.9629671f, 0.89265f,
         0.8551224f, 0.7560751f, 0.6570279f, 0.6195003f, 1.020874f,  0.9109111f, 0.6206833f,
         0.3304555f, 0.2204923f, 1.076433f,  0.937014f,  0.5690422f, 0.2010705f, 0.06165122f},
        {1, 7, 5});
    EXPECT_TRUE(tensors_close(ours, pil, 2e-6));
    EXPECT_GT(ours.max().item<float>(), 1.0f);  // overshoot kept: no 8-bit rounding
}

TEST(ImagePreprocess, ImageMatchesTheAuthorsProcessor) {
    // 8x15 → 4x7 → crop at column round(1.5) = 2 → normalised.
    const auto ours = preprocess_image(pattern(8, 15), 4, /*pad_to_square=*/false);
    const auto ref =
        values({0.02155671f, -0.1969317f, -0.4736641f,  0.2225851f, -0.27794f,   -0.44831f,
                0.3890362f,  0.3290005f,  1.15373f,     0.4309632f, -0.3783891f, -0.06415936f,
                0.7188825f,  -0.4819632f, 0.07834175f,  0.9630015f, 0.4527228f,  -0.2495404f,
                0.2477941f,  0.4115187f,  0.2766066f,   0.6092383f, -0.0888438f, -0.5429098f,
                -0.4320427f, 0.08241794f, -0.1132584f,  1.07184f,   -1.022745f,  -0.07430935f,
                1.552484f,   0.6557899f,  0.002617159f, 0.4986255f, 0.5456135f,  0.4645032f,
                1.157375f,   0.6052171f,  -0.02372669f, 0.4379742f, 0.3006047f,  -0.08312675f,
                0.974711f,   0.06452836f, 0.4161976f,   0.8158149f, -0.5766615f, -0.5671531f},
               {3, 4, 4});
    EXPECT_TRUE(tensors_close(ours, ref, 1e-5));
}

TEST(ImagePreprocess, PaddedImageMatchesTheAuthorsProcessor) {
    // 5x3 → expand2square 5x5 with (122, 116, 104) → 4x4 → normalised.
    const auto ours = preprocess_image(pattern(5, 3), 4, /*pad_to_square=*/true);
    const auto ref =
        values({-0.350982f,  -1.589869f,   -0.9466443f, -0.1309881f, -0.1881218f, -0.5252141f,
                0.6981667f,  0.2302954f,   -0.0242414f, 0.7958894f,  0.7402919f,  -0.04325676f,
                0.3023103f,  0.6510283f,   -1.161132f,  -0.3174796f, -0.1424846f, -0.4530525f,
                0.3485368f,  0.1316726f,   0.01334031f, 0.8518968f,  0.9070781f,  0.03221333f,
                0.3517559f,  1.086963f,    -0.2592767f, -0.108681f,  -0.1727471f, -0.5718142f,
                -0.1019738f, -0.01205357f, 0.08706924f, 0.9331341f,  1.076767f,   0.1361942f,
                0.3795827f,  1.586755f,    -0.1616995f, -0.2184186f, 0.08435233f, 0.008743893f,
                0.533903f,   0.2639658f,   -0.1522475f, 0.2047221f,  1.265786f,   0.2106544f},
               {3, 4, 4});
    EXPECT_TRUE(tensors_close(ours, ref, 1e-5));
}

TEST(ImagePreprocess, NanoPathRoundsToEightBitsAndTheAuthorsPathDoesNot) {
    const PixelNormalisation identity{{0, 0, 0}, {1, 1, 1}};
    const auto rounded =
        preprocess_image(pattern(8, 15), 4, false, identity, ImageResize::RoundTo8Bit) * 255;
    EXPECT_TRUE(torch::equal(rounded, rounded.round()));
    const auto exact = preprocess_image(pattern(8, 15), 4, false, identity) * 255;
    EXPECT_FALSE(torch::equal(exact, exact.round()));
    // An image already at the tower's size is left as it is on both paths.
    const auto same = preprocess_image(pattern(4, 4), 4, true, identity) * 255;
    EXPECT_TRUE(tensors_close(same, image_to_chw_float(pattern(4, 4)), 1e-4));
}

TEST(ImagePreprocess, CentreCropOffsetRoundsHalfToEven) {
    // script: centre_offset — Python's round((length − crop) / 2).
    EXPECT_EQ(centre_crop_offset(7, 4), 2);  // 1.5 → 2
    EXPECT_EQ(centre_crop_offset(8, 4), 2);
    EXPECT_EQ(centre_crop_offset(9, 4), 2);  // 2.5 → 2
    EXPECT_EQ(centre_crop_offset(10, 4), 3);
    EXPECT_EQ(centre_crop_offset(11, 4), 4);  // 3.5 → 4
    EXPECT_EQ(centre_crop_offset(229, 224), 2);
    EXPECT_EQ(centre_crop_offset(231, 224), 4);
    const auto t = torch::arange(7).view({1, 1, 7}).expand({1, 4, 7});
    EXPECT_EQ(centre_crop(t, 4)[0][0][0].item<int64_t>(), 2);
    EXPECT_THROW(centre_crop(t, 5), Error);
}

TEST(ImagePreprocess, ShortSideSizesFollowEachLibrary) {
    // script: sizes — torchvision (image) and pytorchvideo (video).
    EXPECT_EQ(torchvision_short_side(7, 11, 4), (ResizedSize{4, 6}));
    EXPECT_EQ(torchvision_short_side(11, 7, 4), (ResizedSize{6, 4}));
    EXPECT_EQ(torchvision_short_side(480, 640, 224), (ResizedSize{224, 298}));
    EXPECT_EQ(torchvision_short_side(256, 455, 224), (ResizedSize{224, 398}));
    EXPECT_EQ(pytorchvideo_short_side(49, 100, 224), (ResizedSize{224, 457}));
    EXPECT_EQ(pytorchvideo_short_side(256, 455, 224), (ResizedSize{224, 398}));
    // The two formulas disagree here: "differ 61 56 (244, 224) (243, 224)".
    EXPECT_EQ(torchvision_short_side(61, 56, 224), (ResizedSize{244, 224}));
    EXPECT_EQ(pytorchvideo_short_side(61, 56, 224), (ResizedSize{243, 224}));
}

TEST(VideoPreprocess, MatchesTheAuthorsVideoProcessor) {
    // Two 4x9 frames → normalise → bilinear to 3x6 → crop at column 2.
    const auto ours = preprocess_video({pattern(4, 9), pattern(4, 9, 1)}, 3);
    const auto ref =
        values({-0.1529808f,  0.07694435f, 0.5459188f,  0.3354581f,   -0.5240242f, -0.6992053f,
                -1.040444f,   -0.6535853f, 0.08424368f, -0.6176975f,  0.07937743f, 0.1535861f,
                0.6912948f,   1.233261f,   -1.060516f,  -0.6973808f,  -0.3105225f, -0.6079651f,
                0.3583703f,   1.074991f,   0.9167843f,  -0.9004062f,  -0.3432429f, 0.4371611f,
                -0.0737283f,  0.3239776f,  1.242578f,   0.3608716f,   0.597244f,   1.313865f,
                -0.05434338f, -0.9379257f, 0.06571883f, -0.04121134f, 0.3564946f,  0.5309597f,
                0.7706982f,   -0.8255042f, -0.2170039f, 0.3363937f,   0.8643137f,  1.603757f,
                1.119682f,    1.496514f,   0.09168969f, 1.07643f,     -0.5197728f, -0.5991681f,
                -0.2270764f,  0.3008435f,  1.25181f,    1.150493f,    1.527325f,   0.9342289f},
               {3, 2, 3, 3});
    EXPECT_TRUE(tensors_close(ours, ref, 1e-5));
}

TEST(VideoFrames, FewerFaceFramesThanTheTowerTakesRepeat) {
    // script: linspace 3 8 / 6 8 / 1 8.
    EXPECT_EQ(tower_frame_indices(3, 8), (std::vector<int64_t>{0, 0, 0, 0, 1, 1, 1, 2}));
    EXPECT_EQ(tower_frame_indices(6, 8), (std::vector<int64_t>{0, 0, 1, 2, 2, 3, 4, 5}));
    EXPECT_EQ(tower_frame_indices(1, 8), std::vector<int64_t>(8, 0));
}

TEST(VideoFrames, MoreFaceFramesThanTheTowerTakesAreSpread) {
    // script: linspace 20 8 / 8 8.
    EXPECT_EQ(tower_frame_indices(20, 8), (std::vector<int64_t>{0, 2, 5, 8, 10, 13, 16, 19}));
    EXPECT_EQ(tower_frame_indices(8, 8), (std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6, 7}));
    EXPECT_EQ(tower_frame_indices(5, 1), std::vector<int64_t>{0});
}

TEST(VideoFrames, NoFaceFrameIsAClearError) {
    EXPECT_THROW(tower_frame_indices(0, 8), Error);
    EXPECT_THROW(frames_for_video_tower({}, 8), Error);
    EXPECT_THROW(tower_frame_indices(3, 0), Error);
    try {
        tower_frame_indices(0, 8);
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("no frame of the video has a face"),
                  std::string::npos);
    }
}

TEST(VideoFrames, EveryCallerGetsTheTowersFrameCount) {
    std::vector<FaceFrame> faces;
    for (int i = 0; i < 3; ++i) {
        FaceFrame f;
        f.crop = pattern(2, 2);
        f.crop.pixels[0] = uint8_t(200 + i);  // tell the frames apart
        faces.push_back(f);
    }
    const auto chosen = frames_for_video_tower(faces, 8);
    ASSERT_EQ(chosen.size(), 8u);
    const std::vector<int> expected{0, 0, 0, 0, 1, 1, 1, 2};
    for (size_t i = 0; i < chosen.size(); ++i)
        EXPECT_EQ(chosen[i].crop.pixels, faces[size_t(expected[i])].crop.pixels) << i;
    EXPECT_EQ(preprocess_video({chosen[0].crop}, 2).sizes(), (torch::IntArrayRef{3, 1, 2, 2}));
}

}  // namespace
}  // namespace facellava::model
