#include "output_conventions_cli.h"

#include "facellava/core/error.h"

namespace facellava::cli {

void add_output_convention_options(CommandSpec& spec, const std::string& what) {
    spec.option({"frame-base", "0|1",
                 "Number of the first frame in " + what + ": 0, or 1 as OpenFace counts.", "0"});
    spec.option({"expression-names", "faceapi|pyfeat|rafdb",
                 "Names (and order) of the expression columns and labels in " + what +
                     ": face-api's, py-feat's or RAF-DB's (docs/CSV.md).",
                 "faceapi"});
}

#ifdef FACELLAVA_HAVE_MEDIA

pipeline::OutputConventions output_conventions_from(const ParsedArgs& args) {
    pipeline::OutputConventions conventions;
    conventions.frame_base = args.int_value("frame-base");
    if (conventions.frame_base != 0 && conventions.frame_base != 1)
        throw UsageError("--frame-base must be 0 or 1");
    try {
        conventions.expression_names =
            pipeline::parse_expression_names(args.value("expression-names"));
    } catch (const Error& e) {
        throw UsageError(std::string("--expression-names: ") + e.what());
    }
    return conventions;
}

#endif

}  // namespace facellava::cli
