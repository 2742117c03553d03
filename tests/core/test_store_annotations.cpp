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
