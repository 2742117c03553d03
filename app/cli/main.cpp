// `facellava`: the command-line face of the workbench. A dispatcher over
// subcommands; each prints its own --help. Errors print one clear line
// (what failed, which file, what to do) and exit 1; bad command lines exit 2.
#include <clocale>
#include <iostream>
#include <vector>

#include "command.h"
#include "completion.h"
#include "facellava/core/error.h"
#include "facellava/model/runtime.h"
#include "interrupt.h"

namespace {

using facellava::cli::Command;

std::vector<Command> all_commands() {
    std::vector<Command> commands;
    commands.push_back(facellava::cli::make_info_command());
    commands.push_back(facellava::cli::make_analyze_command());
    commands.push_back(facellava::cli::make_batch_command());
    commands.push_back(facellava::cli::make_bench_command());
    commands.push_back(facellava::cli::make_chat_command());
    commands.push_back(facellava::cli::make_checkpoint_command());
    commands.push_back(facellava::cli::make_convert_command());
    commands.push_back(facellava::cli::make_eval_command());
    commands.push_back(facellava::cli::make_init_model_command());
    commands.push_back(facellava::cli::make_make_demo_data_command());
    commands.push_back(facellava::cli::make_serve_command());
    commands.push_back(facellava::cli::make_session_command());
    commands.push_back(facellava::cli::make_train_command());
    commands.push_back(facellava::cli::make_train_tokenizer_command());
    return commands;
}

void print_overview(const std::vector<Command>& commands, std::ostream& out) {
    out << "facellava " << FACELLAVA_VERSION << " — Face-LLaVA workbench command line\n\n"
        << "Usage: facellava <command> [options]\n\nCommands:\n";
    for (const auto& command : commands) {
        out << "  " << command.spec.name()
            << std::string(12 - std::min<size_t>(11, command.spec.name().size()), ' ')
            << command.spec.summary() << "\n";
    }
    out << "\nRun `facellava <command> --help` for a command's options (`man facellava-<command>`\n"
        << "has the same text). Common options have one name in every command: -o/--output,\n"
        << "-c/--checkpoint, -q/--quiet, -j/--jobs, --json[=FILE], --max-new-tokens,\n"
        << "--system-prompt, --threads, --device. `facellava completion bash` prints the bash\n"
        << "completion script.\n\n"
        << facellava::cli::kExitCodesHelp << "\n";
}

// `facellava completion bash`: hidden from the overview (packages install its
// output; people rarely run it), so it is not a Command.
int print_completion(const std::vector<Command>& commands, const std::vector<std::string>& args) {
    if (args.size() != 2 || args[1] != "bash") {
        std::cerr << "usage: facellava completion bash\n";
        return facellava::cli::kExitUsage;
    }
    std::vector<const facellava::cli::CommandSpec*> specs;
    for (const auto& command : commands)
        specs.push_back(&command.spec);
    std::cout << facellava::cli::bash_completion_script(specs);
    return facellava::cli::kExitOk;
}

// A command stopped by Ctrl-C exits 130 however it reports the stop (a
// cancelled result, or an error thrown from the cancelled work).
int after_interrupt(int code) {
    const bool stopped = facellava::cli::ScopedInterrupt::ever_interrupted();
    return stopped && code != facellava::cli::kExitUsage ? int(facellava::cli::kExitInterrupted)
                                                         : code;
}

}  // namespace

int main(int argc, char** argv) {
    // Numbers in every output use '.', whatever the user's locale.
    std::setlocale(LC_ALL, "C");
    facellava::model::configure_cpu_runtime();  // before any thread allocates
    const auto commands = all_commands();
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        print_overview(commands, std::cout);
        return args.empty() ? facellava::cli::kExitUsage : facellava::cli::kExitOk;
    }
    if (args[0] == "completion")
        return print_completion(commands, args);
    if (args[0] == "--version" || args[0] == "-V") {
        std::cout << "facellava " << FACELLAVA_VERSION << "\n";
        return facellava::cli::kExitOk;
    }
    for (const auto& command : commands) {
        if (command.spec.name() != args[0])
            continue;
        std::vector<std::string> rest(args.begin() + 1, args.end());
        for (const auto& arg : rest) {
            if (arg == "--help" || arg == "-h") {
                std::cout << command.spec.help();
                return facellava::cli::kExitOk;
            }
        }
        try {
            return after_interrupt(command.run(command.spec.parse(rest)));
        } catch (const facellava::cli::UsageError& e) {
            std::cerr << "facellava " << args[0] << ": " << e.what() << "\n(see `facellava "
                      << args[0] << " --help`)\n";
            return facellava::cli::kExitUsage;
        } catch (const facellava::Error& e) {
            std::cerr << "facellava " << args[0] << ": error: " << e.what() << "\n";
            return after_interrupt(facellava::cli::kExitFailure);
        } catch (const std::exception& e) {
            std::cerr << "facellava " << args[0] << ": unexpected error: " << e.what() << "\n";
            return after_interrupt(facellava::cli::kExitFailure);
        }
    }
    std::cerr << "facellava: unknown command '" << args[0] << "'\n\n";
    print_overview(commands, std::cerr);
    return facellava::cli::kExitUsage;
}
