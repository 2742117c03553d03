// Typed access to config.json values with errors that name the file and key.
// Used by every …HParams::from_json parser so a wrong or missing value tells
// the user exactly what to fix.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "facellava/core/error.h"

namespace facellava::io {

using Json = nlohmann::json;

// Parses a JSON file with the limits of facellava/core/json_limits.h (size,
// depth, string length); throws facellava::Error naming the file on any problem.
Json read_json_file(const std::string& path);

class JsonConfig {
public:
    JsonConfig(const Json& json, std::string source)
        : json_(json), source_(std::move(source)), asked_(std::make_shared<std::set<std::string>>()) {}

    const Json& raw() const { return json_; }
    const std::string& source() const { return source_; }
    bool has(const std::string& key) const {
        asked_->insert(key);
        return json_.is_object() && json_.contains(key) && !json_.at(key).is_null();
    }
    // Top-level keys no parser has asked for: what the engine ignores
    // (`facellava checkpoint inspect` lists them).
    std::vector<std::string> unasked_keys() const {
        std::vector<std::string> keys;
        if (json_.is_object())
            for (const auto& item : json_.items())
                if (!asked_->count(item.key())) keys.push_back(item.key());
        return keys;
    }

    // Required value of type T; throws when absent or of the wrong type.
    template <typename T>
    T get(const std::string& key) const {
        if (!has(key)) throw Error("config key '" + key + "' is missing", source_, "use a checkpoint whose config.json has it");
        return convert<T>(key, json_.at(key));
    }
    // Optional value with a default.
    template <typename T>
    T get_or(const std::string& key, const T& fallback) const {
        return has(key) ? convert<T>(key, json_.at(key)) : fallback;
    }
    // Nested object (e.g. "image_tower_config", "rope_parameters").
    JsonConfig child(const std::string& key) const {
        if (!has(key) || !json_.at(key).is_object())
            throw Error("config key '" + key + "' is missing or not an object", source_, "check the checkpoint's config.json");
        return JsonConfig(json_.at(key), source_ + "#" + key);
    }
    [[noreturn]] void fail(const std::string& key, const std::string& why) const {
        throw Error("config key '" + key + "': " + why, source_, "check the checkpoint's config.json");
    }

private:
    template <typename T>
    T convert(const std::string& key, const Json& value) const {
        try {
            if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
                if (!value.is_number_integer()) fail(key, "expected an integer, got " + value.dump());
            } else if constexpr (std::is_floating_point_v<T>) {
                if (!value.is_number()) fail(key, "expected a number, got " + value.dump());
            } else if constexpr (std::is_same_v<T, bool>) {
                if (!value.is_boolean()) fail(key, "expected true/false, got " + value.dump());
            } else if constexpr (std::is_same_v<T, std::string>) {
                if (!value.is_string()) fail(key, "expected a string, got " + value.dump());
            }
            return value.get<T>();
        } catch (const nlohmann::json::exception& e) {
            fail(key, e.what());
        }
    }

    Json json_;  // a copy: configs are small and children must outlive their parent
    std::string source_;
    std::shared_ptr<std::set<std::string>> asked_;  // keys looked up, shared by copies
};

}  // namespace facellava::io
