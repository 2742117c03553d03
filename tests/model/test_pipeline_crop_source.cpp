// Where Face-LLaVA's crop is cut from (AnalysisOptions::crop_source, issue
// #28): the names; the greedy IoU matching of BlazeFace boxes to faces on
// boxes worked out by hand; and on face-api's demo photos (face-api's
// detector, crops from BlazeFace boxes) every BlazeFace face's record carrying
// that very box, with analyze's "authors_crop" equal to the authors'
// crop_face.py arithmetic written out here, and the crop the model is shown
// cut from it. Key-frame tracking gets the same crop boxes; with crops from
// the detector, or with the BlazeFace detector, crop_box stays empty.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "crop_boxes.h"
#include "facellava/core/error.h"
#include "facellava/pipeline/analysis_options.h"
#include "facellava/pipeline/face_record.h"

#ifdef FACELLAVA_HAVE_MEDIA
#include "facellava/core/assets.h"
#include "facellava/core/faces.h"
#include "facellava/core/media.h"
#include "facellava/model/blazeface_detector.h"
#include "facellava/pipeline/analysis_json.h"
#include "facellava/pipeline/face_answers.h"
#include "facellava/pipeline/media_analyzer.h"
#include "pipeline_test_data.h"
#endif

namespace facellava::pipeline {
namespace {

TEST(PipelineCropSource, NamesParseAndPrint) {
    EXPECT_STREQ(to_string(CropSource::Detector), "detector");
    EXPECT_STREQ(to_string(CropSource::BlazeFace), "blazeface");
    EXPECT_EQ(parse_crop_source("detector"), CropSource::Detector);
    EXPECT_EQ(parse_crop_source("blazeface"), CropSource::BlazeFace);
    EXPECT_THROW(parse_crop_source("auto"), Error);  // the CLI's choice, not an option value
    EXPECT_THROW(parse_crop_source("BlazeFace"), Error);
    EXPECT_THROW(parse_crop_source(""), Error);
    EXPECT_EQ(AnalysisOptions{}.crop_source, CropSource::Detector);
}

FaceRecord face_at(float x, float y, float w, float h) {
    FaceRecord r;
    r.success = true;
    r.box = {x, y, w, h, 0.9f};
    return r;
}

bool same_box(const FaceBox& a, const FaceBox& b) {
    return a.x == b.x && a.y == b.y && a.w == b.w && a.h == b.h && a.score == b.score;
}

// IoUs by hand: face 0 (0, 0, 100, 100) and BlazeFace box 0 (10, 10, 80, 80):
// 6400 / 10000 = 0.64; face 1 (80, 0, 100, 100) and box 1 (60, 0, 100, 100):
// 8000 / 12000 ≈ 0.667. Cross pairs: face 0 / box 1 4000 / 16000 = 0.25 and
// face 1 / box 0 800 / 15600 ≈ 0.05, both under 0.3. Face 2 lies elsewhere.
TEST(PipelineCropSource, EachFaceGetsItsBestBoxAboveThreshold) {
    std::vector<FaceRecord> faces = {face_at(0, 0, 100, 100), face_at(80, 0, 100, 100),
                                     face_at(400, 400, 50, 50)};
    faces[2].crop_box = FaceBox{1, 2, 3, 4, 0.5f};  // stale: cleared
    const std::vector<FaceBox> blaze = {{10, 10, 80, 80, 0.8f}, {60, 0, 100, 100, 0.7f}};
    match_crop_boxes(blaze, faces);
    ASSERT_TRUE(faces[0].crop_box.has_value());
    ASSERT_TRUE(faces[1].crop_box.has_value());
    EXPECT_TRUE(same_box(*faces[0].crop_box, blaze[0]));
    EXPECT_TRUE(same_box(*faces[1].crop_box, blaze[1]));
    EXPECT_FALSE(faces[2].crop_box.has_value());
    EXPECT_TRUE(same_box(crop_source_box(faces[0]), blaze[0]));
    EXPECT_TRUE(same_box(crop_source_box(faces[2]), faces[2].box));  // falls back to the box

    // Only pairs under 0.3: nothing matched (face 0 / box 1 alone: 0.25).
    std::vector<FaceRecord> alone = {face_at(0, 0, 100, 100)};
    match_crop_boxes({blaze[1]}, alone);
    EXPECT_FALSE(alone[0].crop_box.has_value());
}

// One BlazeFace box (5, 0, 100, 100) over two faces: face A (0, 0, 100, 100)
// at 9500 / 10500 ≈ 0.905, face C (20, 0, 100, 100) at 8500 / 11500 ≈ 0.739.
// Greedy by IoU gives it to A although C comes first, and C, above the
// threshold too, gets none (one box per face). A second box (25, 0, 100, 100)
// is C's best (9500 / 10500) and A's second (7500 / 12500 = 0.6): the greedy
// order takes it for C first.
TEST(PipelineCropSource, GreedyByIouOneBoxPerFace) {
    std::vector<FaceRecord> faces = {face_at(20, 0, 100, 100), face_at(0, 0, 100, 100)};
    const FaceBox shared{5, 0, 100, 100, 0.9f};
    match_crop_boxes({shared}, faces);
    EXPECT_FALSE(faces[0].crop_box.has_value());
    ASSERT_TRUE(faces[1].crop_box.has_value());
    EXPECT_TRUE(same_box(*faces[1].crop_box, shared));

    const FaceBox right{25, 0, 100, 100, 0.6f};
    match_crop_boxes({right, shared}, faces);
    ASSERT_TRUE(faces[0].crop_box.has_value());
    ASSERT_TRUE(faces[1].crop_box.has_value());
    EXPECT_TRUE(same_box(*faces[0].crop_box, right));
    EXPECT_TRUE(same_box(*faces[1].crop_box, shared));

    // A no-face record gets nothing.
    std::vector<FaceRecord> none(1);
    none[0].box = shared;
    match_crop_boxes({shared}, none);
    EXPECT_FALSE(none[0].crop_box.has_value());
}

#ifdef FACELLAVA_HAVE_MEDIA

double box_iou(const FaceBox& a, const FaceBox& b) {
    const double w = std::max(
        0.0, std::min(double(a.x) + a.w, double(b.x) + b.w) - std::max(double(a.x), double(b.x)));
    const double h = std::max(
        0.0, std::min(double(a.y) + a.h, double(b.y) + b.h) - std::max(double(a.y), double(b.y)));
    return w * h / (double(a.w) * a.h + double(b.w) * b.h - w * h);
}

// tools/crop_face.py, get_cropped_image_from_bb with margin_pct = 0, for
// MediaPipe's integer box (x, y, w, h) in a W × H image, line by line:
//   MARGIN_X = int(0 · w); MARGIN_Y = int(0 · h)
//   MARGIN_X = min(MARGIN_X, x, W − x − w); MARGIN_Y = min(MARGIN_Y, y, H − y − h)
//   MARGIN = min(MARGIN_X, MARGIN_Y); avg_size = (w + h) / 2
//   start_x = int(max(0, x − MARGIN)); start_y = int(max(0, y − MARGIN))
//   end_x = int(min(x + avg_size + MARGIN, W − 1)); end_y likewise with y, H
// (Python's int() truncates toward zero; avg_size is a true division).
std::array<int, 4> crop_face_py(int W, int H, int x, int y, int w, int h) {
    int margin_x = 0, margin_y = 0;
    margin_x = std::min({margin_x, x, W - x - w});
    margin_y = std::min({margin_y, y, H - y - h});
    const int margin = std::min(margin_x, margin_y);
    const double avg_size = (w + h) / 2.0;
    const int start_x = int(std::trunc(std::max(0.0, double(x - margin))));
    const int start_y = int(std::trunc(std::max(0.0, double(y - margin))));
    const int end_x = int(std::trunc(std::min(x + avg_size + margin, double(W - 1))));
    const int end_y = int(std::trunc(std::min(y + avg_size + margin, double(H - 1))));
    return {start_x, start_y, end_x, end_y};
}

FaceBox box_of(const perception::BlazeFaceDetection& d) {
    return {float(d.origin_x), float(d.origin_y), float(d.width), float(d.height), d.score};
}

AnalysisOptions blazeface_crops() {
    AnalysisOptions options;
    options.crop_source = CropSource::BlazeFace;
    return options;
}

const AnalysisModels& blazeface_crop_models() {
    static const AnalysisModels models =
        load_analysis_models(blazeface_crops(), AssetLocator::from_environment());
    return models;
}

TEST(PipelineCropSource, DemoPhotosCropFromTheBlazeFaceBox) {
    const AssetLocator assets = AssetLocator::from_environment();
    const AnalysisModels& models = blazeface_crop_models();
    ASSERT_TRUE(models.blazeface);
    bool listed = false;
    for (const auto& file : models.files)
        listed = listed || file.role == "MediaPipe BlazeFace short-range detector";
    EXPECT_TRUE(listed);
    MediaAnalyzer analyzer(models, blazeface_crops());
    const perception::BlazeFaceDetector blaze(assets);  // the reference boxes
    int matched = 0;
    int missed = 0;
    for (const auto& path : assets.demo_photos()) {
        SCOPED_TRACE(path);
        const ImageRGB image = load_image(path);
        const auto detections = blaze.detect(image);  // MediaPipe's default threshold, 0.5
        const auto faces = analyzer.analyze_image(image);
        std::vector<int> owner(detections.size(), -1);
        for (size_t i = 0; i < faces.size(); ++i) {
            const FaceRecord& face = faces[i];
            ASSERT_TRUE(face.success);
            if (!face.crop_box) {  // checked below, once every box has its face
                ++missed;
                continue;
            }
            const FaceBox& c = *face.crop_box;
            size_t d = 0;
            while (d < detections.size() && !same_box(c, box_of(detections[d])))
                ++d;
            ASSERT_LT(d, detections.size()) << "crop box " << c.x << " " << c.y << " " << c.w << " "
                                            << c.h << " is no BlazeFace detection";
            EXPECT_EQ(owner[d], -1) << "BlazeFace box " << d << " given to two faces";
            owner[d] = int(i);
            EXPECT_GE(box_iou(face.box, c), 0.3);
            // analyze's JSON: the authors' region of the BlazeFace box.
            const auto json = face_record_json(face, {});
            const auto expected =
                crop_face_py(image.width, image.height, detections[d].origin_x,
                             detections[d].origin_y, detections[d].width, detections[d].height);
            const auto& region = json.at("authors_crop");
            ASSERT_TRUE(region.is_object()) << json.dump();
            EXPECT_EQ(region.at("x0").get<int>(), expected[0]);
            EXPECT_EQ(region.at("y0").get<int>(), expected[1]);
            EXPECT_EQ(region.at("x1").get<int>(), expected[2]);
            EXPECT_EQ(region.at("y1").get<int>(), expected[3]);
            // What the model is shown: the crop of the BlazeFace box.
            const auto input = face_llava_input(image, face);
            ASSERT_TRUE(input.has_value());
            EXPECT_EQ(input->crop.pixels, crop_face_square(image, c, 256).image.pixels);
            EXPECT_NE(input->crop.pixels, crop_face_square(image, face.box, 256).image.pixels);
            ++matched;
        }
        // Every face BlazeFace finds went to the face-api face under it.
        for (size_t d = 0; d < detections.size(); ++d)
            EXPECT_NE(owner[d], -1) << "BlazeFace box " << d << " given to no face";
        // A face no BlazeFace box lies over (IoU < 0.3 with each) has none.
        for (const FaceRecord& face : faces) {
            bool covered = false;
            for (const auto& d : detections)
                covered = covered || box_iou(face.box, box_of(d)) >= 0.3;
            EXPECT_TRUE(covered || !face.crop_box.has_value());
        }
    }
    std::printf("%d faces cropped from BlazeFace boxes, %d from face-api's (BlazeFace missed)\n",
                matched, missed);
    EXPECT_GT(matched, 0);
    // `missed` depends on the photos (small faces in group photos); the
    // fallback itself is checked above for every face that has no crop_box.
}

TEST(PipelineCropSource, DetectorCropsLeaveCropBoxEmpty) {
    const AssetLocator assets = AssetLocator::from_environment();
    MediaAnalyzer faceapi(test_data::default_models(), {});
    AnalysisOptions blazeface_both = blazeface_crops();
    blazeface_both.detector = DetectorKind::BlazeFace;
    MediaAnalyzer blazeface(load_analysis_models(blazeface_both, assets), blazeface_both);
    int faces_seen = 0;
    for (const auto& path : assets.demo_photos()) {
        SCOPED_TRACE(path);
        const ImageRGB image = load_image(path);
        for (const FaceRecord& face : blazeface.analyze_image(image)) {
            EXPECT_FALSE(face.crop_box.has_value());  // its box is BlazeFace's already
            ++faces_seen;
        }
        // With crops from the detector the region is the detector box's.
        for (const FaceRecord& face : faceapi.analyze_image(image)) {
            EXPECT_FALSE(face.crop_box.has_value());
            ++faces_seen;
            const auto region = face_record_json(face, {}).at("authors_crop");
            if (region.is_null())
                continue;
            const FaceCrop crop = crop_face_square(image, face.box, 256);
            EXPECT_EQ(region.at("x0").get<int>(), crop.x0);
            EXPECT_EQ(region.at("x1").get<int>(), crop.x0 + crop.width);
        }
    }
    EXPECT_GT(faces_seen, 0);
}

// Key-frame tracking: tracked frames' records come from run_on_boxes, and
// get the BlazeFace boxes of their own frame as detected frames do.
TEST(PipelineCropSource, TrackedFramesGetCropBoxesToo) {
    AnalysisOptions options = blazeface_crops();
    options.keyframe_interval = 100;  // frame 0 detected, the rest tracked
    MediaAnalyzer analyzer(blazeface_crop_models(), options);
    const std::string video = test_data::batch_input_dir() + "/video.mp4";
    std::vector<FaceRecord> records;
    AnalysisCallbacks callbacks;
    callbacks.on_face = [&](const FaceRecord& r) { records.push_back(r); };
    analyzer.analyze_file(video, callbacks);

    const perception::BlazeFaceDetector blaze(AssetLocator::from_environment());
    VideoReader reader(video);
    ImageRGB frame;
    int64_t index = 0;
    double timestamp = 0;
    int tracked_with_box = 0;
    while (reader.next(frame, index, timestamp)) {
        const auto detections = blaze.detect(frame);
        for (const FaceRecord& r : records) {
            if (r.frame != index || !r.crop_box)
                continue;
            bool found = false;
            for (const auto& d : detections)
                found = found || same_box(*r.crop_box, box_of(d));
            EXPECT_TRUE(found) << "frame " << index << " face " << r.face_id;
            tracked_with_box += index > 0;
        }
    }
    std::printf("%d tracked-frame faces cropped from BlazeFace boxes\n", tracked_with_box);
    EXPECT_GT(tracked_with_box, 0);
}

#endif  // FACELLAVA_HAVE_MEDIA

}  // namespace
}  // namespace facellava::pipeline
