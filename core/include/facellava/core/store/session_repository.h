// Named sessions inside a session file (usually one; a merged file can hold several).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "facellava/core/store/records.h"
#include "facellava/core/store/repository.h"

namespace facellava::store {

class SessionRepository : public Repository {
  public:
    using Repository::Repository;

    Id create(const std::string& name, const std::string& notes = {});
    std::optional<SessionInfo> find(Id id) const;
    std::vector<SessionInfo> list() const;
    void update(const SessionInfo& session);  // name and notes
    // Deletes the session and everything in it (media, faces, annotations, chats, jobs).
    void remove(Id id);
};

}  // namespace facellava::store
