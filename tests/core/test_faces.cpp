// Face layer: dlib HOG detection and 68-point landmarks on the face-api demo
// photos (the assets must be installed: missing ones fail the test), and the
// Face-LLaVA square crop checked against hand-computed geometry.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iostream>
#include <memory>

#include "facellava/core/assets.h"
#include "facellava/core/error.h"
#include "facellava/core/faces.h"
#include "facellava/core/media.h"
#include "test_support.h"

namespace facellava {
namespace {

// The demo photos as PERCEPTION_NETS.md measured them: 960 px wide, aspect
// kept, bilinear.
ImageRGB load_demo_photo(const std::string& path) {
    const ImageRGB photo = load_image(path);
    const int height = int(std::lround(double(photo.height) * 960.0 / photo.width));
    return resize_image(photo, 960, height, Interpolation::Bilinear);
}

// Loading happens in the test body so missing assets fail the test (an
// exception in a suite's set-up would only mark it skipped).
TEST(DlibDemoPhotos, HogFindsNineteenFacesWithLandmarksInTheirBoxes) {
    const auto landmarker =
        std::make_unique<DlibLandmarker>(AssetLocator::from_environment().dlib_shape_predictor());
    const std::vector<std::string> photos = AssetLocator::from_environment().demo_photos();
    ASSERT_EQ(photos.size(), 6u);
    DlibFaceDetector detector;  // no upsampling
    size_t total = 0;
    for (const std::string& path : photos) {
        const ImageRGB image = load_demo_photo(path);
        const std::vector<FaceBox> faces = detector.detect(image);
        std::cout << "[ dlib HOG ] " << path.substr(path.rfind('/') + 1) << " " << image.width
                  << "x" << image.height << ": " << faces.size() << " faces\n";
        total += faces.size();
        const std::vector<Landmarks68> shapes = landmarker->fit(image, faces);
        ASSERT_EQ(shapes.size(), faces.size());
        for (size_t f = 0; f < faces.size(); ++f) {
            const FaceBox& box = faces[f];
            EXPECT_GT(box.w, 40.f);  // the HOG window is 80 px; pyramid levels shrink it
            EXPECT_GT(box.score, 0.f);
            if (f > 0) {
                EXPECT_GE(faces[f - 1].score, box.score);  // best first
            }
            // Every point within the box grown by a third of its size: dlib's
            // box covers brows to chin, the jaw line may stick out a little.
            const float mx = box.w / 3, my = box.h / 3;
            for (int i = 0; i < Landmarks68::kPoints; ++i) {
                EXPECT_GE(shapes[f].x(i), box.x - mx) << path << " face " << f << " point " << i;
                EXPECT_LE(shapes[f].x(i), box.x + box.w + mx) << path << " face " << f;
                EXPECT_GE(shapes[f].y(i), box.y - my) << path << " face " << f << " point " << i;
                EXPECT_LE(shapes[f].y(i), box.y + box.h + my) << path << " face " << f;
            }
            // iBUG order sanity: the nose tip (30) lies between the outer eye
            // corners (36, 45) and above the chin (8).
            EXPECT_LT(shapes[f].x(36), shapes[f].x(30));
            EXPECT_LT(shapes[f].x(30), shapes[f].x(45));
            EXPECT_LT(shapes[f].y(30), shapes[f].y(8));
            // A single-box fit gives the same points as the batch fit.
            if (f == 0) {
                EXPECT_EQ(landmarker->fit(image, box).xy, shapes[f].xy);
            }
        }
    }
    EXPECT_EQ(total, 19u) << "PERCEPTION_NETS.md: dlib HOG finds 19 faces in the six demo photos";
}

TEST(DlibFaceDetector, FindsNothingInAFlatImage) {
    ImageRGB grey;
    grey.width = 320;
    grey.height = 240;
    grey.pixels.assign(320 * 240 * 3, 128);
    DlibFaceDetector detector;
    EXPECT_TRUE(detector.detect(grey).empty());
    DlibFaceDetectorOptions upsampled;
    upsampled.upsample = 1;
    DlibFaceDetector detector_up(upsampled);
    EXPECT_TRUE(detector_up.detect(grey).empty());
    DlibFaceDetectorOptions bad;
    bad.upsample = -1;
    EXPECT_THROW(DlibFaceDetector{bad}, Error);
    EXPECT_THROW(detector.detect(ImageRGB{}), Error);
}

TEST(DlibFaceDetector, UpsamplingReportsBoxesInOriginalPixels) {
    // The largest face of a demo photo at half size, found with one doubling,
    // lands where the full-size detection puts it (halved).
    const std::vector<std::string> photos = AssetLocator::from_environment().demo_photos();
    const ImageRGB image = load_demo_photo(photos[0]);
    DlibFaceDetector plain;
    const std::vector<FaceBox> full = plain.detect(image);
    ASSERT_FALSE(full.empty());
    const ImageRGB half =
        resize_image(image, image.width / 2, image.height / 2, Interpolation::Area);
    DlibFaceDetectorOptions options;
    options.upsample = 1;
    DlibFaceDetector doubled(options);
    const std::vector<FaceBox> found = doubled.detect(half);
    ASSERT_FALSE(found.empty());
    bool matched = false;
    for (const FaceBox& b : found) {
        const float cx = b.x + b.w / 2, cy = b.y + b.h / 2;
        const float fx = (full[0].x + full[0].w / 2) / 2, fy = (full[0].y + full[0].h / 2) / 2;
        if (std::abs(cx - fx) < full[0].w / 8 && std::abs(cy - fy) < full[0].h / 8)
            matched = true;
    }
    EXPECT_TRUE(matched);
}

TEST(DlibLandmarker, BadModelFilesThrowErrorNamingTheFile) {
    const std::string dir = test::make_temp_dir("landmarker");
    const std::string missing = dir + "/missing.dat";
    try {
        DlibLandmarker landmarker(missing);
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.path(), missing);
    }
    const std::string junk = dir + "/junk.dat";
    std::ofstream(junk) << "not a model";
    try {
        DlibLandmarker landmarker(junk);
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.path(), junk);
    }
}

TEST(Dlib, VersionIsReported) {
    EXPECT_EQ(dlib_version().rfind("19.", 0), 0u) << dlib_version();
}

// ---- Face-LLaVA crop -----------------------------------------------------------

// Pixel (x, y) holds R = x, G = y, B = 7, so crops show where they came from.
ImageRGB coordinate_image(int width, int height) {
    ImageRGB image;
    image.width = width;
    image.height = height;
    image.pixels.resize(size_t(width) * height * 3);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            uint8_t* p = image.row(y) + size_t(x) * 3;
            p[0] = uint8_t(x);
            p[1] = uint8_t(y);
            p[2] = 7;
        }
    }
    return image;
}

TEST(FaceCrop, GeometryMatchesTheAuthorsTool) {
    const ImageRGB image = coordinate_image(100, 80);
    // s = (30 + 40) / 2 = 35; start = int(10.5) = 10, int(20.2) = 20;
    // end = int(min(45.5, 99)) = 45, int(min(55.2, 79)) = 55: a 35 × 35 region.
    const FaceCrop crop = crop_face_square(image, {10.5f, 20.2f, 30.f, 40.f, 1.f}, 256);
    EXPECT_EQ(crop.x0, 10);
    EXPECT_EQ(crop.y0, 20);
    EXPECT_EQ(crop.width, 35);
    EXPECT_EQ(crop.height, 35);
    EXPECT_FLOAT_EQ(crop.scale_x, 256.f / 35.f);
    EXPECT_FLOAT_EQ(crop.scale_y, 256.f / 35.f);
    EXPECT_EQ(crop.image.width, 256);
    EXPECT_EQ(crop.image.height, 256);
    // Pixel centre convention: (x − x0 + ½)·s − ½. Point (10, 20) → 3.1571429.
    const auto p = crop.to_crop(10.f, 20.f);
    EXPECT_NEAR(p[0], 0.5 * 256.0 / 35.0 - 0.5, 1e-4);
    EXPECT_NEAR(p[1], 0.5 * 256.0 / 35.0 - 0.5, 1e-4);
    const auto q = crop.to_crop(27.f, 37.f);  // the region's centre pixel (17, 17) → 127.5
    EXPECT_NEAR(q[0], 127.5, 1e-3);
    EXPECT_NEAR(q[1], 127.5, 1e-3);

    Landmarks68 marks;
    for (int i = 0; i < 68; ++i) {
        marks.xy[2 * i] = 10.f + float(i % 35);
        marks.xy[2 * i + 1] = 20.f + float(i / 2);
    }
    const auto normalised = landmarks_in_crop_normalised(marks, crop);
    EXPECT_NEAR(normalised[0], (0.5 * 256.0 / 35.0 - 0.5) / 256.0, 1e-6);  // 0.0123326
    EXPECT_NEAR(normalised[1], (0.5 * 256.0 / 35.0 - 0.5) / 256.0, 1e-6);
    // Point 40: x = 10 + 5, y = 20 + 20 → (5.5 · 256/35 − 0.5) / 256, (20.5 · 256/35 − 0.5) / 256.
    EXPECT_NEAR(normalised[80], (5.5 * 256.0 / 35.0 - 0.5) / 256.0, 1e-6);
    EXPECT_NEAR(normalised[81], (20.5 * 256.0 / 35.0 - 0.5) / 256.0, 1e-6);

    // The crop's pixels come from where to_crop says.
    for (int i = 0; i < 68; i += 5) {
        const auto c = crop.to_crop(marks.x(i), marks.y(i));
        const int u = std::clamp(int(std::lround(c[0])), 0, 255);
        const int v = std::clamp(int(std::lround(c[1])), 0, 255);
        const uint8_t* px = crop.image.row(v) + u * 3;
        EXPECT_NEAR(px[0], marks.x(i), 1.0) << "point " << i;
        EXPECT_NEAR(px[1], marks.y(i), 1.0) << "point " << i;
    }
}

TEST(FaceCrop, SameSizeCropIsAnExactCopy) {
    const ImageRGB image = coordinate_image(100, 80);
    const FaceCrop crop = crop_face_square(image, {30.f, 10.f, 20.f, 20.f, 1.f}, 20);
    ASSERT_EQ(crop.width, 20);
    for (int v = 0; v < 20; ++v) {
        for (int u = 0; u < 20; ++u) {
            const uint8_t* px = crop.image.row(v) + u * 3;
            ASSERT_EQ(px[0], 30 + u);
            ASSERT_EQ(px[1], 10 + v);
        }
    }
}

TEST(FaceCrop, ClipsAtTheBorderLikeTheAuthorsTool) {
    const ImageRGB image = coordinate_image(100, 80);
    // crop_face.py: MARGIN_X = min(0, −5, 100+5−30) = −5, MARGIN_Y =
    // min(0, 60, 80−60−30) = −10, MARGIN = −10; avg = 30;
    // x: start int(max(0, −5+10)) = 5, end int(min(−5+30−10, 99)) = 15;
    // y: start int(max(0, 60+10)) = 70, end int(min(60+30−10, 79)) = 79.
    const FaceCrop crop = crop_face_square(image, {-5.f, 60.f, 30.f, 30.f, 1.f}, 256);
    EXPECT_EQ(crop.x0, 5);
    EXPECT_EQ(crop.y0, 70);
    EXPECT_EQ(crop.width, 10);
    EXPECT_EQ(crop.height, 9);
    EXPECT_FLOAT_EQ(crop.scale_x, 256.f / 10.f);
    EXPECT_FLOAT_EQ(crop.scale_y, 256.f / 9.f);
    EXPECT_EQ(crop.image.width, 256);
    EXPECT_EQ(crop.image.height, 256);

    EXPECT_THROW(crop_face_square(image, {200.f, 10.f, 20.f, 20.f, 1.f}), Error);  // outside
    EXPECT_THROW(crop_face_square(image, {10.f, 10.f, 0.f, 20.f, 1.f}), Error);    // no area
    EXPECT_THROW(crop_face_square(image, {10.f, 10.f, 20.f, 20.f, 1.f}, 0), Error);
}

}  // namespace
}  // namespace facellava
