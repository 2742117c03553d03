#include "json_output.h"

#include <iostream>

#include "facellava/core/atomic_file.h"

namespace facellava::cli {

OptionSpec json_option(const std::string& what) {
    OptionSpec spec{"json", "FILE", what + "; with =FILE, into FILE instead of stdout."};
    spec.optional_value = true;
    return spec;
}

bool wants_json(const ParsedArgs& args) {
    return args.has("json");
}

void emit_json(const ParsedArgs& args, const std::string& text) {
    const std::string path = args.value("json");
    if (path.empty() || path == "-") {
        std::cout << text << "\n";
        return;
    }
    write_file_atomically(path, text + "\n");
    std::cerr << "wrote " << path << "\n";
}

}  // namespace facellava::cli
