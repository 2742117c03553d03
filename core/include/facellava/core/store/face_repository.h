// Faces per media: tracks (stable face ids) and per-frame observations with
// box, confidence, 68 landmarks and the detector that produced them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "facellava/core/store/records.h"
#include "facellava/core/store/repository.h"

namespace facellava::store {

// The detector of an observation whose landmarks a person corrected by hand
// (the workbench's drag-to-correct). At most one per track and frame; it
// overrides the detector's landmarks of that face at that frame.
inline constexpr const char* kManualDetector = "manual";

class FaceRepository : public Repository {
  public:
    using Repository::Repository;

    Id add_track(Id media_id, int face_index, const std::string& label = {});
    // The track of face_index in media_id, created when missing.
    Id track_for(Id media_id, int face_index);
    std::optional<Track> find_track(Id id) const;
    std::vector<Track> tracks(Id media_id) const;
    void rename_track(Id id, const std::string& label);

    Id add_observation(const FaceObservation& observation);
    // All rows in one transaction with one prepared statement: either every
    // row is saved or none. This is the batch-job path (>= 50k rows/s).
    void add_observations(const std::vector<FaceObservation>& observations);
    std::vector<FaceObservation> observations_of_track(Id track_id) const;
    // Every face of media_id seen at `frame`, ordered by face index.
    std::vector<FaceObservation> observations_at(Id media_id, int64_t frame) const;
    // Every observation of media_id, ordered by frame then face index.
    std::vector<FaceObservation> observations_of_media(Id media_id) const;
    int64_t count_observations() const;

    // Removes the observations of one track at one frame made by `detector`
    // (e.g. the manual correction an undo takes back). Returns how many.
    int remove_observations(Id track_id, int64_t frame, const std::string& detector);
    // Removes every observation of media_id at `frame`, manual ones included
    // (a new analysis of that frame replaces them). Returns how many.
    int remove_observations_at(Id media_id, int64_t frame);
};

}  // namespace facellava::store
