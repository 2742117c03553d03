// Annotation edits as undo/redo steps, and the four annotation exports parsed back.
#ifdef FACELLAVA_HAVE_SQLITE
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "facellava/core/error.h"
#include "facellava/core/store/annotation_export.h"
#include "facellava/core/store/session_store.h"
#include "store_test_data.h"
#include "test_support.h"

namespace facellava::store {
namespace {

struct Fixture {
    std::string dir = test::make_temp_dir("annot");
    std::string media_path = testdata::write_media_file(dir + "/clip.mp4");
    SessionStore store{dir + "/session.sqlite"};
    testdata::Ids ids = testdata::populate(store, media_path);
};

TEST(AnnotationEdits, UpdateUndoRedo) {
    Fixture f;
    auto repo = f.store.annotations();
    Annotation changed = *repo.find(f.ids.frame_annotation);
    const Annotation original = changed;
    changed.label = "sharp";
    const AnnotationEdit edit = repo.update(changed);
    ASSERT_TRUE(edit.before && edit.after);
    EXPECT_EQ(*edit.before, original);
    EXPECT_EQ(edit.after->label, "sharp");
    EXPECT_EQ(edit.after->created_at, original.created_at);

    const AnnotationEdit undo = repo.restore(edit);
    EXPECT_EQ(*repo.find(f.ids.frame_annotation), original);
    repo.restore(undo);  // redo
    EXPECT_EQ(repo.find(f.ids.frame_annotation)->label, "sharp");
}

TEST(AnnotationEdits, AddAndRemoveUndoKeepTheSameId) {
    Fixture f;
    auto repo = f.store.annotations();
    Annotation a;
    a.media_id = f.ids.media;
    a.target = AnnotationTarget::Range;
    a.start_ms = 0;
    a.end_ms = 40;
    a.label = "blink";
    const AnnotationEdit added = repo.add(a);
    EXPECT_FALSE(added.before);
    const Id id = added.id();

    const AnnotationEdit undo_add = repo.restore(added);
    EXPECT_TRUE(repo.find(id)->deleted);
    EXPECT_EQ(repo.list(f.ids.media).size(), 3u);
    repo.restore(undo_add);  // redo the add
    EXPECT_FALSE(repo.find(id)->deleted);
    EXPECT_EQ(repo.list(f.ids.media).size(), 4u);

    const AnnotationEdit removed = repo.remove(id);
    EXPECT_TRUE(removed.after->deleted);
    EXPECT_EQ(repo.list(f.ids.media).size(), 3u);
    EXPECT_EQ(repo.list(f.ids.media, true).size(), 4u);
    repo.restore(removed);
    EXPECT_EQ(*repo.find(id), *removed.before);
}

TEST(AnnotationEdits, OutOfStepUndoIsRefused) {
    Fixture f;
    auto repo = f.store.annotations();
    Annotation a = *repo.find(f.ids.face_annotation);
    a.label = "first";
    const AnnotationEdit first = repo.update(a);
    a.label = "second";
    repo.update(a);
    // Undoing "first" while "second" is on top would silently lose "second".
    EXPECT_THROW(repo.restore(first), Error);
    EXPECT_EQ(repo.find(f.ids.face_annotation)->label, "second");
}

TEST(AnnotationEdits, SchemaRejectsIncompleteTargets) {
    Fixture f;
    Annotation range;
    range.media_id = f.ids.media;
    range.target = AnnotationTarget::Range;
    range.start_ms = 500;
    range.end_ms = 100;  // ends before it starts
    EXPECT_THROW(f.store.annotations().add(range), Error);
    Annotation face;
    face.media_id = f.ids.media;
    face.target = AnnotationTarget::Face;  // no track
    EXPECT_THROW(f.store.annotations().add(face), Error);
    EXPECT_EQ(f.store.annotations().list_all().size(), 3u);
}

// Splits one RFC 4180 line (no embedded newlines in these tests).
std::vector<std::string> parse_csv_line(const std::string& line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
            fields.back() += '"';
            ++i;
        } else if (c == '"') {
            quoted = !quoted;
        } else if (c == ',' && !quoted) {
            fields.emplace_back();
        } else {
            fields.back() += c;
        }
    }
    return fields;
}

TEST(AnnotationExport, CsvParsesBack) {
    Fixture f;
    f.store.annotations().remove(f.ids.frame_annotation);  // deleted rows are not exported
    std::istringstream csv(format_annotations(f.store, AnnotationFormat::Csv));
    std::string line;
    std::getline(csv, line);
    const auto header = parse_csv_line(line);
    ASSERT_EQ(header.size(), 13u);
    EXPECT_EQ(header[9], "label");
    std::vector<std::vector<std::string>> rows;
    while (std::getline(csv, line))
        rows.push_back(parse_csv_line(line));
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0][0], std::to_string(f.ids.range_annotation));
    EXPECT_EQ(rows[0][3], "range");
    EXPECT_EQ(rows[0][6], "1000");
    EXPECT_EQ(rows[0][7], "2500");
    EXPECT_EQ(rows[0][8], "smile");
    EXPECT_EQ(rows[0][9], "smiling, \"big\" <laugh> & more");
    EXPECT_EQ(rows[1][3], "face");
    EXPECT_EQ(rows[1][4], "0");  // face_id = the track's face index
    EXPECT_EQ(rows[1][5], "1");
    EXPECT_EQ(rows[1][6], "");
}

TEST(AnnotationExport, JsonParsesBack) {
    Fixture f;
    const auto rows =
        nlohmann::json::parse(format_annotations(f.store, AnnotationFormat::Json, f.ids.media));
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0]["label"], "smiling, \"big\" <laugh> & more");
    EXPECT_EQ(rows[0]["start_ms"], 1000);
    EXPECT_TRUE(rows[0]["frame"].is_null());
    EXPECT_EQ(rows[1]["face_id"], 0);
    EXPECT_EQ(rows[2]["target"], "frame");
    EXPECT_EQ(rows[2]["frame"], 2);
    EXPECT_EQ(rows[2]["author"], "rater2");
}

TEST(AnnotationExport, EafHasTimeOrderTiersAndEscapedLabels) {
    Fixture f;
    Annotation overlap;
    overlap.media_id = f.ids.media;
    overlap.target = AnnotationTarget::Range;
    overlap.start_ms = 2000;
    overlap.end_ms = 3000;
    overlap.tier = "smile";
    overlap.label = "second smile";
    f.store.annotations().add(overlap);
    const std::string eaf = format_annotations(f.store, AnnotationFormat::Eaf, f.ids.media);

    std::map<std::string, long> slots;
    const std::regex slot_re("<TIME_SLOT TIME_SLOT_ID=\"(ts\\d+)\" TIME_VALUE=\"(\\d+)\"/>");
    for (std::sregex_iterator it(eaf.begin(), eaf.end(), slot_re), end; it != end; ++it) {
        slots[(*it)[1]] = std::stol((*it)[2]);
    }
    EXPECT_EQ(slots.size(), 4u);  // 1000, 2000, 2500, 3000
    struct Item {
        std::string tier, begin, end, value;
    };
    std::vector<Item> items;
    const std::regex tier_re("<TIER [^>]*TIER_ID=\"([^\"]*)\">([\\s\\S]*?)</TIER>");
    const std::regex ann_re(
        "TIME_SLOT_REF1=\"(ts\\d+)\" "
        "TIME_SLOT_REF2=\"(ts\\d+)\">\\s*<ANNOTATION_VALUE>([^<]*)</ANNOTATION_VALUE>");
    for (std::sregex_iterator t(eaf.begin(), eaf.end(), tier_re), end; t != end; ++t) {
        const std::string body = (*t)[2];
        for (std::sregex_iterator a(body.begin(), body.end(), ann_re); a != end; ++a) {
            items.push_back({(*t)[1], (*a)[1], (*a)[2], (*a)[3]});
        }
    }
    ASSERT_EQ(items.size(), 2u);  // face and frame annotations have no ELAN equivalent
    EXPECT_EQ(items[0].tier, "smile");
    EXPECT_EQ(slots[items[0].begin], 1000);
    EXPECT_EQ(slots[items[0].end], 2500);
    EXPECT_EQ(items[0].value, "smiling, &quot;big&quot; &lt;laugh&gt; &amp; more");
    EXPECT_EQ(items[1].tier, "smile (2)");  // overlaps the first: ELAN needs another tier
    EXPECT_EQ(slots[items[1].begin], 2000);
    EXPECT_NE(eaf.find("TIME_UNITS=\"milliseconds\""), std::string::npos);
    EXPECT_NE(eaf.find("MIME_TYPE=\"video/mp4\""), std::string::npos);
    EXPECT_NE(eaf.find("LINGUISTIC_TYPE_ID=\"default-lt\""), std::string::npos);
}

TEST(AnnotationExport, EafNeedsOneMedia) {
    Fixture f;
    MediaRecord other = *f.store.media().find(f.ids.media);
    f.store.media().add(other);
    EXPECT_THROW(format_annotations(f.store, AnnotationFormat::Eaf), Error);
}

TEST(AnnotationExport, CocoHas68KeypointsPerFace) {
    Fixture f;
    const auto coco = nlohmann::json::parse(format_annotations(f.store, AnnotationFormat::Coco));
    ASSERT_EQ(coco["images"].size(), 3u);
    ASSERT_EQ(coco["annotations"].size(), 3u);
    ASSERT_EQ(coco["categories"][0]["keypoints"].size(), 68u);
    const auto& second = coco["annotations"][1];
    EXPECT_EQ(second["image_id"], coco["images"][1]["id"]);
    EXPECT_EQ(coco["images"][1]["frame"], 1);
    EXPECT_EQ(coco["images"][1]["width"], 640);
    ASSERT_EQ(second["keypoints"].size(), 204u);
    const Landmarks68 expected = testdata::landmarks(1.f);
    for (int i = 0; i < 68; ++i) {
        EXPECT_FLOAT_EQ(second["keypoints"][size_t(3 * i)].get<float>(), expected.x(i));
        EXPECT_FLOAT_EQ(second["keypoints"][size_t(3 * i + 1)].get<float>(), expected.y(i));
        EXPECT_EQ(second["keypoints"][size_t(3 * i + 2)], 2);
    }
    EXPECT_EQ(second["num_keypoints"], 68);
    EXPECT_FLOAT_EQ(second["bbox"][0].get<float>(), 11.f);
    EXPECT_EQ(second["attributes"]["labels"][0], "eyes closed");
    EXPECT_EQ(coco["annotations"][0]["attributes"]["labels"].size(), 0u);
    EXPECT_EQ(coco["images"][2]["labels"][0], "blurred");
}

TEST(AnnotationExport, CocoTakesTheManualCorrectionOverTheDetection) {
    Fixture f;
    FaceObservation manual;
    manual.track_id = f.ids.track;
    manual.frame = 1;
    manual.box = {11.f, 20.f, 100.f, 120.f, 0.9f};
    manual.landmarks = testdata::landmarks(42.f);
    manual.detector = kManualDetector;
    f.store.faces().add_observation(manual);
    const auto coco = nlohmann::json::parse(format_annotations(f.store, AnnotationFormat::Coco));
    ASSERT_EQ(coco["images"].size(), 3u);
    ASSERT_EQ(coco["annotations"].size(), 3u);  // not 4: the detection of frame 1 is replaced
    const auto& corrected = coco["annotations"][1];
    EXPECT_EQ(corrected["detector"], "manual");
    EXPECT_FLOAT_EQ(corrected["keypoints"][0].get<float>(), 42.f);
    EXPECT_EQ(coco["annotations"][0]["detector"], "dlib-hog");
}

// Splits one line at tabs.
std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> fields(1);
    for (char c : line) {
        if (c == '\t')
            fields.emplace_back();
        else
            fields.back() += c;
    }
    return fields;
}

TEST(AnnotationExport, TsvIsWhatElanImports) {
    Fixture f;  // 25 fps: frame 1 = 40..80 ms, frame 2 = 80..120 ms
    Annotation tabbed;
    tabbed.media_id = f.ids.media;
    tabbed.target = AnnotationTarget::Range;
    tabbed.start_ms = 3723004;  // 1:02:03.004
    tabbed.end_ms = 3724000;
    tabbed.tier = "gaze";
    tabbed.label = "looks\taway\nand back";
    f.store.annotations().add(tabbed);
    Annotation whole_media_face;  // no frame: no time in ELAN, left out
    whole_media_face.media_id = f.ids.media;
    whole_media_face.target = AnnotationTarget::Face;
    whole_media_face.track_id = f.ids.track;
    whole_media_face.label = "Alice";
    f.store.annotations().add(whole_media_face);

    std::istringstream tsv(format_annotations(f.store, AnnotationFormat::Tsv, f.ids.media));
    std::string line;
    std::getline(tsv, line);
    EXPECT_EQ(split_tabs(line), (std::vector<std::string>{"tier", "begin_time", "end_time",
                                                          "duration", "annotation"}));
    std::vector<std::vector<std::string>> rows;
    while (std::getline(tsv, line))
        rows.push_back(split_tabs(line));
    ASSERT_EQ(rows.size(), 4u);  // tiers in name order
    EXPECT_EQ(rows[0], (std::vector<std::string>{"default", "00:00:00.080", "00:00:00.120",
                                                 "00:00:00.040", "blurred"}));
    EXPECT_EQ(rows[1], (std::vector<std::string>{"default face 0", "00:00:00.040", "00:00:00.080",
                                                 "00:00:00.040", "eyes closed"}));
    EXPECT_EQ(rows[2], (std::vector<std::string>{"gaze", "01:02:03.004", "01:02:04.000",
                                                 "00:00:00.996", "looks away and back"}));
    EXPECT_EQ(rows[3][0], "smile");
    EXPECT_EQ(rows[3][1], "00:00:01.000");
    EXPECT_EQ(rows[3][2], "00:00:02.500");
    EXPECT_EQ(rows[3][4], "smiling, \"big\" <laugh> & more");
    EXPECT_EQ(std::string(file_extension(annotation_format_from_name("tsv"))), ".txt");

    MediaRecord other = *f.store.media().find(f.ids.media);
    f.store.media().add(other);
    EXPECT_THROW(format_annotations(f.store, AnnotationFormat::Tsv), Error);
}

TEST(AnnotationExport, ASessionsExportLeavesOtherSessionsOut) {
    Fixture f;
    const Id other_session = f.store.sessions().create("study 2");
    MediaRecord other = *f.store.media().find(f.ids.media);
    other.session_id = other_session;
    const Id other_media = f.store.media().add(other);
    Annotation a;
    a.media_id = other_media;
    a.target = AnnotationTarget::Frame;
    a.frame = 0;
    a.label = "other study";
    f.store.annotations().add(a);

    EXPECT_EQ(nlohmann::json::parse(format_annotations(f.store, AnnotationFormat::Json)).size(),
              4u);
    const auto first = nlohmann::json::parse(
        format_session_annotations(f.store, AnnotationFormat::Json, f.ids.session));
    EXPECT_EQ(first.size(), 3u);
    const std::string path = f.dir + "/study2.csv";
    export_session_annotations(f.store, AnnotationFormat::Csv, path, other_session);
    std::ifstream csv(path);
    std::string header, row, end;
    std::getline(csv, header);
    std::getline(csv, row);
    EXPECT_NE(row.find("other study"), std::string::npos);
    EXPECT_FALSE(std::getline(csv, end));
    EXPECT_THROW(format_session_annotations(f.store, AnnotationFormat::Json, 999), Error);
}

TEST(AnnotationExport, FileIsWrittenAndFormatNamesChecked) {
    Fixture f;
    const std::string path = f.dir + "/out.json";
    export_annotations(f.store, annotation_format_from_name("json"), path);
    EXPECT_EQ(nlohmann::json::parse(std::ifstream(path)).size(), 3u);
    EXPECT_THROW(annotation_format_from_name("xlsx"), Error);
}

}  // namespace
}  // namespace facellava::store
#endif
