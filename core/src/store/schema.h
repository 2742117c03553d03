// The session schema and its forward-only migrations. The database's
// PRAGMA user_version is the number of migrations applied; each migration
// runs in its own transaction together with the user_version bump, so a
// crash leaves the file at the previous version, never half-migrated.
#pragma once

#include "store/sqlite_db.h"

namespace facellava::store::detail {

// PRAGMA application_id of every session file ('FLVS'), so a random SQLite
// file is refused instead of being "migrated".
constexpr int64_t kApplicationId = 0x464C5653;

int latest_schema_version();

// Brings the database up to `target` (<= latest). Throws facellava::Error for
// a file from a newer Face-LLaVA, or an SQLite file that is not a session.
void migrate(Connection& connection, int target);

// Checks a database without changing it: throws for foreign or newer files and
// for files that need migrating (a read-only connection cannot migrate).
void require_current_schema(Connection& connection);

}  // namespace facellava::store::detail
