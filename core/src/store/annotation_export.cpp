#include "facellava/core/store/annotation_export.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "facellava/core/error.h"
#include "store/atomic_file.h"
#include "store/clock.h"

namespace facellava::store {
namespace {

// Everything an export needs, read once: live annotations, their media and
// the face index of each track.
struct ExportData {
    std::vector<Annotation> annotations;
    std::map<Id, MediaRecord> media;
    std::map<Id, Track> tracks;
};

ExportData collect(SessionStore& store, std::optional<Id> media_id) {
    ExportData data;
    auto media_repo = store.media();
    auto faces = store.faces();
    std::vector<MediaRecord> media;
    if (media_id) {
        auto found = media_repo.find(*media_id);
        if (!found) {
            throw Error("media " + std::to_string(*media_id) + " is not in the session",
                        store.path(), "list the media with `facellava session show`");
        }
        media.push_back(*found);
    } else {
        media = media_repo.list_all();
    }
    for (const auto& m : media) {
        data.media[m.id] = m;
        for (const auto& t : faces.tracks(m.id))
            data.tracks[t.id] = t;
        for (auto& a : store.annotations().list(m.id))
            data.annotations.push_back(std::move(a));
    }
    return data;
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

std::string csv_field(const std::string& value) {
    if (value.find_first_of(",\"\r\n") == std::string::npos)
        return value;
    std::string quoted = "\"";
    for (char c : value) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string optional_text(const std::optional<int64_t>& value) {
    return value ? std::to_string(*value) : "";
}

std::string to_csv(const ExportData& data) {
    std::ostringstream out;
    out << "id,media_id,media_path,target,face_id,frame,start_ms,end_ms,tier,label,author,created_"
           "at,updated_at\n";
    for (const auto& a : data.annotations) {
        out << a.id << ',' << a.media_id << ',' << csv_field(data.media.at(a.media_id).path) << ','
            << to_string(a.target) << ',' << optional_text(face_id_of(data, a)) << ','
            << optional_text(a.frame) << ',' << optional_text(a.start_ms) << ','
            << optional_text(a.end_ms) << ',' << csv_field(a.tier) << ',' << csv_field(a.label)
            << ',' << csv_field(a.author) << ',' << a.created_at << ',' << a.updated_at << '\n';
    }
    return out.str();
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

// ----------------------------------------------------------------------- EAF

std::string xml_escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string file_url(const std::string& path) {
    std::string url = "file://";
    for (unsigned char c : path) {
        if (std::isalnum(c) || std::string("/-._~:").find(char(c)) != std::string::npos) {
            url += char(c);
        } else {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            url += hex;
        }
    }
    return url;
}

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

std::string to_eaf(const ExportData& data) {
    if (data.media.size() != 1) {
        throw Error("an ELAN file describes exactly one media; this export covers " +
                        std::to_string(data.media.size()),
                    {}, "choose one media to export as .eaf");
    }
    const MediaRecord& media = data.media.begin()->second;

    // ELAN forbids overlapping annotations on one tier: overlapping ranges of
    // the same tier go to extra tiers "<tier> (2)", "<tier> (3)", …
    std::map<std::string, std::vector<const Annotation*>> by_tier;
    for (const auto& a : data.annotations) {
        if (a.target == AnnotationTarget::Range)
            by_tier[a.tier].push_back(&a);
    }
    struct Lane {
        std::string name;
        int64_t end_ms = INT64_MIN;
        std::vector<const Annotation*> items;
    };
    std::vector<Lane> lanes;
    for (auto& [tier, items] : by_tier) {
        std::stable_sort(items.begin(), items.end(), [](const Annotation* l, const Annotation* r) {
            return *l->start_ms < *r->start_ms;
        });
        const size_t first = lanes.size();
        for (const Annotation* a : items) {
            size_t lane = first;
            while (lane < lanes.size() && lanes[lane].end_ms > *a->start_ms)
                ++lane;
            if (lane == lanes.size()) {
                const size_t n = lane - first + 1;
                lanes.push_back(
                    {n == 1 ? tier : tier + " (" + std::to_string(n) + ")", INT64_MIN, {}});
            }
            lanes[lane].end_ms = *a->end_ms;
            lanes[lane].items.push_back(a);
        }
    }

    // Time slots in increasing time order, shared by equal times.
    std::map<int64_t, std::string> slots;
    for (const auto& lane : lanes) {
        for (const Annotation* a : lane.items)
            slots[*a->start_ms], slots[*a->end_ms];
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
        << "        <MEDIA_DESCRIPTOR MEDIA_URL=\"" << xml_escape(file_url(media.path))
        << "\" MIME_TYPE=\"" << mime_type(media.path) << "\"/>\n"
        << "    </HEADER>\n    <TIME_ORDER>\n";
    for (const auto& [time, id] : slots) {
        out << "        <TIME_SLOT TIME_SLOT_ID=\"" << id << "\" TIME_VALUE=\"" << time << "\"/>\n";
    }
    out << "    </TIME_ORDER>\n";
    for (const auto& lane : lanes) {
        out << "    <TIER LINGUISTIC_TYPE_REF=\"default-lt\" TIER_ID=\"" << xml_escape(lane.name)
            << "\">\n";
        for (const Annotation* a : lane.items) {
            out << "        <ANNOTATION>\n            <ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a"
                << a->id << "\" TIME_SLOT_REF1=\"" << slots[*a->start_ms] << "\" TIME_SLOT_REF2=\""
                << slots[*a->end_ms] << "\">\n                <ANNOTATION_VALUE>"
                << xml_escape(a->label)
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

std::string to_coco(SessionStore& store, const ExportData& data) {
    nlohmann::ordered_json images = nlohmann::ordered_json::array();
    nlohmann::ordered_json annotations = nlohmann::ordered_json::array();
    auto faces = store.faces();
    int64_t image_id = 0;
    for (const auto& [media_id, media] : data.media) {
        int64_t current_frame = -1;
        for (const auto& o : faces.observations_of_media(media_id)) {
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
                images.push_back({{"id", image_id},
                                  {"file_name", media.path},
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
    throw Error("unknown annotation format '" + name + "'", {}, "use one of: csv, json, eaf, coco");
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
    }
    return "";
}

std::string format_annotations(SessionStore& store, AnnotationFormat format,
                               std::optional<Id> media_id) {
    const ExportData data = collect(store, media_id);
    switch (format) {
        case AnnotationFormat::Csv:
            return to_csv(data);
        case AnnotationFormat::Json:
            return to_json(data);
        case AnnotationFormat::Eaf:
            return to_eaf(data);
        case AnnotationFormat::Coco:
            return to_coco(store, data);
    }
    return {};
}

void export_annotations(SessionStore& store, AnnotationFormat format, const std::string& path,
                        std::optional<Id> media_id) {
    detail::write_file_atomically(path, format_annotations(store, format, media_id));
}

}  // namespace facellava::store
