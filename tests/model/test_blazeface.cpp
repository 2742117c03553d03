// BlazeFace short-range (MediaPipe's, the Face-LLaVA authors' detector):
// anchors, decoding, weighted NMS, the letterbox projection and the input
// tensor against values worked out by hand from MediaPipe's published rules
// (the calculators cited in model/src/perception/blazeface/), and the whole
// detector on face-api's demo photos against face-api's tiny face detector.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "facellava/core/assets.h"
#include "facellava/core/error.h"
#include "facellava/model/blazeface_detector.h"
#include "facellava/model/face_analyzer.h"
#include "facellava/pipeline/analysis_options.h"
#include "perception/blazeface/blazeface_input.h"
#include "perception/blazeface/blazeface_postprocess.h"

#ifdef FACELLAVA_HAVE_MEDIA
#include "facellava/core/faces.h"
#include "facellava/core/media.h"
#include "facellava/pipeline/analysis_json.h"
#include "image_edits.h"
#endif

namespace facellava::perception {
namespace {
namespace bf = blazeface;

// ssd_anchors_calculator.cc with face_detector_graph.cc's options: layer 0
// (stride 8) is a 16 × 16 grid with 2 anchors per cell (aspect ratio 1 plus
// the interpolated scale); the three stride-16 layers merge into one 8 × 8
// grid with 6 anchors per cell. Centres (i + 0.5) / grid, size fixed at 1.
TEST(BlazeFaceAnchors, CountAndPositionsFollowMediaPipeRules) {
    const auto anchors = bf::short_range_anchors();
    ASSERT_EQ(anchors.size(), size_t(16 * 16 * 2 + 8 * 8 * 6));
    ASSERT_EQ(anchors.size(), size_t(896));
    const auto expect_anchor = [&](size_t i, double x, double y) {
        SCOPED_TRACE("anchor " + std::to_string(i));
        EXPECT_FLOAT_EQ(anchors[i].x_center, float(x));
        EXPECT_FLOAT_EQ(anchors[i].y_center, float(y));
        EXPECT_EQ(anchors[i].w, 1.0f);
        EXPECT_EQ(anchors[i].h, 1.0f);
    };
    expect_anchor(0, 0.5 / 16, 0.5 / 16);
    expect_anchor(1, 0.5 / 16, 0.5 / 16);                     // second anchor, same cell
    expect_anchor(2, 1.5 / 16, 0.5 / 16);                     // next column
    expect_anchor(2 * (16 * 3 + 5) + 1, 5.5 / 16, 3.5 / 16);  // row 3, column 5
    expect_anchor(511, 15.5 / 16, 15.5 / 16);                 // last of layer 0
    for (size_t i = 512; i < 518; ++i)
        expect_anchor(i, 0.5 / 8, 0.5 / 8);                  // 6 per cell
    expect_anchor(512 + 6 * (8 * 2 + 7), 7.5 / 8, 2.5 / 8);  // row 2, column 7
    expect_anchor(895, 7.5 / 8, 7.5 / 8);
}

// One synthetic [896, 17] output: column 0 the logit, then x, y, w, h and six
// keypoints (x, y), all in 128-pixel units around the anchor centre.
std::vector<float> background_output() {
    std::vector<float> raw(size_t(bf::kNumBoxes) * bf::kRawColumns, 0.0f);
    for (int i = 0; i < bf::kNumBoxes; ++i)
        raw[size_t(i) * bf::kRawColumns] = -20.0f;  // σ ≈ 2e-9: no face
    return raw;
}

TEST(BlazeFaceDecode, SyntheticTensorGivesTheHandComputedBox) {
    const auto anchors = bf::short_range_anchors();
    auto raw = background_output();
    const size_t face = 2 * (16 * 3 + 5);  // anchor centre (5.5/16, 3.5/16)
    float* row = &raw[face * bf::kRawColumns];
    row[0] = 2.0f;   // logit
    row[1] = 4.0f;   // x offset, pixels of 128
    row[2] = -2.0f;  // y offset
    row[3] = 32.0f;  // width
    row[4] = 40.0f;  // height
    for (int k = 0; k < 6; ++k) {
        row[5 + 2 * k] = float(k);
        row[6 + 2 * k] = -float(k);
    }
    raw[(face + 1) * bf::kRawColumns] = 0.0f;  // σ(0) = 0.5: kept at min 0.5 (≥)
    raw[700 * bf::kRawColumns] = 1000.0f;      // clipped to 100: σ = 1
    raw[701 * bf::kRawColumns] = 5.0f;         // a negative width: dropped
    raw[701 * bf::kRawColumns + 3] = -10.0f;
    raw[702 * bf::kRawColumns] = -0.01f;  // σ just under 0.5: dropped

    const auto d = bf::decode(raw.data(), anchors, 0.5f);
    ASSERT_EQ(d.size(), size_t(3));
    const double xc = 5.5 / 16 + 4.0 / 128, yc = 3.5 / 16 - 2.0 / 128;
    const double w = 32.0 / 128, h = 40.0 / 128;
    EXPECT_NEAR(d[0].score, 1.0 / (1.0 + std::exp(-2.0)), 1e-6);
    EXPECT_NEAR(d[0].xmin, xc - w / 2, 1e-6);
    EXPECT_NEAR(d[0].ymin, yc - h / 2, 1e-6);
    EXPECT_NEAR(d[0].width, w, 1e-6);
    EXPECT_NEAR(d[0].height, h, 1e-6);
    for (int k = 0; k < 6; ++k) {
        EXPECT_NEAR(d[0].keypoints[size_t(2 * k)], 5.5 / 16 + k / 128.0, 1e-6);
        EXPECT_NEAR(d[0].keypoints[size_t(2 * k + 1)], 3.5 / 16 - k / 128.0, 1e-6);
    }
    EXPECT_EQ(d[1].score, 0.5f);
    EXPECT_NEAR(d[1].xmin, 5.5 / 16, 1e-7);  // zero offsets and size: the anchor centre
    EXPECT_EQ(d[1].width, 0.0f);
    EXPECT_EQ(d[2].score, 1.0f);
}

TEST(BlazeFaceNms, WeightedAverageOfOverlappingBoxes) {
    const auto det = [](float score, float x, float y, float w, float h, float kp) {
        bf::RelativeDetection d;
        d.score = score;
        d.xmin = x;
        d.ymin = y;
        d.width = w;
        d.height = h;
        d.keypoints.fill(kp);
        return d;
    };
    // B overlaps A by IoU 0.036 / 0.044 = 0.82; D overlaps A by 0.016 / 0.064
    // = 0.25 (< 0.3, kept); C is apart. Scores order: A, C, B, D.
    const std::vector<bf::RelativeDetection> input = {
        det(0.6f, 0.12f, 0.1f, 0.2f, 0.2f, 0.4f),  // B
        det(0.9f, 0.1f, 0.1f, 0.2f, 0.2f, 0.1f),   // A
        det(0.5f, 0.22f, 0.1f, 0.2f, 0.2f, 0.0f),  // D
        det(0.7f, 0.6f, 0.6f, 0.1f, 0.1f, 0.9f),   // C
    };
    const auto out = bf::weighted_non_max_suppression(input, 0.3f);
    ASSERT_EQ(out.size(), size_t(3));
    // A absorbs B: score-weighted corners (0.9 A + 0.6 B) / 1.5, A's score.
    EXPECT_EQ(out[0].score, 0.9f);
    EXPECT_NEAR(out[0].xmin, (0.1 * 0.9 + 0.12 * 0.6) / 1.5, 1e-6);  // 0.108
    EXPECT_NEAR(out[0].ymin, 0.1, 1e-6);
    EXPECT_NEAR(out[0].width, (0.3 * 0.9 + 0.32 * 0.6) / 1.5 - 0.108, 1e-6);  // 0.2
    EXPECT_NEAR(out[0].height, 0.2, 1e-6);
    EXPECT_NEAR(out[0].keypoints[3], (0.1 * 0.9 + 0.4 * 0.6) / 1.5, 1e-6);  // 0.22
    EXPECT_EQ(out[1].score, 0.7f);  // C, averaged with itself only
    EXPECT_NEAR(out[1].xmin, 0.6, 1e-6);
    EXPECT_NEAR(out[1].keypoints[0], 0.9, 1e-6);
    EXPECT_EQ(out[2].score, 0.5f);  // D survives A's round and stands alone
    EXPECT_NEAR(out[2].xmin, 0.22, 1e-6);
}

// A 200 × 100 image sits in a 200-pixel square, 50 pixels of border above and
// below: tensor-relative y 0.25…0.75 covers the image's rows.
TEST(BlazeFaceProjection, LetterboxRemovalAndPixelBox) {
    const auto l = bf::letterbox_for(200, 100);
    EXPECT_EQ(l.side, 200.0f);
    bf::RelativeDetection d;
    d.xmin = 0.25f;
    d.ymin = 0.25f;
    d.width = 0.5f;
    d.height = 0.5f;
    d.keypoints = {0.5f, 0.5f, 0.0f, 0.25f, 1.0f, 0.75f, 0, 0, 0, 0, 0, 0};
    const auto p = bf::project(d, l);
    EXPECT_NEAR(p.xmin, 0.25, 1e-6);
    EXPECT_NEAR(p.ymin, 0.0, 1e-6);
    EXPECT_NEAR(p.width, 0.5, 1e-6);
    EXPECT_NEAR(p.height, 1.0, 1e-6);
    EXPECT_NEAR(p.keypoints[0], 0.5, 1e-6);
    EXPECT_NEAR(p.keypoints[1], 0.5, 1e-6);
    EXPECT_NEAR(p.keypoints[2], 0.0, 1e-6);
    EXPECT_NEAR(p.keypoints[3], 0.0, 1e-6);
    EXPECT_NEAR(p.keypoints[4], 1.0, 1e-6);
    EXPECT_NEAR(p.keypoints[5], 1.0, 1e-6);
    // A portrait image: 100 × 200 pads left and right instead.
    const auto portrait = bf::project(d, bf::letterbox_for(100, 200));
    EXPECT_NEAR(portrait.xmin, 0.0, 1e-6);
    EXPECT_NEAR(portrait.ymin, 0.25, 1e-6);

    // DetectionTransformationCalculator: truncation toward zero, bounded to [0, W].
    bf::RelativeDetection r;
    r.xmin = -0.004f;   // −0.8 px → 0
    r.ymin = 0.33333f;  // 33.333 px → 33
    r.width = 0.9999f;  // 199.98 px → 199
    r.height = 1.2f;    // 120 px → bounded to 100
    const auto px = bf::to_pixel_box(r, 200, 100);
    EXPECT_EQ(px.origin_x, 0);
    EXPECT_EQ(px.origin_y, 33);
    EXPECT_EQ(px.width, 199);
    EXPECT_EQ(px.height, 100);
}

ImageRGB solid_image(int width, int height, uint8_t value) {
    ImageRGB image;
    image.width = width;
    image.height = height;
    image.pixels.assign(size_t(width) * size_t(height) * 3, value);
    return image;
}

float tensor_at(const std::vector<float>& t, int x, int y, int c = 0) {
    return t[(size_t(y) * 128 + size_t(x)) * 3 + size_t(c)];
}

// The letterbox with a zero border, then [0, 255] → [−1, 1]: border pixels
// are 0 → −1, white 255 → 1.
TEST(BlazeFaceInput, LetterboxZeroBorderAndRange) {
    // 256 × 128: side 256, tensor row y samples image row −64 + 2y.
    const auto t = bf::letterbox_input(solid_image(256, 128, 255));
    ASSERT_EQ(t.size(), size_t(128 * 128 * 3));
    EXPECT_FLOAT_EQ(tensor_at(t, 10, 0), -1.0f);
    EXPECT_FLOAT_EQ(tensor_at(t, 10, 31), -1.0f);     // image row −2
    EXPECT_FLOAT_EQ(tensor_at(t, 10, 32), 1.0f);      // image row 0
    EXPECT_FLOAT_EQ(tensor_at(t, 127, 95, 2), 1.0f);  // image row 126
    EXPECT_FLOAT_EQ(tensor_at(t, 10, 96), -1.0f);     // image row 128: outside

    // 64 × 64 ramp p(x) = 4x: tensor column x samples image column x / 2;
    // between two pixels the bilinear mean, past the last one the border 0.
    ImageRGB ramp = solid_image(64, 64, 0);
    for (int y = 0; y < 64; ++y)
        for (int x = 0; x < 64; ++x)
            for (int c = 0; c < 3; ++c)
                ramp.row(y)[x * 3 + c] = uint8_t(4 * x);
    const auto r = bf::letterbox_input(ramp);
    const auto level = [](double v) { return float(v * 2.0 / 255.0 - 1.0); };
    EXPECT_NEAR(tensor_at(r, 0, 5), level(0), 1e-6);
    EXPECT_NEAR(tensor_at(r, 1, 5), level(2), 1e-6);      // (0 + 4) / 2
    EXPECT_NEAR(tensor_at(r, 20, 5), level(40), 1e-6);    // column 10
    EXPECT_NEAR(tensor_at(r, 127, 5), level(126), 1e-6);  // (252 + 0) / 2
    EXPECT_THROW(bf::letterbox_input(ImageRGB{}), Error);
}

TEST(BlazeFaceOptions, DetectorNameRoundTrips) {
    EXPECT_EQ(pipeline::parse_detector_kind("blazeface"), pipeline::DetectorKind::BlazeFace);
    EXPECT_STREQ(pipeline::to_string(pipeline::DetectorKind::BlazeFace), "blazeface");
    try {
        pipeline::parse_detector_kind("mediapipe");
        FAIL() << "an unknown detector name";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("blazeface"), std::string::npos) << e.what();
    }
}

TEST(BlazeFaceDetector, MissingModelFileIsNamed) {
    const std::string empty =
        (std::filesystem::temp_directory_path() / "facellava-blazeface-no-assets").string();
    const AssetLocator assets(empty, empty, empty);
    try {
        BlazeFaceDetector detector(assets);
        FAIL() << "a detector without its model file";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("facemesh-detection-short.json"), std::string::npos)
            << e.what();
        EXPECT_NE(std::string(e.what()).find(assets.fetch_command()), std::string::npos)
            << e.what();
    }
}

#ifdef FACELLAVA_HAVE_MEDIA

double iou(double ax, double ay, double aw, double ah, double bx, double by, double bw, double bh) {
    const double w = std::max(0.0, std::min(ax + aw, bx + bw) - std::max(ax, bx));
    const double h = std::max(0.0, std::min(ay + ah, by + bh) - std::max(ay, by));
    return w * h / (aw * ah + bw * bh - w * h);
}

// Every face BlazeFace finds on face-api's demo photos is one face-api's tiny
// detector finds too (best IoU of the raw boxes above kMinIou: MediaPipe's
// box is tighter — brows to chin — than face-api's, so the IoU of a true
// match sits well below 1); and BlazeFace, a selfie-range model, finds no
// more faces than face-api.
TEST(BlazeFaceDetector, DemoPhotoFacesMatchFaceApiFaces) {
    constexpr double kMinIou = 0.4;
    const AssetLocator assets = AssetLocator::from_environment();
    const BlazeFaceDetector blaze(assets);
    const FaceAnalyzer faceapi(assets);
    int matched = 0;
    for (const auto& path : assets.demo_photos()) {
        SCOPED_TRACE(path);
        const ImageRGB image = load_image(path);
        const auto ours = blaze.detect(image);
        const auto theirs = faceapi.detect(image);
        std::printf("%s: %zu BlazeFace faces, %zu face-api faces\n",
                    std::filesystem::path(path).filename().c_str(), ours.size(), theirs.size());
        EXPECT_LE(ours.size(), theirs.size());
        for (const auto& f : ours) {
            double best = 0;
            for (const auto& t : theirs)
                best = std::max(best, iou(f.origin_x, f.origin_y, f.width, f.height, t.box.x,
                                          t.box.y, t.box.width, t.box.height));
            std::printf("  box %d %d %d %d score %.3f best IoU %.3f\n", f.origin_x, f.origin_y,
                        f.width, f.height, f.score, best);
            EXPECT_GT(best, kMinIou);
            EXPECT_GE(f.score, 0.5f);
            // Keypoints (eyes, nose, mouth) inside the box's relative extent.
            for (int k = 0; k < 4; ++k) {
                EXPECT_GT(f.keypoints[size_t(k)][0], f.rel_xmin);
                EXPECT_LT(f.keypoints[size_t(k)][0], f.rel_xmin + f.rel_width);
            }
            matched += best > kMinIou;
        }
    }
    EXPECT_GT(matched, 0);
}

// The decode's geometry, checked against an independent net: BlazeFace's eye
// keypoints (decoded with the same anchors, scales and letterbox removal as
// its box) land on the eye centres of face-api's 68 landmarks (means of
// points 36–41 and 42–47). The short-range model is made for faces filling
// much of a selfie frame: in the demo group photos a face spans ~18 of its
// 128 input pixels and its keypoints wander by 2–5 input pixels (0.4–1.2 IOD
// measured), so each face is cut out first with a margin (2.5× the face-api
// box, the face then spans ~40% of the frame). Bound: 0.25 IOD (the two nets
// mark the eye differently; measured 0.01–0.19, median 0.1, on 17 faces).
TEST(BlazeFaceDetector, EyeKeypointsLandOnTheLandmarkNetsEyes) {
    const AssetLocator assets = AssetLocator::from_environment();
    const BlazeFaceDetector blaze(assets);
    const FaceAnalyzer faceapi(assets);
    int checked = 0;
    for (const auto& path : assets.demo_photos()) {
        SCOPED_TRACE(path);
        const ImageRGB photo = load_image(path);
        for (const auto& t : faceapi.detect(photo)) {
            const double side = 2.5 * std::max(t.box.width, t.box.height);
            const double cx = t.box.x + t.box.width / 2, cy = t.box.y + t.box.height / 2;
            const ImageRGB image =
                test_images::sub_image(photo, int(cx - side / 2), int(cy - side / 2),
                                       int(cx + side / 2), int(cy + side / 2));
            const auto faces = faceapi.detect(image);
            const auto found = blaze.detect(image);
            if (faces.empty() || found.empty())
                continue;
            // The face in the middle of the cut-out, seen by both detectors.
            auto nearest = [&](double x, double y, auto& list, auto box_of) {
                auto best = list.begin();
                double best_d = 1e18;
                for (auto it = list.begin(); it != list.end(); ++it) {
                    const auto [bx, by] = box_of(*it);
                    const double d = std::hypot(bx - x, by - y);
                    if (d < best_d)
                        best_d = d, best = it;
                }
                return *best;
            };
            const auto t2 = nearest(image.width / 2.0, image.height / 2.0, faces, [](auto& d) {
                return std::pair<double, double>{d.box.x + d.box.width / 2,
                                                 d.box.y + d.box.height / 2};
            });
            const auto f = nearest(image.width / 2.0, image.height / 2.0, found, [](auto& d) {
                return std::pair<double, double>{d.origin_x + d.width / 2.0,
                                                 d.origin_y + d.height / 2.0};
            });
            const auto lm = faceapi.analyze_face(image, t2.box).landmarks;
            auto centre = [&](int first) {
                double x = 0, y = 0;
                for (int i = first; i < first + 6; ++i)
                    x += lm[size_t(i)].x / 6.0, y += lm[size_t(i)].y / 6.0;
                return std::array<double, 2>{x, y};
            };
            const auto image_left = centre(36), image_right = centre(42);
            const double iod =
                std::hypot(image_right[0] - image_left[0], image_right[1] - image_left[1]);
            // Keypoint 0 is the subject's right eye: the one on the image's left.
            const double e0 = std::hypot(f.keypoints[0][0] * image.width - image_left[0],
                                         f.keypoints[0][1] * image.height - image_left[1]);
            const double e1 = std::hypot(f.keypoints[1][0] * image.width - image_right[0],
                                         f.keypoints[1][1] * image.height - image_right[1]);
            std::printf("  %dx%d cut-out: eyes off by %.3f and %.3f IOD\n", image.width,
                        image.height, e0 / iod, e1 / iod);
            EXPECT_LT(e0 / iod, 0.25);
            EXPECT_LT(e1 / iod, 0.25);
            ++checked;
        }
    }
    EXPECT_GT(checked, 0);
}

// analyze's "authors_crop" is crop_face_square's region (x1 = x0 + width),
// including the clip to W − 1 / H − 1 at the border.
TEST(BlazeFaceAuthorsCrop, JsonRegionIsCropFaceSquares) {
    const ImageRGB image = solid_image(320, 240, 128);
    const std::vector<facellava::FaceBox> boxes = {
        {10, 20, 100, 120, 0.9f}, {250, 150, 90, 100, 0.8f}, {0, 0, 31, 40, 0.7f}};
    for (const auto& box : boxes) {
        pipeline::FaceRecord record;
        record.success = true;
        record.box = box;
        record.pose = HeadPose{};
        record.pose->camera = CameraIntrinsics::approximate(image.width, image.height);
        const auto json = pipeline::face_record_json(record, {});
        const FaceCrop crop = crop_face_square(image, box);
        const auto& c = json.at("authors_crop");
        SCOPED_TRACE(json.dump());
        EXPECT_EQ(c.at("x0").get<int>(), crop.x0);
        EXPECT_EQ(c.at("y0").get<int>(), crop.y0);
        EXPECT_EQ(c.at("x1").get<int>(), crop.x0 + crop.width);
        EXPECT_EQ(c.at("y1").get<int>(), crop.y0 + crop.height);
    }
    pipeline::FaceRecord no_pose;
    no_pose.success = true;
    no_pose.box = boxes[0];
    EXPECT_TRUE(pipeline::face_record_json(no_pose, {}).at("authors_crop").is_null());
}

#endif  // FACELLAVA_HAVE_MEDIA

}  // namespace
}  // namespace facellava::perception
