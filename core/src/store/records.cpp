#include "facellava/core/store/records.h"

#include <tuple>

#include "facellava/core/error.h"

namespace facellava::store {
namespace {

template <typename Enum, size_t N>
Enum from_name(const char* const (&names)[N], const std::string& name, const char* what) {
    for (size_t i = 0; i < N; ++i) {
        if (name == names[i])
            return Enum(i);
    }
    std::string known;
    for (const char* n : names)
        known += (known.empty() ? "" : ", ") + std::string(n);
    throw Error("unknown " + std::string(what) + " '" + name + "'", {},
                "expected one of: " + known);
}

constexpr const char* kMediaKinds[] = {"image", "video"};
constexpr const char* kTargets[] = {"face", "frame", "range"};
constexpr const char* kRoles[] = {"system", "user", "assistant"};
constexpr const char* kStatuses[] = {"queued", "running", "done", "failed", "cancelled"};

}  // namespace

bool Annotation::operator==(const Annotation& o) const {
    return std::tie(id, media_id, target, track_id, frame, start_ms, end_ms, tier, label, author,
                    created_at, updated_at, deleted) ==
           std::tie(o.id, o.media_id, o.target, o.track_id, o.frame, o.start_ms, o.end_ms, o.tier,
                    o.label, o.author, o.created_at, o.updated_at, o.deleted);
}

const char* to_string(MediaKind kind) {
    return kMediaKinds[int(kind)];
}
const char* to_string(AnnotationTarget target) {
    return kTargets[int(target)];
}
const char* to_string(ChatRole role) {
    return kRoles[int(role)];
}
const char* to_string(JobStatus status) {
    return kStatuses[int(status)];
}

MediaKind media_kind_from_string(const std::string& name) {
    return from_name<MediaKind>(kMediaKinds, name, "media kind");
}
AnnotationTarget annotation_target_from_string(const std::string& name) {
    return from_name<AnnotationTarget>(kTargets, name, "annotation target");
}
ChatRole chat_role_from_string(const std::string& name) {
    return from_name<ChatRole>(kRoles, name, "chat role");
}
JobStatus job_status_from_string(const std::string& name) {
    return from_name<JobStatus>(kStatuses, name, "job status");
}

}  // namespace facellava::store
