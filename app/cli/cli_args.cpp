#include "cli_args.h"

#include <algorithm>
#include <sstream>

namespace facellava::cli {

bool ParsedArgs::flag(const std::string& name) const {
    return values_.count(name) != 0;
}
bool ParsedArgs::has(const std::string& name) const {
    return values_.count(name) != 0;
}

std::string ParsedArgs::value(const std::string& name) const {
    auto it = values_.find(name);
    if (it != values_.end() && !it->second.empty())
        return it->second.back();
    auto fallback = defaults_.find(name);
    return fallback == defaults_.end() ? std::string() : fallback->second;
}

std::vector<std::string> ParsedArgs::values(const std::string& name) const {
    auto it = values_.find(name);
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
    throw UsageError("--" + name + " expects an integer, got '" + text + "'");
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
    throw UsageError("--" + name + " expects a number, got '" + text + "'");
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
        out << "  --" << o.name << (o.value_name.empty() ? "" : " " + o.value_name) << "\n      "
            << o.help;
        if (!o.default_value.empty())
            out << " (default: " << o.default_value << ")";
        if (o.repeatable)
            out << " (repeatable)";
        out << "\n";
    }
    out << "  --help\n      Show this help and exit.\n";
    out << "\nExit codes: 0 success, 1 failure (the message says what failed and what to do), "
           "2 bad command line.\n";
    return out.str();
}

ParsedArgs CommandSpec::parse(const std::vector<std::string>& args) const {
    ParsedArgs parsed;
    for (const auto& o : options_) {
        if (!o.value_name.empty() && !o.default_value.empty())
            parsed.defaults_[o.name] = o.default_value;
    }
    bool options_done = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (!options_done && arg == "--") {
            options_done = true;
            continue;
        }
        if (options_done || arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
            parsed.positionals_.push_back(arg);
            continue;
        }
        std::string name = arg.substr(2);
        std::string inline_value;
        bool has_inline = false;
        if (auto eq = name.find('='); eq != std::string::npos) {
            inline_value = name.substr(eq + 1);
            name = name.substr(0, eq);
            has_inline = true;
        }
        const OptionSpec* spec = nullptr;
        for (const auto& o : options_) {
            if (o.name == name)
                spec = &o;
        }
        if (!spec)
            throw UsageError("unknown option --" + name + " for '" + name_ + "'");
        auto& slot = parsed.values_[name];
        if (spec->value_name.empty()) {
            if (has_inline)
                throw UsageError("--" + name + " takes no value");
            slot.push_back("1");
        } else {
            if (!has_inline) {
                if (i + 1 >= args.size())
                    throw UsageError("--" + name + " needs a value (" + spec->value_name + ")");
                inline_value = args[++i];
            }
            if (!spec->repeatable && !slot.empty())
                throw UsageError("--" + name + " given twice");
            slot.push_back(inline_value);
        }
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
