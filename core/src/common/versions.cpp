#include "facellava/core/versions.h"

#ifdef FACELLAVA_HAVE_SQLITE
#include <sqlite3.h>
#endif

namespace facellava {

std::string sqlite_version() {
#ifdef FACELLAVA_HAVE_SQLITE
    return sqlite3_libversion();
#else
    return "not built in";
#endif
}

}  // namespace facellava
