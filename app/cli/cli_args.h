// A small declarative argument parser for the `facellava` subcommands: each
// command declares its options once, and help text, validation, error
// messages, the man pages and the bash completion all come from that
// declaration (docs/USER_GUIDE.md "Command-line conventions").
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace facellava::cli {

// Exit codes of every subcommand (documented in `facellava --help`).
enum ExitCode : int {
    kExitOk = 0,
    kExitFailure = 1,
    kExitUsage = 2,
    kExitPartial = 3,        // finished, but some inputs failed (batch: see errors.csv)
    kExitInterrupted = 130,  // stopped by Ctrl-C (128 + SIGINT, as shells report it)
};

// One paragraph for the help epilogues, so every page says the same.
extern const char* const kExitCodesHelp;

// Thrown for a malformed command line; main() prints it with the usage and exits 2.
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct OptionSpec {
    std::string name;        // long name without dashes, e.g. "checkpoint"
    std::string value_name;  // empty for a flag, e.g. "DIR"
    std::string help;
    std::string default_value = {};  // shown in help; used when absent (values only)
    bool repeatable = false;
    // Earlier names, still accepted but left out of --help and the completion;
    // kept for a release after a rename (docs/USER_GUIDE.md lists them).
    std::vector<std::string> aliases = {};
    char short_name = 0;  // e.g. 'o' for -o OUT; 0: none
    bool hidden = false;  // accepted, but not in --help, man pages or completion
    // With value_name: "--json" alone (value "") or "--json=FILE". The value
    // may also be the next word when the command takes no positionals.
    bool optional_value = false;
};

struct PositionalSpec {
    std::string name;
    std::string help;
    bool required = true;
    bool variadic = false;  // takes all remaining positionals
};

class ParsedArgs {
  public:
    // Every lookup accepts a hidden alias as well as the option's name.
    bool flag(const std::string& name) const;
    bool has(const std::string& name) const;
    std::string value(const std::string& name) const;  // default when absent
    std::vector<std::string> values(const std::string& name) const;
    int int_value(const std::string& name) const;        // throws UsageError
    double double_value(const std::string& name) const;  // throws UsageError
    const std::vector<std::string>& positionals() const { return positionals_; }

  private:
    friend class CommandSpec;
    const std::string& canonical(const std::string& name) const;
    std::map<std::string, std::vector<std::string>> values_;
    std::map<std::string, std::string> defaults_;
    std::map<std::string, std::string> aliases_;  // old name → option name
    std::vector<std::string> positionals_;
};

class CommandSpec {
  public:
    CommandSpec(std::string name, std::string summary, std::string description = {});
    CommandSpec& option(OptionSpec spec);
    CommandSpec& positional(PositionalSpec spec);
    // Adjust an option declared earlier (e.g. by a shared helper); throw
    // std::logic_error when `name` is not declared, so a typo fails every run.
    CommandSpec& alias(const std::string& name, const std::string& old_name);
    CommandSpec& short_name(const std::string& name, char letter);
    CommandSpec& rename(const std::string& old_name, const std::string& new_name);

    const std::string& name() const { return name_; }
    const std::string& summary() const { return summary_; }
    const std::string& description() const { return description_; }
    const std::vector<OptionSpec>& options() const { return options_; }
    const std::vector<PositionalSpec>& positionals() const { return positionals_; }
    std::string help() const;
    // Parses argv after the subcommand name; throws UsageError.
    ParsedArgs parse(const std::vector<std::string>& args) const;

  private:
    OptionSpec& find(const std::string& name);
    const OptionSpec* match_long(const std::string& name) const;
    const OptionSpec* match_short(char letter) const;
    std::string name_;
    std::string summary_;
    std::string description_;
    std::vector<OptionSpec> options_;
    std::vector<PositionalSpec> positionals_;
};

// "a, b,,c" → {"a", "b", "c"}: a comma-separated option value, items
// trimmed of spaces, empty ones dropped.
std::vector<std::string> split_list(const std::string& text);

}  // namespace facellava::cli
