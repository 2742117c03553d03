#include "models/train_command.h"

#include <QRegularExpression>
#include <algorithm>
#include <nlohmann/json.hpp>

namespace facellava::ui {
namespace {

using Json = nlohmann::json;

const Json* find_dotted(const Json& root, const std::string& key) {
    const Json* node = &root;
    size_t begin = 0;
    while (true) {
        const size_t dot = key.find('.', begin);
        const std::string part = key.substr(begin, dot == std::string::npos ? dot : dot - begin);
        if (!node->is_object() || !node->contains(part))
            return nullptr;
        node = &(*node)[part];
        if (dot == std::string::npos)
            return node;
        begin = dot + 1;
    }
}

// The flag text of a config value, or nullopt when a flag cannot carry it.
std::optional<std::string> flag_text(const Json& value) {
    if (value.is_string()) {
        // The CLI reads an empty flag value as "use the default".
        const auto text = value.get<std::string>();
        return text.empty() ? std::nullopt : std::optional<std::string>(text);
    }
    if (value.is_boolean())
        return value.get<bool>() ? "true" : "false";
    if (value.is_number())
        return value.dump();
    if (value.is_array()) {
        std::string out;
        for (const auto& item : value) {
            const std::string text = item.is_string() ? item.get<std::string>() : item.dump();
            // Items are split at commas and trimmed.
            if (text.empty() || text.find(',') != std::string::npos || text.front() == ' ' ||
                text.back() == ' ')
                return std::nullopt;
            out += (out.empty() ? "" : ",") + text;
        }
        return out.empty() ? std::nullopt : std::optional<std::string>(out);
    }
    if (value.is_object()) {
        std::string out;
        for (const auto& [k, v] : value.items()) {
            const std::string text = v.is_string() ? v.get<std::string>() : v.dump();
            if (k.empty() || k.find_first_of("=,") != std::string::npos ||
                text.find(',') != std::string::npos)
                return std::nullopt;
            out += (out.empty() ? "" : ",") + k + "=" + text;
        }
        return out.empty() ? std::nullopt : std::optional<std::string>(out);
    }
    return std::nullopt;
}

}  // namespace

TrainCommand build_train_command(const training::TrainConfig& config, int nproc,
                                 const QString& config_file) {
    const Json values = Json::parse(training::train_config_to_json(config));
    const Json defaults = Json::parse(training::train_config_to_json(training::TrainConfig{}));
    TrainCommand command;
    command.arguments << QStringLiteral("train");
    bool expressible = true;
    QStringList flags;
    for (const auto& field : training::train_config_fields()) {
        const Json* value = find_dotted(values, field.key);
        const Json* fallback = find_dotted(defaults, field.key);
        if (value == nullptr || (fallback != nullptr && *value == *fallback))
            continue;
        const auto text = flag_text(*value);
        if (!text) {
            expressible = false;
            break;
        }
        flags << QStringLiteral("--") + QString::fromStdString(field.flag)
              << QString::fromStdString(*text);
    }
    if (expressible) {
        command.arguments << flags;
    } else {
        command.uses_config_file = true;
        command.config_file = config_file;
        command.arguments << QStringLiteral("--config") << config_file;
    }
    const auto& fields = training::train_config_fields();
    const bool config_has_nproc =
        std::any_of(fields.begin(), fields.end(), [](const auto& f) { return f.key == "nproc"; });
    if (nproc > 1 && !config_has_nproc)
        command.arguments << QStringLiteral("--nproc") << QString::number(nproc);
    return command;
}

QString shell_quote(const QString& argument) {
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_@%+=:,./-]+$"));
    if (plain.match(argument).hasMatch())
        return argument;
    QString quoted = argument;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString shell_command(const QString& program, const QStringList& arguments, bool multiline) {
    QString out = shell_quote(program);
    for (int i = 0; i < arguments.size(); ++i) {
        const bool option = arguments[i].startsWith(QStringLiteral("--"));
        out += multiline && option ? QStringLiteral(" \\\n  ") : QStringLiteral(" ");
        out += shell_quote(arguments[i]);
    }
    return out;
}

}  // namespace facellava::ui
