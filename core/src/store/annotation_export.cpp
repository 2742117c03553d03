#include "facellava/core/store/annotation_export.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "facellava/core/atomic_file.h"
#include "facellava/core/csv.h"
#include "facellava/core/error.h"
#include "store/clock.h"
#include "store/elan_time_series.h"
#ifdef FACELLAVA_HAVE_MEDIA
#include "facellava/core/media.h"
#endif

namespace facellava::store {
namespace {

// Everything an export needs, read once: live annotations, their media and
// the face index of each track.
struct ExportData {
    std::vector<Annotation> annotations;
    std::map<Id, MediaRecord> media;
    std::map<Id, Track> tracks;
};

ExportData collect(SessionStore& store, const std::vector<MediaRecord>& media) {
    ExportData data;
    auto faces = store.faces();
    for (const auto& m : media) {
        data.media[m.id] = m;
        for (const auto& t : faces.tracks(m.id))
            data.tracks[t.id] = t;
        for (auto& a : store.annotations().list(m.id))
            data.annotations.push_back(std::move(a));
    }
    return data;
}

ExportData collect(SessionStore& store, std::optional<Id> media_id) {
    if (!media_id)
        return collect(store, store.media().list_all());
    auto found = store.media().find(*media_id);
    if (!found) {
        throw Error("media " + std::to_string(*media_id) + " is not in the session", store.path(),
                    "list the media with `facellava session show`");
    }
    return collect(store, std::vector<MediaRecord>{*found});
}

std::optional<int64_t> face_id_of(const ExportData& data, const Annotation& a) {
    if (!a.track_id)
        return std::nullopt;
    const auto found = data.tracks.find(*a.track_id);
    if (found == data.tracks.end())
        return std::nullopt;
    return found->second.face_index;
}

// ---------------------------------------------------------------- CSV / JSON

std::string optional_text(const std::optional<int64_t>& value) {
    return value ? std::to_string(*value) : "";
}

std::string to_csv(const ExportData& data) {
    std::string out;
    append_csv_row(out, {"id", "media_id", "media_path", "target", "face_id", "frame", "start_ms",
                         "end_ms", "tier", "label", "author", "created_at", "updated_at"});
    for (const auto& a : data.annotations) {
        append_csv_row(
            out, {std::to_string(a.id), std::to_string(a.media_id), data.media.at(a.media_id).path,
                  to_string(a.target), optional_text(face_id_of(data, a)), optional_text(a.frame),
                  optional_text(a.start_ms), optional_text(a.end_ms), a.tier, a.label, a.author,
                  a.created_at, a.updated_at});
    }
    return out;
}

nlohmann::ordered_json optional_json(const std::optional<int64_t>& value) {
    return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

std::string to_json(const ExportData& data) {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const auto& a : data.annotations) {
        rows.push_back({{"id", a.id},
                        {"media_id", a.media_id},
                        {"media_path", data.media.at(a.media_id).path},
                        {"target", to_string(a.target)},
                        {"face_id", optional_json(face_id_of(data, a))},
                        {"frame", optional_json(a.frame)},
                        {"start_ms", optional_json(a.start_ms)},
                        {"end_ms", optional_json(a.end_ms)},
                        {"tier", a.tier},
                        {"label", a.label},
                        {"author", a.author},
                        {"created_at", a.created_at},
                        {"updated_at", a.updated_at}});
    }
    return rows.dump(2) + "\n";
}

// ------------------------------------------------------- ELAN (EAF and TSV)

// One annotation placed in time on a tier, as ELAN sees it.
struct TimedItem {
    std::string tier;
    int64_t start_ms = 0;
    int64_t end_ms = 0;
    const Annotation* annotation = nullptr;
};

struct Lane {
    std::string name;
    int64_t end_ms = INT64_MIN;
    std::vector<TimedItem> items;
};

// ELAN forbids overlapping annotations on one tier: overlapping items of the
// same tier go to extra tiers "<tier> (2)", "<tier> (3)", … Tiers in name
// order, items in start order.
std::vector<Lane> assign_lanes(std::vector<TimedItem> items) {
    std::map<std::string, std::vector<TimedItem>> by_tier;
    for (auto& item : items)
        by_tier[item.tier].push_back(std::move(item));
    std::vector<Lane> lanes;
    for (auto& [tier, tier_items] : by_tier) {
        std::stable_sort(
            tier_items.begin(), tier_items.end(),
            [](const TimedItem& l, const TimedItem& r) { return l.start_ms < r.start_ms; });
        const size_t first = lanes.size();
        for (const TimedItem& item : tier_items) {
            size_t lane = first;
            while (lane < lanes.size() && lanes[lane].end_ms > item.start_ms)
                ++lane;
            if (lane == lanes.size()) {
                const size_t n = lane - first + 1;
                lanes.push_back(
                    {n == 1 ? tier : tier + " (" + std::to_string(n) + ")", INT64_MIN, {}});
            }
            lanes[lane].end_ms = item.end_ms;
            lanes[lane].items.push_back(item);
        }
    }
    return lanes;
}

// `what` ("an ELAN .eaf file") holds one media's annotations only.
const MediaRecord& the_one_media(const ExportData& data, const std::string& what) {
    if (data.media.size() != 1) {
        throw Error(what + " describes exactly one media; this export covers " +
                        std::to_string(data.media.size()),
                    {}, "export one media at a time in this format");
    }
    return data.media.begin()->second;
}

// ----------------------------------------------------------------------- EAF

std::string mime_type(const std::string& path) {
    const auto dot = path.rfind('.');
    std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    if (ext == "mp4" || ext == "m4v" || ext == "mov")
        return "video/mp4";
    if (ext == "mpg" || ext == "mpeg")
        return "video/mpeg";
    if (ext == "wav")
        return "audio/x-wav";
    if (ext == "jpg" || ext == "jpeg")
        return "image/jpeg";
    if (ext == "png")
        return "image/png";
    return "unknown";
}

// `linked`: the time-series files written beside the .eaf (export only).
std::string to_eaf(const ExportData& data, const detail::ElanLinkedFiles* linked = nullptr) {
    const MediaRecord& media = the_one_media(data, "an ELAN .eaf file");

    std::vector<TimedItem> items;
    for (const auto& a : data.annotations) {
        if (a.target == AnnotationTarget::Range)
            items.push_back({a.tier, *a.start_ms, *a.end_ms, &a});
    }
    const std::vector<Lane> lanes = assign_lanes(std::move(items));

    // Time slots in increasing time order, shared by equal times.
    std::map<int64_t, std::string> slots;
    for (const auto& lane : lanes) {
        for (const TimedItem& item : lane.items)
            slots[item.start_ms], slots[item.end_ms];
    }
    int next_slot = 1;
    for (auto& [time, id] : slots)
        id = "ts" + std::to_string(next_slot++);

    std::ostringstream out;
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        << "<ANNOTATION_DOCUMENT AUTHOR=\"Face-LLaVA\" DATE=\"" << detail::now_utc()
        << "\" FORMAT=\"3.0\" VERSION=\"3.0\" "
           "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
           "xsi:noNamespaceSchemaLocation=\"http://www.mpi.nl/tools/elan/EAFv3.0.xsd\">\n"
        << "    <HEADER MEDIA_FILE=\"\" TIME_UNITS=\"milliseconds\">\n"
        << "        <MEDIA_DESCRIPTOR MEDIA_URL=\""
        << detail::xml_escape(detail::file_url(media.path)) << "\" MIME_TYPE=\""
        << mime_type(media.path) << "\"/>\n";
    if (linked) {
        // The data first, then ELAN's configuration for it (the MIME types ELAN writes).
        const std::pair<std::string, const char*> links[] = {{linked->csv_path, "unknown"},
                                                             {linked->tsconf_path, "text/xml"}};
        for (const auto& [path, type] : links) {
            out << "        <LINKED_FILE_DESCRIPTOR LINK_URL=\""
                << detail::xml_escape(detail::file_url(path)) << "\" MIME_TYPE=\"" << type
                << "\" RELATIVE_LINK_URL=\"./"
                << detail::xml_escape(std::filesystem::path(path).filename().string()) << "\"/>\n";
        }
    }
    out << "    </HEADER>\n    <TIME_ORDER>\n";
    for (const auto& [time, id] : slots) {
        out << "        <TIME_SLOT TIME_SLOT_ID=\"" << id << "\" TIME_VALUE=\"" << time << "\"/>\n";
    }
    out << "    </TIME_ORDER>\n";
    for (const auto& lane : lanes) {
        out << "    <TIER LINGUISTIC_TYPE_REF=\"default-lt\" TIER_ID=\""
            << detail::xml_escape(lane.name) << "\">\n";
        for (const TimedItem& item : lane.items) {
            out << "        <ANNOTATION>\n            <ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a"
                << item.annotation->id << "\" TIME_SLOT_REF1=\"" << slots[item.start_ms]
                << "\" TIME_SLOT_REF2=\"" << slots[item.end_ms]
                << "\">\n                <ANNOTATION_VALUE>"
                << detail::xml_escape(item.annotation->label)
                << "</ANNOTATION_VALUE>\n            </ALIGNABLE_ANNOTATION>\n        "
                   "</ANNOTATION>\n";
        }
        out << "    </TIER>\n";
    }
    out << "    <LINGUISTIC_TYPE GRAPHIC_REFERENCES=\"false\" LINGUISTIC_TYPE_ID=\"default-lt\" "
           "TIME_ALIGNABLE=\"true\"/>\n"
        << "</ANNOTATION_DOCUMENT>\n";
    return out.str();
}

// hh:mm:ss.mmm, ELAN's own time format.
std::string elan_time(int64_t ms) {
    char text[32];
    std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld.%03lld",
                  static_cast<long long>(ms / 3600000), static_cast<long long>(ms / 60000 % 60),
                  static_cast<long long>(ms / 1000 % 60), static_cast<long long>(ms % 1000));
    return text;
}

// Tabs and line breaks would split a cell; ELAN reads no quoting.
std::string tsv_field(std::string value) {
    for (char& c : value) {
        if (c == '\t' || c == '\n' || c == '\r')
            c = ' ';
    }
    return value;
}

std::string to_tsv(const ExportData& data) {
    const MediaRecord& media = the_one_media(data, "an ELAN tab-separated file");
    std::vector<TimedItem> items;
    for (const auto& a : data.annotations) {
        if (a.target == AnnotationTarget::Range) {
            items.push_back({a.tier, *a.start_ms, *a.end_ms, &a});
            continue;
        }
        // A frame lasts 1/fps; stills and whole-media face labels have no time.
        if (!a.frame || media.fps <= 0)
            continue;
        const int64_t start = std::llround(double(*a.frame) * 1000.0 / media.fps);
        const int64_t end = std::llround(double(*a.frame + 1) * 1000.0 / media.fps);
        std::string tier = a.tier;
        if (const auto face = face_id_of(data, a))
            tier += " face " + std::to_string(*face);
        items.push_back({tier, start, end, &a});
    }
    std::ostringstream out;
    out << "tier\tbegin_time\tend_time\tduration\tannotation\n";
    for (const Lane& lane : assign_lanes(std::move(items))) {
        for (const TimedItem& item : lane.items) {
            out << tsv_field(lane.name) << '\t' << elan_time(item.start_ms) << '\t'
                << elan_time(item.end_ms) << '\t' << elan_time(item.end_ms - item.start_ms) << '\t'
                << tsv_field(item.annotation->label) << '\n';
        }
    }
    return out.str();
}

// ---------------------------------------------------------------------- COCO

// iBUG 68-point contours as 1-based COCO skeleton edges.
nlohmann::ordered_json face_skeleton() {
    nlohmann::ordered_json edges = nlohmann::ordered_json::array();
    auto chain = [&](int first, int last, bool closed) {
        for (int i = first; i < last; ++i)
            edges.push_back({i + 1, i + 2});
        if (closed)
            edges.push_back({last + 1, first + 1});
    };
    chain(0, 16, false);   // jaw
    chain(17, 21, false);  // right brow
    chain(22, 26, false);  // left brow
    chain(27, 30, false);  // nose bridge
    chain(31, 35, false);  // nostrils
    chain(36, 41, true);   // right eye
    chain(42, 47, true);   // left eye
    chain(48, 59, true);   // outer lips
    chain(60, 67, true);   // inner lips
    return edges;
}

// A video frame a COCO export names: its JPEG is written beside the JSON.
struct CocoFrameImage {
    const MediaRecord* media = nullptr;
    int64_t frame = 0;
    std::string file_name;  // relative to the JSON's folder
};

// images/<media stem>_frame<N>.jpg; the stem gets "-<media id>" when two
// media of the export share it.
std::map<Id, std::string> coco_image_stems(const ExportData& data) {
    std::map<std::string, int> uses;
    for (const auto& [id, media] : data.media)
        ++uses[std::filesystem::path(media.path).stem().string()];
    std::map<Id, std::string> stems;
    for (const auto& [id, media] : data.media) {
        const std::string stem = std::filesystem::path(media.path).stem().string();
        stems[id] = uses[stem] > 1 ? stem + "-" + std::to_string(id) : stem;
    }
    return stems;
}

// Decodes each frame and writes it as a JPEG (atomically: a temporary name
// renamed into place) under `folder`.
void write_coco_frame_images(const std::vector<CocoFrameImage>& frames, const std::string& folder) {
    if (frames.empty())
        return;
#ifdef FACELLAVA_HAVE_MEDIA
    namespace fs = std::filesystem;
    fs::create_directories(fs::path(folder) / "images");
    std::unique_ptr<VideoReader> reader;
    const MediaRecord* open = nullptr;
    for (const CocoFrameImage& f : frames) {  // in media, then frame order: decoding goes forward
        if (f.media != open) {
            std::error_code ec;
            if (!fs::is_regular_file(f.media->path, ec))
                throw Error("the video of the export is not where the session last saw it",
                            f.media->path,
                            "re-link it with `facellava session check FILE --relink FOLDER`");
            reader = std::make_unique<VideoReader>(f.media->path);
            open = f.media;
        }
        const fs::path target = fs::path(folder) / f.file_name;
        const fs::path partial = target.string() + ".partial.jpg";
        save_image_jpeg(reader->frame_at(f.frame), partial.string());
        fs::rename(partial, target);
    }
#else
    throw Error("a COCO export of video frames needs the media libraries",
                frames.front().media->path,
                "use a build with FFmpeg and OpenCV (FACELLAVA_WITH_MEDIA)");
#endif
}

// `frame_images`: filled with the video frames named, to be written beside the JSON.
std::string to_coco(SessionStore& store, const ExportData& data,
                    std::vector<CocoFrameImage>* frame_images = nullptr) {
    nlohmann::ordered_json images = nlohmann::ordered_json::array();
    nlohmann::ordered_json annotations = nlohmann::ordered_json::array();
    auto faces = store.faces();
    const std::map<Id, std::string> stems = coco_image_stems(data);
    int64_t image_id = 0;
    for (const auto& [media_id, media] : data.media) {
        const auto observations = faces.observations_of_media(media_id);
        // A manual correction replaces the detector's landmarks of that face and frame.
        std::set<std::pair<Id, int64_t>> corrected;
        for (const auto& o : observations) {
            if (o.detector == kManualDetector)
                corrected.insert({o.track_id, o.frame});
        }
        int64_t current_frame = -1;
        for (const auto& o : observations) {
            if (o.detector != kManualDetector && corrected.count({o.track_id, o.frame}))
                continue;
            if (o.frame != current_frame || image_id == 0) {
                current_frame = o.frame;
                ++image_id;
                nlohmann::ordered_json labels = nlohmann::ordered_json::array();
                for (const auto& a : data.annotations) {
                    if (a.media_id == media_id && a.target == AnnotationTarget::Frame &&
                        a.frame == o.frame) {
                        labels.push_back(a.label);
                    }
                }
                // A still is its own image; a video frame gets one written beside the JSON.
                std::string file_name = media.path;
                if (media.kind == MediaKind::Video) {
                    file_name = "images/" + stems.at(media_id) + "_frame" +
                                std::to_string(o.frame) + ".jpg";
                    if (frame_images)
                        frame_images->push_back({&media, o.frame, file_name});
                }
                images.push_back({{"id", image_id},
                                  {"file_name", file_name},
                                  {"width", media.width},
                                  {"height", media.height},
                                  {"media_id", media_id},
                                  {"frame", o.frame},
                                  {"timestamp", o.timestamp},
                                  {"labels", labels}});
            }
            nlohmann::ordered_json keypoints = nlohmann::ordered_json::array();
            for (int i = 0; i < Landmarks68::kPoints; ++i) {
                if (o.landmarks) {
                    keypoints.push_back(o.landmarks->x(i));
                    keypoints.push_back(o.landmarks->y(i));
                    keypoints.push_back(2);  // labelled and visible
                } else {
                    keypoints.push_back(0);
                    keypoints.push_back(0);
                    keypoints.push_back(0);
                }
            }
            nlohmann::ordered_json labels = nlohmann::ordered_json::array();
            for (const auto& a : data.annotations) {
                if (a.target == AnnotationTarget::Face && a.track_id == o.track_id &&
                    (!a.frame || *a.frame == o.frame)) {
                    labels.push_back(a.label);
                }
            }
            const Track& track = data.tracks.at(o.track_id);
            annotations.push_back({{"id", o.id},
                                   {"image_id", image_id},
                                   {"category_id", 1},
                                   {"bbox", {o.box.x, o.box.y, o.box.w, o.box.h}},
                                   {"area", double(o.box.w) * double(o.box.h)},
                                   {"iscrowd", 0},
                                   {"keypoints", keypoints},
                                   {"num_keypoints", o.landmarks ? Landmarks68::kPoints : 0},
                                   {"score", o.box.score},
                                   {"face_id", track.face_index},
                                   {"track_label", track.label},
                                   {"detector", o.detector},
                                   {"attributes", {{"labels", labels}}}});
        }
    }
    nlohmann::ordered_json names = nlohmann::ordered_json::array();
    for (int i = 0; i < Landmarks68::kPoints; ++i)
        names.push_back("p" + std::to_string(i));
    nlohmann::ordered_json coco;
    coco["info"] = {{"description", "Face-LLaVA session export"},
                    {"version", FACELLAVA_VERSION},
                    {"date_created", detail::now_utc()}};
    coco["images"] = images;
    coco["annotations"] = annotations;
    coco["categories"] = nlohmann::ordered_json::array({{{"id", 1},
                                                         {"name", "face"},
                                                         {"supercategory", "person"},
                                                         {"keypoints", names},
                                                         {"skeleton", face_skeleton()}}});
    return coco.dump(1) + "\n";
}

}  // namespace

AnnotationFormat annotation_format_from_name(const std::string& name) {
    if (name == "csv")
        return AnnotationFormat::Csv;
    if (name == "json")
        return AnnotationFormat::Json;
    if (name == "eaf")
        return AnnotationFormat::Eaf;
    if (name == "coco")
        return AnnotationFormat::Coco;
    if (name == "tsv")
        return AnnotationFormat::Tsv;
    throw Error("unknown annotation format '" + name + "'", {},
                "use one of: csv, json, eaf, coco, tsv");
}

const char* file_extension(AnnotationFormat format) {
    switch (format) {
        case AnnotationFormat::Csv:
            return ".csv";
        case AnnotationFormat::Eaf:
            return ".eaf";
        case AnnotationFormat::Json:
        case AnnotationFormat::Coco:
            return ".json";
        case AnnotationFormat::Tsv:
            return ".txt";
    }
    return "";
}

namespace {

std::string render(SessionStore& store, AnnotationFormat format, const ExportData& data) {
    switch (format) {
        case AnnotationFormat::Csv:
            return to_csv(data);
        case AnnotationFormat::Json:
            return to_json(data);
        case AnnotationFormat::Eaf:
            return to_eaf(data);
        case AnnotationFormat::Coco:
            return to_coco(store, data);
        case AnnotationFormat::Tsv:
            return to_tsv(data);
    }
    return {};
}

// The export and the files it names: a COCO file's video frames (images/…)
// and an EAF's linked time series, written before the file that names them.
void write_export(SessionStore& store, AnnotationFormat format, const std::string& path,
                  const ExportData& data) {
    const std::string folder = std::filesystem::absolute(path).parent_path().string();
    if (format == AnnotationFormat::Coco) {
        std::vector<CocoFrameImage> frames;
        const std::string json = to_coco(store, data, &frames);
        write_coco_frame_images(frames, folder);
        write_file_atomically(path, json);
        return;
    }
    if (format == AnnotationFormat::Eaf) {
        const MediaRecord& media = the_one_media(data, "an ELAN .eaf file");
        detail::ElanLinkedFiles linked;
        const bool has_series = detail::write_elan_time_series(store, media, path, linked);
        write_file_atomically(path, to_eaf(data, has_series ? &linked : nullptr));
        return;
    }
    write_file_atomically(path, render(store, format, data));
}

}  // namespace

std::string format_annotations(SessionStore& store, AnnotationFormat format,
                               std::optional<Id> media_id) {
    return render(store, format, collect(store, media_id));
}

void export_annotations(SessionStore& store, AnnotationFormat format, const std::string& path,
                        std::optional<Id> media_id) {
    write_export(store, format, path, collect(store, media_id));
}

std::string format_session_annotations(SessionStore& store, AnnotationFormat format,
                                       Id session_id) {
    if (!store.sessions().find(session_id)) {
        throw Error("session " + std::to_string(session_id) + " is not in the file", store.path(),
                    "pick a session of this file");
    }
    return render(store, format, collect(store, store.media().list(session_id)));
}

void export_session_annotations(SessionStore& store, AnnotationFormat format,
                                const std::string& path, Id session_id) {
    if (!store.sessions().find(session_id)) {
        throw Error("session " + std::to_string(session_id) + " is not in the file", store.path(),
                    "pick a session of this file");
    }
    write_export(store, format, path, collect(store, store.media().list(session_id)));
}

}  // namespace facellava::store
