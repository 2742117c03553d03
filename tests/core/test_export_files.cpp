// Exports that name other files (COCO's video frames, ELAN's linked time
// series) write them, and what they hold is what the session holds. The
// session is made here from known values; tests/cli/exports_session.cmake
// runs these cases with FACELLAVA_EXPORT_DIR set, keeps the files and checks
// them with independent readers (xmllint, ffprobe, tests/cli/*_check.py).
#if defined(FACELLAVA_HAVE_SQLITE) && defined(FACELLAVA_HAVE_MEDIA)
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "facellava/core/media.h"
#include "facellava/core/store/annotation_export.h"
#include "facellava/core/store/session_store.h"
#include "facellava/core/video_writer.h"
#include "test_support.h"

namespace facellava::store {
namespace {
namespace fs = std::filesystem;

constexpr int kWidth = 96;
constexpr int kHeight = 64;
constexpr int kFrames = 6;
constexpr double kFps = 10.0;

// Frame k is one flat colour, so a written frame can be told from its neighbours.
std::array<uint8_t, 3> frame_colour(int k) {
    return {uint8_t(40 * k), uint8_t(200 - 30 * k), uint8_t(90)};
}

ImageRGB flat_image(int width, int height, const std::array<uint8_t, 3>& colour) {
    ImageRGB image;
    image.width = width;
    image.height = height;
    image.pixels.resize(size_t(width) * size_t(height) * 3);
    for (size_t i = 0; i < image.pixels.size(); i += 3)
        std::copy(colour.begin(), colour.end(), image.pixels.begin() + long(i));
    return image;
}

Landmarks68 landmarks_in(const FaceBox& box) {
    Landmarks68 l;
    for (int i = 0; i < Landmarks68::kPoints; ++i) {
        l.xy[size_t(2 * i)] = box.x + box.w * float(i % 10) / 10.0f;
        l.xy[size_t(2 * i + 1)] = box.y + box.h * float(i / 10) / 7.0f;
    }
    return l;
}

// What the workbench stores per face and frame (ui/models/analysis_records.h),
// with values the checks know: face f at frame k has happy = 0.1·k + 0.05·f,
// neutral = 1 − happy, yaw = 10·k − 5·f, pitch = −2·k, roll = f.
void add_face(SessionStore& store, Id media, Id track, int face, int64_t frame, double fps) {
    const FaceBox box{10.f + 30.f * float(face), 12.f, 24.f, 30.f, 0.9f};
    FaceObservation o;
    o.track_id = track;
    o.frame = frame;
    o.timestamp = fps > 0 ? double(frame) / fps : 0.0;
    o.box = box;
    o.landmarks = landmarks_in(box);
    o.detector = "face-api";
    store.faces().add_observation(o);
    const double happy = 0.1 * double(frame) + 0.05 * face;
    const auto add = [&](const std::string& task, const std::string& value,
                         const nlohmann::json& details) {
        Prediction p;
        p.media_id = media;
        p.track_id = track;
        p.frame = frame;
        p.task = task;
        p.value = value;
        p.probabilities_json = details.dump();
        p.model_id = "face-api";
        store.predictions().add(p);
    };
    add("expression", happy > 0.5 ? "happy" : "neutral",
        {{"neutral", 1.0 - happy},
         {"happy", happy},
         {"sad", 0.0},
         {"angry", 0.0},
         {"fearful", 0.0},
         {"disgusted", 0.0},
         {"surprised", 0.0}});
    add("age", "31.5", {{"years", 31.5}});
    add("gender", "female", {{"probability", 0.75}});
    add("head_pose", "",
        {{"yaw", 10.0 * double(frame) - 5.0 * face},
         {"pitch", -2.0 * double(frame)},
         {"roll", double(face)},
         {"reprojection_error", 0.01}});
}

void add_face_count(SessionStore& store, Id media, int64_t frame, int count) {
    Prediction p;
    p.media_id = media;
    p.frame = frame;
    p.task = "face_count";
    p.value = std::to_string(count);
    p.probabilities_json = R"({"detector":"face-api"})";
    p.model_id = "face-api";
    store.predictions().add(p);
}

// A session with a 6-frame video (face 0 at frames 0, 2, 4; face 1 at 2 and
// 4; frame 5 analysed without a face) and a still with one face. Kept in
// $FACELLAVA_EXPORT_DIR when set (for the CLI checks), else a temp folder.
struct ExportSession {
    std::string dir;
    std::string video;
    std::string still;
    Id video_id = 0;
    Id still_id = 0;
    std::unique_ptr<SessionStore> store;

    ExportSession() {
        const char* keep = std::getenv("FACELLAVA_EXPORT_DIR");
        dir = keep && *keep ? std::string(keep) : test::make_temp_dir("exports");
        fs::create_directories(dir);
        video = dir + "/clip.mp4";
        still = dir + "/still.png";
        {
            VideoWriterOptions options;
            options.fps = kFps;
            VideoWriter writer(video, kWidth, kHeight, options);
            for (int k = 0; k < kFrames; ++k)
                writer.write(flat_image(kWidth, kHeight, frame_colour(k)));
            writer.finish();
        }
        save_image_png(flat_image(80, 60, {200, 180, 160}), still);
        fs::remove(dir + "/session.sqlite");
        store = std::make_unique<SessionStore>(dir + "/session.sqlite");
        const Id session = store->sessions().create("exports", "");
        MediaRecord v = MediaRepository::describe_file(video, MediaKind::Video);
        v.session_id = session;
        v.fps = kFps;
        v.frames = kFrames;
        v.width = kWidth;
        v.height = kHeight;
        video_id = store->media().add(v);
        MediaRecord s = MediaRepository::describe_file(still, MediaKind::Image);
        s.session_id = session;
        s.frames = 1;
        s.width = 80;
        s.height = 60;
        still_id = store->media().add(s);

        const Id face0 = store->faces().add_track(video_id, 0);
        const Id face1 = store->faces().add_track(video_id, 1);
        for (int64_t frame : {0, 2, 4}) {
            add_face_count(*store, video_id, frame, frame == 0 ? 1 : 2);
            add_face(*store, video_id, face0, 0, frame, kFps);
            if (frame > 0)
                add_face(*store, video_id, face1, 1, frame, kFps);
        }
        add_face_count(*store, video_id, 5, 0);
        add_face_count(*store, still_id, 0, 1);
        add_face(*store, still_id, store->faces().add_track(still_id, 0), 0, 0, 0.0);

        Annotation range;
        range.media_id = video_id;
        range.target = AnnotationTarget::Range;
        range.start_ms = 100;
        range.end_ms = 300;
        range.tier = "smile";
        range.label = "smiling";
        store->annotations().add(range);
        Annotation frame_label;
        frame_label.media_id = video_id;
        frame_label.target = AnnotationTarget::Frame;
        frame_label.frame = 2;
        frame_label.label = "blink";
        store->annotations().add(frame_label);
    }
};

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST(ExportFiles, CocoWritesEachVideoFrameItNames) {
    ExportSession s;
    const std::string out = s.dir + "/coco/annotations.json";
    fs::create_directories(s.dir + "/coco");
    export_annotations(*s.store, AnnotationFormat::Coco, out);
    const auto coco = nlohmann::json::parse(read_text(out));
    int video_images = 0;
    for (const auto& image : coco.at("images")) {
        const std::string name = image.at("file_name");
        if (image.at("media_id") == s.still_id) {
            EXPECT_EQ(name, s.still);  // a still is its own image
            continue;
        }
        ++video_images;
        const int64_t frame = image.at("frame");
        EXPECT_EQ(name, "images/clip_frame" + std::to_string(frame) + ".jpg");
        const ImageRGB written = load_image(s.dir + "/coco/" + name);
        EXPECT_EQ(written.width, image.at("width").get<int>());
        EXPECT_EQ(written.height, image.at("height").get<int>());
        // The frame named, not a neighbour: its flat colour within JPEG and codec error.
        const auto colour = frame_colour(int(frame));
        const uint8_t* centre = written.row(written.height / 2) + size_t(written.width / 2) * 3;
        for (int c = 0; c < 3; ++c)
            EXPECT_NEAR(centre[c], colour[size_t(c)], 12) << name << " channel " << c;
    }
    EXPECT_EQ(video_images, 3);  // frames 0, 2, 4 have faces
}

TEST(ExportFiles, EafLinksExpressionAndPoseTimeSeries) {
    ExportSession s;
    const std::string out = s.dir + "/elan/clip.eaf";
    fs::create_directories(s.dir + "/elan");
    export_annotations(*s.store, AnnotationFormat::Eaf, out, s.video_id);
    const std::string eaf = read_text(out);
    EXPECT_NE(eaf.find("RELATIVE_LINK_URL=\"./clip_timeseries.csv\""), std::string::npos);
    EXPECT_NE(eaf.find("RELATIVE_LINK_URL=\"./clip_tsconf.xml\""), std::string::npos);
    ASSERT_TRUE(fs::is_regular_file(s.dir + "/elan/clip_tsconf.xml"));
    std::istringstream csv(read_text(s.dir + "/elan/clip_timeseries.csv"));
    std::string header;
    std::getline(csv, header);
    EXPECT_EQ(header.rfind("time,face0_angry,", 0), 0u) << header;
    EXPECT_NE(header.find(",face1_yaw,face1_pitch,face1_roll"), std::string::npos) << header;
    std::vector<std::string> rows;
    for (std::string line; std::getline(csv, line);)
        rows.push_back(line);
    ASSERT_EQ(rows.size(), 3u);  // the analysed frames with faces: 0, 2, 4
    EXPECT_EQ(rows[0].rfind("0.000,", 0), 0u);
    EXPECT_EQ(rows[2].rfind("0.400,", 0), 0u);
    // Face 1 is not seen at frame 0: its cells say so.
    EXPECT_NE(rows[0].find("NaN"), std::string::npos);
    // Face 1 at frame 4: happy = 0.45, yaw = 35, pitch = −8, roll = 1 (add_face).
    EXPECT_NE(rows[2].find("0.4500"), std::string::npos) << rows[2];
    EXPECT_NE(rows[2].find(",35.00,-8.00,1.00"), std::string::npos) << rows[2];
}

TEST(ExportFiles, FormattedTextNamesNoFilesItCannotWrite) {
    // format_annotations returns text only: the EAF links nothing, COCO still
    // names the frame images an export would write.
    ExportSession s;
    const std::string eaf = format_annotations(*s.store, AnnotationFormat::Eaf, s.video_id);
    EXPECT_EQ(eaf.find("LINKED_FILE_DESCRIPTOR"), std::string::npos);
    EXPECT_NE(format_annotations(*s.store, AnnotationFormat::Coco).find("images/clip_frame2.jpg"),
              std::string::npos);
}

}  // namespace
}  // namespace facellava::store
#endif
