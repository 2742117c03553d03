// A `facellava` subcommand: its declared arguments and the function that runs
// it. Each command lives in its own cmd_<name>.cpp and is listed in main.cpp.
#pragma once

#include <functional>

#include "cli_args.h"

namespace facellava::cli {

struct Command {
    CommandSpec spec;
    std::function<int(const ParsedArgs&)> run;  // returns an ExitCode
};

Command make_info_command();
Command make_chat_command();
Command make_checkpoint_command();
Command make_convert_command();
Command make_session_command();
Command make_train_command();
Command make_analyze_command();
Command make_batch_command();
Command make_bench_command();
Command make_eval_command();
Command make_init_model_command();
Command make_make_demo_data_command();
Command make_train_tokenizer_command();
Command make_serve_command();

}  // namespace facellava::cli
