// Base of the repository classes: a view on one open SessionStore's
// connection. Repositories are cheap to make (SessionStore::media() etc.),
// must not outlive their store, and share its thread: a connection is used by
// one thread at a time (give other threads their own SessionStore or post the
// work to a StoreWriter).
#pragma once

namespace facellava::store {

namespace detail {
class Connection;
}

class Repository {
  public:
    explicit Repository(detail::Connection& connection) : connection_(&connection) {}

  protected:
    detail::Connection& db() const { return *connection_; }

  private:
    detail::Connection* connection_;
};

}  // namespace facellava::store
