// The checkpoint used when the user names none: the project's demo model
// (resources/models/facellava-nano), found next to the installed program or in
// the source tree.
#pragma once

#include <string>

namespace facellava::cli {

// Throws facellava::Error with what to do when the demo model is absent.
std::string default_checkpoint_dir();

}  // namespace facellava::cli
