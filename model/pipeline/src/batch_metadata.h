// metadata.json of a batch job: what was run, with which models and
// settings, how long it took and what became of each input.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "facellava/pipeline/batch.h"

namespace facellava::pipeline {

struct BatchTimes {
    std::string started_utc;  // ISO 8601, e.g. "2025-01-31T12:00:00Z"
    std::string finished_utc;
    double wall_s = 0;
};

// Hashes every model file (sha256), so this takes about a second per GB.
nlohmann::ordered_json batch_metadata(const BatchOptions& options, const AnalysisModels& models,
                                      const BatchResult& result, const BatchTimes& times,
                                      const std::string& input_root);

// The first key ("a.b.c") whose value differs between two JSON documents, ""
// when they are equal, "(all)" when they differ at the top and are no objects:
// for messages that say which setting differs.
std::string first_difference(const nlohmann::json& a, const nlohmann::json& b,
                             const std::string& prefix = {});

// The current time as ISO 8601 UTC.
std::string utc_now();

}  // namespace facellava::pipeline
