// `--json[=FILE]`, the one JSON switch of every command: the JSON goes to
// stdout, or with a FILE (atomically) to that file and a "wrote FILE" line
// to stderr.
#pragma once

#include <string>

#include "cli_args.h"

namespace facellava::cli {

// The declaration every command shares; `what` ends "Print … as JSON".
OptionSpec json_option(const std::string& what);

// Whether --json was given (with or without a FILE).
bool wants_json(const ParsedArgs& args);

// Writes `text` (a newline is added) where --json points.
void emit_json(const ParsedArgs& args, const std::string& text);

}  // namespace facellava::cli
