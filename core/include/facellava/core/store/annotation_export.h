// Annotation exports in the formats annotators already use:
//   CSV   one row per annotation (RFC 4180 quoting)
//   JSON  an array of objects with the same fields as the CSV
//   EAF   ELAN 3.0 XML: one TIER per annotation tier with its time ranges
//         (range annotations only; ELAN has no per-frame or per-face labels).
//         export_* also writes <base>_timeseries.csv and <base>_tsconf.xml
//         beside it (expression probabilities and head pose per face over
//         time, src/store/elan_time_series.h) and links them from the HEADER
//         (LINKED_FILE_DESCRIPTOR), so ELAN plots them beside the tiers
//   COCO  keypoints JSON: one image per analysed frame, one annotation per
//         face observation with its 68 landmarks, face labels as attributes
//         (where a face's landmarks were corrected by hand, only the
//         correction, detector "manual", is exported for that frame). A
//         still's file_name is its path; a video frame's is
//         images/<media stem>_frame<N>.jpg, which export_* decodes and writes
//         beside the JSON (the stem gets "-<media id>" when two media share it)
//   TSV   ELAN-friendly tab-separated text (File ▸ Import ▸ CSV / Tab-delimited
//         Text): header "tier, begin_time, end_time, duration, annotation",
//         times as hh:mm:ss.mmm, no quoting (tabs and line breaks in labels
//         become spaces). Ranges keep their interval; frame labels and face
//         labels tied to a frame last that frame (1/fps), face labels on tier
//         "<tier> face <face_id>". Labels without a time (stills, whole-media
//         face labels) are left out. Overlaps on a tier go to "<tier> (2)", …
//         as in EAF. One media per file.
// Soft-deleted annotations are never exported.
//
// CSV / JSON fields (empty / null when not applicable to the target):
//   id          annotation id in the session (stable across edits)
//   media_id    media id in the session; media_path its file when exported
//   target      face | frame | range
//   face_id     the face's stable index in its media (as in face CSVs); face only
//   frame       0-based frame index; frame, and face labels tied to one frame
//   start_ms    range start, milliseconds from the media start; range only
//   end_ms      range end (>= start_ms), milliseconds; range only
//   tier        lane / ELAN tier name
//   label       the annotation text
//   author      who made it
//   created_at, updated_at   ISO-8601 UTC with milliseconds
#pragma once

#include <optional>
#include <string>

#include "facellava/core/store/session_store.h"

namespace facellava::store {

enum class AnnotationFormat { Csv, Json, Eaf, Coco, Tsv };

// "csv", "json", "eaf", "coco", "tsv"; throws facellava::Error listing them.
AnnotationFormat annotation_format_from_name(const std::string& name);
// ".csv", ".json", ".eaf", ".json", ".txt" (ELAN's importer lists .txt and .csv).
const char* file_extension(AnnotationFormat format);

// media_id nullopt: every media (EAF and TSV need exactly one media and throw otherwise).
std::string format_annotations(SessionStore& store, AnnotationFormat format,
                               std::optional<Id> media_id = {});
// Writes the export to `path` atomically (a temporary file renamed into place),
// after the files it names (COCO frame images, EAF time series). format_*
// return the text alone: their EAF links no time series.
void export_annotations(SessionStore& store, AnnotationFormat format, const std::string& path,
                        std::optional<Id> media_id = {});
// The same for every media of one session (a file may hold several).
std::string format_session_annotations(SessionStore& store, AnnotationFormat format, Id session_id);
void export_session_annotations(SessionStore& store, AnnotationFormat format,
                                const std::string& path, Id session_id);

}  // namespace facellava::store
