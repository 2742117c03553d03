// Model outputs, each with the model id and checkpoint sha256 that made it so
// results stay traceable after the model is fine-tuned or replaced.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "facellava/core/store/records.h"
#include "facellava/core/store/repository.h"

namespace facellava::store {

class PredictionRepository : public Repository {
  public:
    using Repository::Repository;

    Id add(const Prediction& prediction);  // created_at filled in when empty
    std::vector<Prediction> list(Id media_id) const;
    std::vector<Prediction> at_frame(Id media_id, int64_t frame) const;
    // The newest prediction of a task for a media (and frame; nullopt = whole media).
    std::optional<Prediction> latest(Id media_id, const std::string& task,
                                     std::optional<int64_t> frame = std::nullopt) const;

    // Removes the predictions of media_id at `frame` whose task is one of
    // `tasks` (a new analysis of the frame replaces them). Returns how many.
    int remove_at(Id media_id, int64_t frame, const std::vector<std::string>& tasks);
    // Removes one task's predictions of a track at a frame (a new answer
    // replaces the old one). Returns how many.
    int remove_of_track(Id track_id, int64_t frame, const std::string& task);
};

}  // namespace facellava::store
