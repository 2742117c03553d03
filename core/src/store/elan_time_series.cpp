#include "store/elan_time_series.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "facellava/core/atomic_file.h"
#include "facellava/core/store/analysis_tasks.h"
#include "store/clock.h"

namespace facellava::store::detail {
namespace fs = std::filesystem;
namespace {

constexpr std::array<const char*, 3> kPoseAngles{"yaw", "pitch", "roll"};

// One plotted quantity of one face.
struct Column {
    int face = 0;
    std::string quantity;  // an expression label, or yaw / pitch / roll
    bool angle = false;
    std::string name() const { return "face" + std::to_string(face) + "_" + quantity; }
};

std::string number(double value, int decimals) {
    if (!std::isfinite(value))
        return "NaN";
    if (value == 0.0)
        value = 0.0;  // no "-0.00"
    char text[48];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

}  // namespace

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

bool write_elan_time_series(SessionStore& store, const MediaRecord& media,
                            const std::string& eaf_path, ElanLinkedFiles& files) {
    auto faces = store.faces();
    std::map<Id, int> face_of_track;
    for (const auto& track : faces.tracks(media.id))
        face_of_track[track.id] = track.face_index;
    // Time of each analysed frame, from its observations.
    std::map<int64_t, double> time_of_frame;
    for (const auto& o : faces.observations_of_media(media.id))
        time_of_frame.emplace(o.frame, o.timestamp);

    // (frame, column name) → value; the columns seen, in face then label order.
    std::map<std::pair<int64_t, std::string>, double> values;
    std::map<std::pair<int, std::string>, Column> columns;  // ordered by face, then quantity
    for (const auto& p : store.predictions().list(media.id)) {
        if (!p.track_id || !p.frame || !face_of_track.count(*p.track_id) ||
            !time_of_frame.count(*p.frame))
            continue;
        const bool pose = p.task == kHeadPoseTask;
        if (!pose && p.task != kExpressionTask)
            continue;
        const nlohmann::json details = nlohmann::json::parse(p.probabilities_json, nullptr, false);
        if (!details.is_object())
            continue;
        const int face = face_of_track.at(*p.track_id);
        const auto add = [&](const std::string& quantity, const nlohmann::json& value,
                             int angle_index = 0) {
            if (!value.is_number())
                return;
            // Angles after the expression labels ("~" sorts after letters), yaw, pitch, roll.
            const std::string key = pose ? "~" + std::to_string(angle_index) : quantity;
            Column column{face, quantity, pose};
            columns.emplace(std::make_pair(face, key), column);
            values[{*p.frame, column.name()}] = value.get<double>();
        };
        if (pose) {
            for (size_t i = 0; i < kPoseAngles.size(); ++i)
                if (details.contains(kPoseAngles[i]))
                    add(kPoseAngles[i], details.at(kPoseAngles[i]), int(i));
        } else {
            for (const auto& [label, probability] : details.items())
                add(label, probability);
        }
    }
    if (columns.empty())
        return false;

    std::string csv = "time";
    for (const auto& [key, column] : columns)
        csv += "," + column.name();
    csv += "\n";
    for (const auto& [frame, time] : time_of_frame) {
        csv += number(time, 3);
        for (const auto& [key, column] : columns) {
            const auto found = values.find({frame, column.name()});
            csv += "," + number(found == values.end() ? NAN : found->second, column.angle ? 2 : 4);
        }
        csv += "\n";
    }

    const fs::path eaf = fs::absolute(eaf_path);
    const std::string base = eaf.stem().string();
    files.csv_path = (eaf.parent_path() / (base + "_timeseries.csv")).string();
    files.tsconf_path = (eaf.parent_path() / (base + "_tsconf.xml")).string();

    std::ostringstream xml;
    xml << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        << "<timeseries date=\"" << now_utc() << "\" version=\"1.0\">\n"
        << "    <tracksource sample-type=\"Discontinuous Rate\" source-url=\""
        << xml_escape(file_url(files.csv_path)) << "\" time-column=\"0\">\n"
        << "        <property key=\"provider\" "
           "value=\"mpi.eudico.client.annotator.timeseries.csv.CSVServiceProvider\"/>\n";
    int col = 1;
    for (const auto& [key, column] : columns) {
        // Probabilities 0–1; angles in degrees, a head turned past ±90° is rare.
        const double min = column.angle ? -90.0 : 0.0;
        const double max = column.angle ? 90.0 : 1.0;
        xml << "        <track derivative=\"0\" name=\"" << xml_escape(column.name()) << "\">\n"
            << "            <property key=\"detect-range\" value=\"false\"/>\n"
            << "            <sample-position>\n"
            << "                <pos col=\"" << col++ << "\" row=\"0\"/>\n"
            << "            </sample-position>\n"
            << "            <description>face " << column.face << " "
            << (column.angle ? "head " : "expression ") << xml_escape(column.quantity)
            << "</description>\n"
            << "            <units>" << (column.angle ? "deg" : "p") << "</units>\n"
            << "            <range max=\"" << max << "\" min=\"" << min << "\"/>\n"
            << "            <color>" << (column.angle ? "0,0,255" : "255,0,0") << "</color>\n"
            << "        </track>\n";
    }
    xml << "    </tracksource>\n</timeseries>\n";
    write_file_atomically(files.csv_path, csv);
    write_file_atomically(files.tsconf_path, xml.str());
    return true;
}

}  // namespace facellava::store::detail
