#include "facellava/core/store/face_repository.h"

#include <cstring>

#include "store/sqlite_db.h"

// Landmark BLOBs are little-endian float32; on a big-endian host they would
// need byte swapping, which no supported platform requires.
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the session store assumes a little-endian host"
#endif

namespace facellava::store {
namespace {

constexpr size_t kLandmarkBytes = sizeof(float) * 136;
static_assert(sizeof(Landmarks68::xy) == kLandmarkBytes, "Landmarks68 must be 136 packed floats");

constexpr const char* kInsert =
    "INSERT INTO face_observations (track_id, frame, timestamp, x, y, w, h, confidence, landmarks, "
    "detector) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr const char* kColumns =
    "o.id, o.track_id, o.frame, o.timestamp, o.x, o.y, o.w, o.h, o.confidence, "
    "o.landmarks, o.detector";

void bind_observation(detail::Statement& st, const FaceObservation& o) {
    st.bind(1, o.track_id).bind(2, o.frame).bind(3, o.timestamp);
    st.bind(4, double(o.box.x))
        .bind(5, double(o.box.y))
        .bind(6, double(o.box.w))
        .bind(7, double(o.box.h));
    st.bind(8, double(o.box.score));
    if (o.landmarks) {
        st.bind_blob(9, o.landmarks->xy.data(), kLandmarkBytes);
    } else {
        st.bind_null(9);
    }
    st.bind(10, o.detector);
}

FaceObservation read_observation(detail::Statement& st) {
    FaceObservation o;
    o.id = st.int64(0);
    o.track_id = st.int64(1);
    o.frame = st.int64(2);
    o.timestamp = st.real(3);
    o.box = {float(st.real(4)), float(st.real(5)), float(st.real(6)), float(st.real(7)),
             float(st.real(8))};
    size_t size = 0;
    const void* blob = st.blob(9, &size);
    // The schema's CHECK guarantees 544 bytes; anything else is treated as absent.
    if (blob && size == kLandmarkBytes) {
        o.landmarks.emplace();
        std::memcpy(o.landmarks->xy.data(), blob, kLandmarkBytes);
    }
    o.detector = st.text(10);
    return o;
}

std::vector<FaceObservation> read_all(detail::StatementRef& st) {
    std::vector<FaceObservation> result;
    while (st->step())
        result.push_back(read_observation(*st));
    return result;
}

Track read_track(detail::Statement& st) {
    return {st.int64(0), st.int64(1), int(st.int64(2)), st.text(3)};
}

}  // namespace

Id FaceRepository::add_track(Id media_id, int face_index, const std::string& label) {
    auto st =
        db().statement("INSERT INTO tracks (media_id, face_index, label) VALUES (?1, ?2, ?3)");
    st->bind(1, media_id).bind(2, face_index).bind(3, label).run();
    return db().last_insert_rowid();
}

Id FaceRepository::track_for(Id media_id, int face_index) {
    {
        auto st = db().statement("SELECT id FROM tracks WHERE media_id = ?1 AND face_index = ?2");
        st->bind(1, media_id).bind(2, face_index);
        if (st->step())
            return st->int64(0);
    }
    return add_track(media_id, face_index);
}

std::optional<Track> FaceRepository::find_track(Id id) const {
    auto st = db().statement("SELECT id, media_id, face_index, label FROM tracks WHERE id = ?1");
    st->bind(1, id);
    if (!st->step())
        return std::nullopt;
    return read_track(*st);
}

std::vector<Track> FaceRepository::tracks(Id media_id) const {
    auto st = db().statement(
        "SELECT id, media_id, face_index, label FROM tracks WHERE media_id = ?1 ORDER BY "
        "face_index");
    st->bind(1, media_id);
    std::vector<Track> result;
    while (st->step())
        result.push_back(read_track(*st));
    return result;
}

void FaceRepository::rename_track(Id id, const std::string& label) {
    auto st = db().statement("UPDATE tracks SET label = ?2 WHERE id = ?1");
    st->bind(1, id).bind(2, label).run();
}

Id FaceRepository::add_observation(const FaceObservation& observation) {
    auto st = db().statement(kInsert);
    bind_observation(*st, observation);
    st->run();
    return db().last_insert_rowid();
}

void FaceRepository::add_observations(const std::vector<FaceObservation>& observations) {
    detail::Transaction transaction(db());
    auto st = db().statement(kInsert);
    for (const auto& o : observations) {
        bind_observation(*st, o);
        st->run();
        st->reset();
    }
    transaction.commit();
}

std::vector<FaceObservation> FaceRepository::observations_of_track(Id track_id) const {
    auto st =
        db().statement(std::string("SELECT ") + kColumns +
                       " FROM face_observations o WHERE o.track_id = ?1 ORDER BY o.frame, o.id");
    st->bind(1, track_id);
    return read_all(st);
}

std::vector<FaceObservation> FaceRepository::observations_at(Id media_id, int64_t frame) const {
    auto st = db().statement(std::string("SELECT ") + kColumns +
                             " FROM tracks t JOIN face_observations o ON o.track_id = t.id"
                             " WHERE t.media_id = ?1 AND o.frame = ?2 ORDER BY t.face_index, o.id");
    st->bind(1, media_id).bind(2, frame);
    return read_all(st);
}

std::vector<FaceObservation> FaceRepository::observations_of_media(Id media_id) const {
    auto st = db().statement(std::string("SELECT ") + kColumns +
                             " FROM tracks t JOIN face_observations o ON o.track_id = t.id"
                             " WHERE t.media_id = ?1 ORDER BY o.frame, t.face_index, o.id");
    st->bind(1, media_id);
    return read_all(st);
}

int64_t FaceRepository::count_observations() const {
    return db().query_int64("SELECT count(*) FROM face_observations");
}

int FaceRepository::remove_observations(Id track_id, int64_t frame, const std::string& detector) {
    auto st = db().statement(
        "DELETE FROM face_observations WHERE track_id = ?1 AND frame = ?2 AND detector = ?3");
    st->bind(1, track_id).bind(2, frame).bind(3, detector).run();
    return db().changes();
}

int FaceRepository::remove_observations_at(Id media_id, int64_t frame) {
    auto st = db().statement(
        "DELETE FROM face_observations WHERE frame = ?2 AND track_id IN "
        "(SELECT id FROM tracks WHERE media_id = ?1)");
    st->bind(1, media_id).bind(2, frame).run();
    return db().changes();
}

}  // namespace facellava::store
