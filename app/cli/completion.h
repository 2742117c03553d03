// The bash completion of `facellava`, written from the command specs so it
// never drifts from what the parser accepts: `facellava completion bash`
// prints it, and the build installs it to share/bash-completion/completions.
#pragma once

#include <string>
#include <vector>

#include "cli_args.h"

namespace facellava::cli {

// A bash script defining _facellava and `complete -F _facellava facellava`:
// command names at the first word, each command's visible options (long and
// short) after it, files and folders for option values and arguments.
std::string bash_completion_script(const std::vector<const CommandSpec*>& commands);

}  // namespace facellava::cli
