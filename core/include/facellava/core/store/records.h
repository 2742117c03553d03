// Plain rows of a session file, one struct per table. Ids are SQLite rowids
// (0 means "not saved yet"); times are ISO-8601 UTC text with milliseconds;
// *_json fields hold a JSON object as text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "facellava/core/face_types.h"

namespace facellava::store {

using Id = int64_t;

struct SessionInfo {
    Id id = 0;
    std::string name;
    std::string notes;
    std::string created_at;
    std::string updated_at;
};

enum class MediaKind { Image, Video };

struct MediaRecord {
    Id id = 0;
    Id session_id = 0;
    std::string path;    // absolute path where the file was last seen
    std::string sha256;  // lowercase hex; how a moved file is found again
    int64_t size_bytes = 0;
    int64_t mtime = 0;  // seconds since the epoch
    MediaKind kind = MediaKind::Image;
    double fps = 0;      // 0 for images
    int64_t frames = 0;  // 1 for images
    int width = 0;
    int height = 0;
    std::string added_at;
};

// One face followed through a media; face_index is the stable face_id of the
// CSV exports (0, 1, … per media).
struct Track {
    Id id = 0;
    Id media_id = 0;
    int face_index = 0;
    std::string label;  // identity name given by the user
};

struct FaceObservation {
    Id id = 0;
    Id track_id = 0;
    int64_t frame = 0;
    double timestamp = 0;  // seconds
    FaceBox box;           // box.score is the detector confidence
    std::optional<Landmarks68> landmarks;
    std::string detector;  // e.g. "dlib-hog", "retinaface"
};

struct Prediction {
    Id id = 0;
    Id media_id = 0;
    std::optional<Id> track_id;
    std::optional<int64_t> frame;  // nullopt: the whole media
    std::string task;              // "expression", "age", "au", …
    std::string value;             // the answer as text
    std::string probabilities_json = "{}";
    std::string model_id;
    std::string checkpoint_sha256;
    std::string created_at;
};

// What an annotation labels: one face (a track, optionally at one frame), one
// frame, or a time range (an ELAN-style interval on a tier).
enum class AnnotationTarget { Face, Frame, Range };

struct Annotation {
    Id id = 0;
    Id media_id = 0;
    AnnotationTarget target = AnnotationTarget::Frame;
    std::optional<Id> track_id;       // Face: required
    std::optional<int64_t> frame;     // Frame: required; Face: optional
    std::optional<int64_t> start_ms;  // Range: required, start_ms <= end_ms
    std::optional<int64_t> end_ms;
    std::string tier = "default";  // lane / ELAN tier
    std::string label;
    std::string author;
    std::string created_at;
    std::string updated_at;
    bool deleted = false;  // soft delete: kept so undo can bring it back

    bool operator==(const Annotation& other) const;
    bool operator!=(const Annotation& other) const { return !(*this == other); }
};

// One annotation change as the GUI undo stack needs it: the row before and
// after (nullopt before = created by this edit).
struct AnnotationEdit {
    std::optional<Annotation> before;
    std::optional<Annotation> after;
    Id id() const { return after ? after->id : before ? before->id : 0; }
};

struct Conversation {
    Id id = 0;
    Id session_id = 0;
    std::string title;
    std::string created_at;
};

enum class ChatRole { System, User, Assistant };

struct ChatMessage {
    Id id = 0;
    Id conversation_id = 0;
    ChatRole role = ChatRole::User;
    std::string text;
    std::optional<Id> media_id;  // the frame or face discussed, if any
    std::optional<Id> track_id;
    std::optional<int64_t> frame;
    std::string sampling_json = "{}";  // temperature, top_p, max_tokens, …
    std::string timings_json = "{}";   // time to first token, tokens/s, stop reason, …
    std::string created_at;
};

enum class JobStatus { Queued, Running, Done, Failed, Cancelled };

struct BatchJob {
    Id id = 0;
    Id session_id = 0;
    std::string kind;  // "analyse-folder", "export", …
    std::string config_json = "{}";
    JobStatus status = JobStatus::Queued;
    double progress = 0;  // 0..1
    std::string output_dir;
    std::string error;
    std::string created_at;
    std::string updated_at;
};

struct TrainingRun {
    Id id = 0;
    Id session_id = 0;
    std::string config_json = "{}";
    JobStatus status = JobStatus::Queued;
    std::string metrics_path;
    std::string checkpoint_dir;
    std::string error;
    std::string created_at;
    std::string updated_at;
};

// Names as stored in the database and written to exports.
const char* to_string(MediaKind kind);
const char* to_string(AnnotationTarget target);
const char* to_string(ChatRole role);
const char* to_string(JobStatus status);
// Throw facellava::Error naming the unknown value.
MediaKind media_kind_from_string(const std::string& name);
AnnotationTarget annotation_target_from_string(const std::string& name);
ChatRole chat_role_from_string(const std::string& name);
JobStatus job_status_from_string(const std::string& name);

}  // namespace facellava::store
