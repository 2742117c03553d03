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
};

}  // namespace facellava::store
