// A small declarative argument parser for the `facellava` subcommands: each
// command declares its options once, and help text, validation and error
// messages all come from that declaration.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace facellava::cli {

// Exit codes of every subcommand (documented in `facellava --help`).
enum ExitCode : int { kExitOk = 0, kExitFailure = 1, kExitUsage = 2 };

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
};

struct PositionalSpec {
    std::string name;
    std::string help;
    bool required = true;
    bool variadic = false;  // takes all remaining positionals
};

class ParsedArgs {
  public:
    bool flag(const std::string& name) const;
    bool has(const std::string& name) const;
    std::string value(const std::string& name) const;  // default when absent
    std::vector<std::string> values(const std::string& name) const;
    int int_value(const std::string& name) const;        // throws UsageError
    double double_value(const std::string& name) const;  // throws UsageError
    const std::vector<std::string>& positionals() const { return positionals_; }

  private:
    friend class CommandSpec;
    std::map<std::string, std::vector<std::string>> values_;
    std::map<std::string, std::string> defaults_;
    std::vector<std::string> positionals_;
};

class CommandSpec {
  public:
    CommandSpec(std::string name, std::string summary, std::string description = {});
    CommandSpec& option(OptionSpec spec);
    CommandSpec& positional(PositionalSpec spec);

    const std::string& name() const { return name_; }
    const std::string& summary() const { return summary_; }
    std::string help() const;
    // Parses argv after the subcommand name; throws UsageError.
    ParsedArgs parse(const std::vector<std::string>& args) const;

  private:
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
