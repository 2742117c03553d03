// faces.csv's optional outputs (docs/CSV.md, "Optional outputs"): the columns
// each of mesh, gaze, identity and pad adds, every row as wide as its header,
// and on the demo photos measured values in their documented ranges: 478
// mesh points around the face, gaze vectors of unit length whose angles are
// OpenFace's atan2 of their mean, each person of a photo a person of their
// own, scores in [0, 1].
#include <gtest/gtest.h>

#ifdef FACELLAVA_HAVE_MEDIA

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "facellava/core/assets.h"
#include "facellava/core/csv.h"
#include "facellava/core/media.h"
#include "facellava/pipeline/analysis_models.h"
#include "facellava/pipeline/face_csv.h"
#include "facellava/pipeline/media_analyzer.h"

namespace facellava::pipeline {
namespace {

OutputConventions all_outputs() {
    OutputConventions conventions;
    conventions.outputs = parse_optional_outputs("mesh,gaze,identity,pad");
    return conventions;
}

TEST(PipelineOptionalOutputs, ParseAndNameRoundTrip) {
    const OptionalOutputs none = parse_optional_outputs("none");
    EXPECT_FALSE(none.any());
    EXPECT_EQ(to_string(none), "none");
    const OptionalOutputs some = parse_optional_outputs("pad,gaze");
    EXPECT_TRUE(some.gaze && some.pad && !some.mesh && !some.identity);
    EXPECT_TRUE(some.needs_mesh());
    EXPECT_EQ(to_string(some), "gaze,pad");
    EXPECT_THROW(parse_optional_outputs("mesh,iris"), Error);
    EXPECT_THROW(parse_optional_outputs("mesh,"), Error);
}

TEST(PipelineOptionalOutputs, ColumnsFollowGenderProbabilityInTheDocumentedOrder) {
    const auto plain = face_csv_columns({});
    const auto with = face_csv_columns({}, all_outputs());
    // mesh_score + 3 × 478 mesh cells, 10 gaze/eye, 2 identity, 2 pad.
    ASSERT_EQ(with.size(), plain.size() + 1 + 3 * 478 + 10 + 2 + 2);
    const auto at = [&](const std::string& name) {
        return size_t(std::find(with.begin(), with.end(), name) - with.begin());
    };
    const size_t g = at("gender_probability");
    EXPECT_EQ(at("mesh_score"), g + 1);
    EXPECT_EQ(at("mesh_x_0"), g + 2);
    EXPECT_EQ(at("mesh_y_0"), g + 2 + 478);
    EXPECT_EQ(at("mesh_z_477"), g + 1 + 3 * 478);
    const std::vector<std::string> gaze = {
        "gaze_0_x", "gaze_0_y",     "gaze_0_z",     "gaze_1_x",           "gaze_1_y",
        "gaze_1_z", "gaze_angle_x", "gaze_angle_y", "eye_openness_right", "eye_openness_left"};
    for (size_t i = 0; i < gaze.size(); ++i)
        EXPECT_EQ(at(gaze[i]), g + 2 + 3 * 478 + i) << gaze[i];
    EXPECT_EQ(at("identity"), g + 12 + 3 * 478);
    EXPECT_EQ(at("identity_similarity"), g + 13 + 3 * 478);
    EXPECT_EQ(at("antispoof"), g + 14 + 3 * 478);
    EXPECT_EQ(at("liveness"), g + 15 + 3 * 478);
    EXPECT_EQ(with.back(), "input");
}

// The demo photo with the most faces (several people to tell apart).
std::string busiest_demo_photo(const AnalysisModels& models) {
    std::string best;
    size_t most = 0;
    for (const auto& path : AssetLocator::from_environment().demo_photos()) {
        const size_t n = models.faceapi->detect(load_image(path)).size();
        if (n > most)
            most = n, best = path;
    }
    return best;
}

TEST(PipelineOptionalOutputs, DemoPhotoRowsHoldMeasuredValues) {
    AnalysisOptions options;
    options.output = all_outputs();
    const AssetLocator assets = AssetLocator::from_environment();
    AnalysisModels models = load_analysis_models(options, assets);
    const std::string photo = busiest_demo_photo(models);
    if (photo.empty())
        GTEST_SKIP() << "no demo photo shows a face";
    MediaAnalyzer analyzer(std::move(models), options);
    const ImageRGB image = load_image(photo);
    const auto faces = analyzer.analyze_image(image);
    ASSERT_FALSE(faces.empty());
    ASSERT_TRUE(faces.front().success) << photo;

    std::string text = face_csv_header({}, options.output);
    for (const auto& f : faces)
        append_face_csv_row(text, f, {}, options.output, "photo.jpg");
    FaceRecord none;  // a frame without faces: as wide, every measure empty
    append_face_csv_row(text, none, {}, options.output, "photo.jpg");
    const CsvTable table = parse_csv(text);
    for (const auto& row : table.rows)
        ASSERT_EQ(row.size(), table.header.size());

    std::set<std::string> people;
    for (const auto& f : faces) {
        SCOPED_TRACE("face " + std::to_string(f.face_id));
        ASSERT_EQ(f.mesh.size(), 478u);
        EXPECT_GT(f.mesh_score, 0.5f);
        // Most mesh points inside the detector box grown by half its size.
        int inside = 0;
        for (const auto& p : f.mesh)
            inside += p[0] > f.box.x - f.box.w / 2 && p[0] < f.box.x + 1.5 * f.box.w &&
                      p[1] > f.box.y - f.box.h / 2 && p[1] < f.box.y + 1.5 * f.box.h;
        EXPECT_GT(inside, 470);
        ASSERT_TRUE(f.gaze.has_value());
        for (const EyeGaze* eye : {&f.gaze->eye_0, &f.gaze->eye_1}) {
            const auto& d = eye->direction;
            EXPECT_NEAR(std::hypot(d[0], d[1], d[2]), 1.0, 1e-6);
            EXPECT_LT(d[2], 0.0);  // towards the camera, as posed photos are
        }
        // OpenFace: the angles of the mean of the two vectors.
        const double mx = f.gaze->eye_0.direction[0] + f.gaze->eye_1.direction[0];
        const double my = f.gaze->eye_0.direction[1] + f.gaze->eye_1.direction[1];
        const double mz = f.gaze->eye_0.direction[2] + f.gaze->eye_1.direction[2];
        EXPECT_NEAR(f.gaze->angle_x, std::atan2(mx, -mz), 1e-6);
        EXPECT_NEAR(f.gaze->angle_y, std::atan2(my, -mz), 1e-6);
        ASSERT_TRUE(f.eye_openness_right && f.eye_openness_left);
        EXPECT_GT(*f.eye_openness_right, 0.05f);  // open eyes in the demo photos
        EXPECT_LT(*f.eye_openness_right, 1.0f);
        // faceres' embedding, as its graph declares the output.
        EXPECT_EQ(f.embedding.size(), faces.front().embedding.size());
        EXPECT_FALSE(f.embedding.empty());
        EXPECT_FALSE(f.identity.empty());
        people.insert(f.identity);
        ASSERT_TRUE(f.antispoof && f.liveness);
        EXPECT_GE(*f.antispoof, 0.0f);
        EXPECT_LE(*f.antispoof, 1.0f);
        EXPECT_GE(*f.liveness, 0.0f);
        EXPECT_LE(*f.liveness, 1.0f);
    }
    // Different people of one photo are different persons.
    EXPECT_EQ(people.size(), faces.size());
}

}  // namespace
}  // namespace facellava::pipeline

#endif  // FACELLAVA_HAVE_MEDIA
