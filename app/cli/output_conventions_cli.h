// --frame-base 0|1 and --expression-names faceapi|pyfeat|rafdb: how faces.csv
// and the analysis JSON number frames and name expressions. Declared and read
// once, so `analyze`, `batch` and `session export --format faces-csv` spell
// and check them alike.
#pragma once

#include "cli_args.h"
#ifdef FACELLAVA_HAVE_MEDIA
#include "facellava/pipeline/analysis_options.h"
#endif

namespace facellava::cli {

// `what` names the output in the help, e.g. "faces.csv and the JSON".
void add_output_convention_options(CommandSpec& spec, const std::string& what);

#ifdef FACELLAVA_HAVE_MEDIA
// Throws UsageError for a frame base other than 0 or 1 and for unknown names.
pipeline::OutputConventions output_conventions_from(const ParsedArgs& args);
#endif

}  // namespace facellava::cli
