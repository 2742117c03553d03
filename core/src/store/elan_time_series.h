// ELAN's linked time series for an .eaf export: a CSV of what the session
// knows about each face over time (expression probabilities, head pose) and
// the time-series configuration ELAN reads to plot it beside the tiers
// (Edit ▸ Linked Files ▸ Linked Secondary Files; ELAN names it
// <eaf basename>_tsconf.xml and opens it with the .eaf):
//   <base>_timeseries.csv  time (seconds from the media start, 3 decimals),
//                          then per face N: faceN_<expression label> for each
//                          label (probability 0–1), faceN_yaw, faceN_pitch,
//                          faceN_roll (degrees); one row per analysed frame,
//                          NaN where that face was not measured.
//   <base>_tsconf.xml      <timeseries> with one <tracksource> (the CSV,
//                          time column 0, ELAN's CSV service provider) and
//                          one <track> per column.
// The quantities are the predictions the workbench saves per face and frame
// (facellava/core/store/analysis_tasks.h): kExpressionTask (JSON label →
// probability) and kHeadPoseTask (JSON yaw, pitch, roll in degrees).
#pragma once

#include <string>

#include "facellava/core/store/session_store.h"

namespace facellava::store::detail {

// Text for XML content and attribute values: & < > " ' as entities.
std::string xml_escape(const std::string& text);
// file:///… with everything but unreserved characters and '/' percent-encoded
// (ELAN's MEDIA_URL / LINK_URL, the time series' source-url).
std::string file_url(const std::string& path);

struct ElanLinkedFiles {
    std::string csv_path;     // absolute
    std::string tsconf_path;  // absolute
};

// Writes both files beside `eaf_path` (atomically) for `media`; returns false,
// writing nothing, when the session holds no expression or pose for it.
bool write_elan_time_series(SessionStore& store, const MediaRecord& media,
                            const std::string& eaf_path, ElanLinkedFiles& files);

}  // namespace facellava::store::detail
