// Annotation exports in the formats annotators already use:
//   CSV   one row per annotation (RFC 4180 quoting)
//   JSON  an array of objects with the same fields as the CSV
//   EAF   ELAN 3.0 XML: one TIER per annotation tier with its time ranges
//         (range annotations only; ELAN has no per-frame or per-face labels)
//   COCO  keypoints JSON: one image per analysed frame, one annotation per
//         face observation with its 68 landmarks, face labels as attributes
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

enum class AnnotationFormat { Csv, Json, Eaf, Coco };

// "csv", "json", "eaf", "coco"; throws facellava::Error listing them.
AnnotationFormat annotation_format_from_name(const std::string& name);
const char* file_extension(AnnotationFormat format);  // ".csv", ".json", ".eaf", ".json"

// media_id nullopt: every media (EAF needs exactly one media and throws otherwise).
std::string format_annotations(SessionStore& store, AnnotationFormat format,
                               std::optional<Id> media_id = {});
// Writes the export to `path` atomically (a temporary file renamed into place).
void export_annotations(SessionStore& store, AnnotationFormat format, const std::string& path,
                        std::optional<Id> media_id = {});

}  // namespace facellava::store
