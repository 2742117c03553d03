#include "cli_args.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace facellava::cli {

const char* const kExitCodesHelp =
    "Exit codes: 0 success; 1 failure (the message says what failed and what to do); 2 bad "
    "command line; 3 finished, but some inputs failed (batch: see errors.csv); 130 stopped by "
    "Ctrl-C.";

const std::string& ParsedArgs::canonical(const std::string& name) const {
    auto it = aliases_.find(name);
    return it == aliases_.end() ? name : it->second;
}

bool ParsedArgs::flag(const std::string& name) const {
    return values_.count(canonical(name)) != 0;
}
bool ParsedArgs::has(const std::string& name) const {
    return values_.count(canonical(name)) != 0;
}

std::string ParsedArgs::value(const std::string& name) const {
    auto it = values_.find(canonical(name));
    if (it != values_.end() && !it->second.empty())
        return it->second.back();
    auto fallback = defaults_.find(canonical(name));
    return fallback == defaults_.end() ? std::string() : fallback->second;
}

std::vector<std::string> ParsedArgs::values(const std::string& name) const {
    auto it = values_.find(canonical(name));
    return it == values_.end() ? std::vector<std::string>{} : it->second;
}

int ParsedArgs::int_value(const std::string& name) const {
    const std::string text = value(name);
    try {
        size_t used = 0;
        int result = std::stoi(text, &used);
        if (used == text.size())
            return result;
    } catch (const std::exception&) {
    }
    throw UsageError("--" + canonical(name) + " expects an integer, got '" + text + "'");
}

double ParsedArgs::double_value(const std::string& name) const {
    const std::string text = value(name);
    try {
        size_t used = 0;
        double result = std::stod(text, &used);
        if (used == text.size())
            return result;
    } catch (const std::exception&) {
    }
    throw UsageError("--" + canonical(name) + " expects a number, got '" + text + "'");
}

CommandSpec::CommandSpec(std::string name, std::string summary, std::string description)
    : name_(std::move(name)), summary_(std::move(summary)), description_(std::move(description)) {}

CommandSpec& CommandSpec::option(OptionSpec spec) {
    options_.push_back(std::move(spec));
    return *this;
}

CommandSpec& CommandSpec::positional(PositionalSpec spec) {
    positionals_.push_back(std::move(spec));
    return *this;
}

OptionSpec& CommandSpec::find(const std::string& name) {
    for (auto& o : options_) {
        if (o.name == name)
            return o;
    }
    throw std::logic_error("'" + name_ + "' declares no option --" + name);
}

CommandSpec& CommandSpec::alias(const std::string& name, const std::string& old_name) {
    find(name).aliases.push_back(old_name);
    return *this;
}

CommandSpec& CommandSpec::short_name(const std::string& name, char letter) {
    find(name).short_name = letter;
    return *this;
}

CommandSpec& CommandSpec::rename(const std::string& old_name, const std::string& new_name) {
    OptionSpec& o = find(old_name);
    o.name = new_name;
    o.aliases.push_back(old_name);
    return *this;
}

const OptionSpec* CommandSpec::match_long(const std::string& name) const {
    for (const auto& o : options_) {
        if (o.name == name ||
            std::find(o.aliases.begin(), o.aliases.end(), name) != o.aliases.end())
            return &o;
    }
    return nullptr;
}

const OptionSpec* CommandSpec::match_short(char letter) const {
    for (const auto& o : options_) {
        if (o.short_name == letter)
            return &o;
    }
    return nullptr;
}

std::string CommandSpec::help() const {
    std::ostringstream out;
    out << "Usage: facellava " << name_ << (options_.empty() ? "" : " [options]");
    for (const auto& p : positionals_) {
        out << " " << (p.required ? "" : "[") << p.name << (p.variadic ? "..." : "")
            << (p.required ? "" : "]");
    }
    out << "\n\n" << summary_ << "\n";
    if (!description_.empty())
        out << "\n" << description_ << "\n";
    if (!positionals_.empty()) {
        out << "\nArguments:\n";
        for (const auto& p : positionals_)
            out << "  " << p.name << "\n      " << p.help << "\n";
    }
    out << "\nOptions:\n";
    for (const auto& o : options_) {
        if (o.hidden)
            continue;
        out << "  ";
        if (o.short_name)
            out << "-" << o.short_name << ", ";
        out << "--" << o.name;
        if (o.optional_value)
            out << "[=" << o.value_name << "]";
        else if (!o.value_name.empty())
            out << " " << o.value_name;
        out << "\n      " << o.help;
        if (!o.default_value.empty())
            out << " (default: " << o.default_value << ")";
        if (o.repeatable)
            out << " (repeatable)";
        out << "\n";
    }
    out << "  -h, --help\n      Show this help and exit.\n";
    out << "\n" << kExitCodesHelp << "\n";
    return out.str();
}

ParsedArgs CommandSpec::parse(const std::vector<std::string>& args) const {
    ParsedArgs parsed;
    for (const auto& o : options_) {
        if (!o.value_name.empty() && !o.default_value.empty())
            parsed.defaults_[o.name] = o.default_value;
        for (const auto& old_name : o.aliases)
            parsed.aliases_[old_name] = o.name;
    }
    bool options_done = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (!options_done && arg == "--") {
            options_done = true;
            continue;
        }
        const bool is_long = arg.size() >= 3 && arg.compare(0, 2, "--") == 0;
        // "-o", "-oOUT"; "-" (stdin by convention) and "-1" stay positionals.
        const bool is_short = arg.size() >= 2 && arg[0] == '-' && arg[1] != '-' &&
                              std::isalpha(static_cast<unsigned char>(arg[1]));
        if (options_done || (!is_long && !is_short)) {
            parsed.positionals_.push_back(arg);
            continue;
        }
        std::string inline_value;
        bool has_inline = false;
        const OptionSpec* spec = nullptr;
        std::string written;  // as the user wrote it, for messages
        if (is_long) {
            std::string name = arg.substr(2);
            if (auto eq = name.find('='); eq != std::string::npos) {
                inline_value = name.substr(eq + 1);
                name = name.substr(0, eq);
                has_inline = true;
            }
            written = "--" + name;
            spec = match_long(name);
        } else {
            written = arg.substr(0, 2);
            spec = match_short(arg[1]);
            if (arg.size() > 2) {
                inline_value = arg.substr(2);
                has_inline = true;
            }
        }
        if (!spec)
            throw UsageError("unknown option " + written + " for '" + name_ + "'");
        auto& slot = parsed.values_[spec->name];
        if (spec->value_name.empty()) {
            if (has_inline)
                throw UsageError(written + " takes no value");
            slot.push_back("1");
            continue;
        }
        if (!has_inline && spec->optional_value) {
            // The next word is the value only where it cannot be a positional.
            const bool next_is_value = positionals_.empty() && i + 1 < args.size() &&
                                       !args[i + 1].empty() && args[i + 1][0] != '-';
            if (next_is_value)
                inline_value = args[++i];
            has_inline = true;
        }
        if (!has_inline) {
            if (i + 1 >= args.size())
                throw UsageError(written + " needs a value (" + spec->value_name + ")");
            inline_value = args[++i];
        }
        if (!spec->repeatable && !slot.empty())
            throw UsageError("--" + spec->name + " given twice");
        slot.push_back(inline_value);
    }
    size_t required = 0;
    bool variadic = false;
    for (const auto& p : positionals_) {
        required += p.required ? 1 : 0;
        variadic = variadic || p.variadic;
    }
    if (parsed.positionals_.size() < required) {
        throw UsageError("'" + name_ + "' needs " + std::to_string(required) +
                         " argument(s), got " + std::to_string(parsed.positionals_.size()));
    }
    if (!variadic && parsed.positionals_.size() > positionals_.size()) {
        throw UsageError("unexpected argument '" + parsed.positionals_[positionals_.size()] +
                         "' for '" + name_ + "'");
    }
    return parsed;
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> items;
    size_t start = 0;
    while (start <= text.size()) {
        const size_t comma = std::min(text.find(',', start), text.size());
        const std::string item = text.substr(start, comma - start);
        const size_t first = item.find_first_not_of(' ');
        const size_t last = item.find_last_not_of(' ');
        if (first != std::string::npos)
            items.push_back(item.substr(first, last - first + 1));
        start = comma + 1;
    }
    return items;
}

}  // namespace facellava::cli
