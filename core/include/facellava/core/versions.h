// Versions of the libraries core/ links, for `facellava info` and the About box.
#pragma once

#include <string>

namespace facellava {

// "not built in" when the library is not part of this build.
std::string sqlite_version();

}  // namespace facellava
