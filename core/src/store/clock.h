// Timestamps as stored in a session: ISO-8601 UTC with milliseconds, which
// sort as text and read the same in every locale and time zone.
#pragma once

#include <string>

namespace facellava::store::detail {

std::string now_utc();

}  // namespace facellava::store::detail
