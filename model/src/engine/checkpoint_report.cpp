// inspect_checkpoint_folder: the engine's own resolution (checkpoint_assembly)
// described, never a second copy of its rules.
#include "facellava/model/checkpoint_report.h"

#include <nlohmann/json.hpp>

#include <set>
#include <sstream>

#include "engine/checkpoint_assembly.h"
#include "engine/facellava_hparams.h"
#include "engine/trained_tasks_config.h"
#include "facellava/core/error.h"
#include "quant/llm_quantization.h"
#include "runtime/device_choice.h"

namespace facellava::model {
namespace {

// Keys the engine reads outside the hparams parsers.
constexpr const char* kReadElsewhere[] = {
    "mm_image_tower", "mm_video_tower", "facellava_model_name", "facellava_demo", kTrainedTasksKey};

void count_into(CheckpointPart& part, const io::LazyStateDict& dict) {
    for (const auto& [name, tensor] : dict) {
        ++part.tensors;
        ++part.dtypes[dtype_name(tensor.dtype)];
        part.stored_bytes += tensor.stored_bytes();
        if (c10::isFloatingType(tensor.dtype))
            part.parameters += tensor.numel();
    }
}

std::string human_bytes(int64_t bytes) {
    std::ostringstream out;
    out.precision(bytes >= (int64_t(1) << 30) ? 3 : 4);
    if (bytes >= (int64_t(1) << 30))
        out << double(bytes) / double(int64_t(1) << 30) << " GiB";
    else
        out << double(bytes) / double(1 << 20) << " MiB";
    return out.str();
}

CheckpointPart tower_part(const ResolvedTower& tower, io::LazyStateDict& main) {
    CheckpointPart part;
    part.name = tower.part + " tower";
    part.wanted = tower.wanted;
    part.found = tower.wanted && tower.found();
    part.origin = tower.origin;
    part.hub_id = tower.hub_id;
    part.config_origin = tower.config_origin;
    part.looked_in = tower.looked_in;
    if (!tower.wanted || tower.faceapi)
        return part;
    if (!part.found)
        part.fix = tower.fix();
    io::LazyStateDict weights;
    try {
        weights = take_tower_weights(tower, main, &part.skipped);
        part.location = tower.origin == "embedded"
                            ? "main checkpoint, " + tower.embedded_prefix + "*"
                            : tower.weights;
    } catch (const Error& e) {
        part.found = false;
        part.fix = std::string(e.what()) + "; " + e.hint();
    }
    count_into(part, weights);
    return part;
}

// The main weights as the model holds them: the LLM's quantizable linear
// layers as (rows, cols), every other floating element counted. A quantized
// checkpoint's codes give the float shape back (an int4 byte holds two
// inputs; LLaMA's widths are even), its scales and zero points are no
// weights of their own.
struct MainShapes {
    std::vector<std::pair<int64_t, int64_t>> linears;
    int64_t other_elements = 0;
    int64_t linear_elements() const {
        int64_t n = 0;
        for (const auto& [rows, cols] : linears)
            n += rows * cols;
        return n;
    }
};

MainShapes main_shapes(const io::LazyStateDict& main,
                       const std::optional<quant::QuantScheme>& stored) {
    MainShapes shapes;
    std::set<std::string> side_tensors;
    for (const auto& [key, t] : main) {
        if (!quant::is_quantizable_llm_key(key) || t.shape.size() != 2)
            continue;
        const int64_t cols = stored && stored->bits == 4 ? 2 * t.shape[1] : t.shape[1];
        shapes.linears.emplace_back(t.shape[0], cols);
        if (stored) {
            side_tensors.insert(quant::scale_key(key));
            side_tensors.insert(quant::zero_key(key));
        }
    }
    for (const auto& [key, t] : main) {
        const bool linear = quant::is_quantizable_llm_key(key) && t.shape.size() == 2;
        if (!linear && !side_tensors.count(key) && c10::isFloatingType(t.dtype))
            shapes.other_elements += t.numel();
    }
    return shapes;
}

// Bytes of the weights with the LLM's linears quantized by `scheme` and
// everything else in 16 bits.
int64_t quantized_bytes(const MainShapes& main, int64_t tower_parameters,
                        const quant::QuantScheme& scheme) {
    int64_t bytes = 2 * (main.other_elements + tower_parameters);
    for (const auto& [rows, cols] : main.linears)
        bytes += rows * scheme.row_bytes(cols);
    return bytes;
}

}  // namespace

CheckpointReport inspect_checkpoint_folder(const std::string& dir, const TowerLocations& towers) {
    AssembledCheckpoint c = assemble_checkpoint(dir, towers);
    CheckpointReport report;
    report.dir = dir;
    for (const auto& problem : c.problems)
        report.problems.push_back(problem.what());

    CheckpointPart main;
    main.name = "main weights";
    main.wanted = true;
    main.origin = "checkpoint";
    main.location = dir;
    main.looked_in = c.main_files;
    // Towers first: embedded tower weights are counted as theirs, not main's.
    CheckpointPart image = tower_part(c.image, c.main);
    CheckpointPart video = tower_part(c.video, c.main);
    count_into(main, c.main);
    main.found = main.tensors > 0;
    std::optional<quant::QuantScheme> stored;
    try {
        if (!c.main_files.empty())
            stored = quant::stored_scheme(c.main_files);
    } catch (const Error& e) {
        report.problems.push_back(std::string(e.what()) + " (" + e.hint() + ")");
    }
    if (stored)
        report.quantization = stored->name();
    const MainShapes shapes = main_shapes(c.main, stored);
    // Quantized codes are integers: count the float weights they stand for.
    main.parameters = shapes.other_elements + shapes.linear_elements();
    report.parts = {main, image, video};

    // The config as the engine parses it: its errors are problems, the keys
    // no parser asked for are ignored.
    io::JsonConfig config(c.config, c.config_path);
    try {
        const LlamaHParams llm = FaceLlavaHParams::from_json(config).llm;
        // K and V of every layer, 16 bits each.
        report.kv_cache_bytes = 2 * llm.num_hidden_layers * llm.num_key_value_heads * llm.head_dim *
                                report.kv_cache_tokens * 2;
    } catch (const Error& e) {
        report.problems.push_back(std::string(e.what()) + " (" + e.hint() + ")");
    }
    try {
        const TrainedTasks tasks = trained_tasks_from_config(c.config, c.config_path);
        report.tasks = tasks.names;
        report.tasks_listed = tasks.listed;
    } catch (const Error& e) {
        report.problems.push_back(e.what());  // its hint is already part of what()
    }
    for (const char* key : kReadElsewhere)
        (void)config.has(key);
    report.unknown_config_keys = config.unasked_keys();

    int64_t parameters = 0;
    for (const auto& part : report.parts)
        parameters += part.parameters;
    for (const auto& [name, bytes] :
         {std::pair<const char*, int64_t>{"float32", 4}, {"bfloat16", 2}, {"float16", 2}})
        report.memory.push_back({name, parameters * bytes});
    const int64_t tower_parameters = image.parameters + video.parameters;
    report.memory.push_back(
        {"int8", quantized_bytes(shapes, tower_parameters, quant::parse_scheme("int8"))});
    report.memory.push_back(
        {"int4-g128", quantized_bytes(shapes, tower_parameters, quant::parse_scheme("int4", 128))});
    return report;
}

std::string CheckpointReport::describe() const {
    std::ostringstream out;
    out << "checkpoint: " << dir << "\n";
    for (const auto& part : parts) {
        out << "\n" << part.name << ": ";
        if (!part.wanted) {
            out << "not used by this checkpoint\n";
            continue;
        }
        out << (part.found ? "found" : "MISSING");
        if (!part.origin.empty())
            out << " (" << part.origin << ")";
        out << "\n";
        if (!part.hub_id.empty())
            out << "  name in config.json: " << part.hub_id << "\n";
        if (!part.location.empty())
            out << "  weights: " << part.location << "\n";
        if (!part.config_origin.empty())
            out << "  architecture: " << part.config_origin << "\n";
        if (part.tensors > 0) {
            out << "  tensors: " << part.tensors << ", parameters: " << part.parameters
                << ", stored: " << human_bytes(part.stored_bytes) << " (";
            bool first = true;
            for (const auto& [dtype, count] : part.dtypes) {
                out << (first ? "" : ", ") << dtype << " ×" << count;
                first = false;
            }
            out << ")\n";
        }
        if (!part.skipped.empty())
            out << "  skipped (unused by the engine): " << part.skipped.size() << " keys, e.g. "
                << part.skipped.front() << "\n";
        if (!part.found || part.name != "main weights") {
            out << "  looked in:\n";
            for (const auto& place : part.looked_in)
                out << "    " << place << "\n";
        }
        if (!part.fix.empty())
            out << "  fix: " << part.fix << "\n";
    }
    if (!quantization.empty())
        out << "\nstored quantized: " << quantization
            << " (the LLM's linear layers; the towers as stored)\n";
    out << "\nmemory for the weights (LLM + towers):";
    for (const auto& m : memory)
        out << "  " << m.precision << " " << human_bytes(m.bytes);
    out << "\n  (int8, int4: the LLM's linear layers quantized, the rest 16-bit)\n";
    if (kv_cache_bytes > 0)
        out << "  plus the KV cache: " << human_bytes(kv_cache_bytes) << " for " << kv_cache_tokens
            << " tokens at 16 bits\n";
    if (tasks_listed || !tasks.empty()) {  // neither: config.json did not parse (see problems)
        std::string names;
        for (const auto& task : tasks)
            names += (names.empty() ? "" : ", ") + task;
        out << "trained for: " << (names.empty() ? "no listed task" : names)
            << (tasks_listed ? " (config.json facellava_tasks)"
                             : " (the paper's tasks: config.json has no facellava_tasks)")
            << "\n";
    }
    if (!unknown_config_keys.empty()) {
        out << "config.json keys the engine ignores:";
        for (const auto& key : unknown_config_keys)
            out << " " << key;
        out << "\n";
    }
    if (problems.empty()) {
        out << "\nloadable: yes\n";
    } else {
        out << "\nloadable: NO\n";
        for (const auto& problem : problems)
            out << "- " << problem << "\n";
    }
    return out.str();
}

std::string CheckpointReport::to_json() const {
    nlohmann::json j;
    j["dir"] = dir;
    j["loadable"] = loadable();
    j["parts"] = nlohmann::json::array();
    for (const auto& p : parts) {
        j["parts"].push_back({{"name", p.name},
                              {"wanted", p.wanted},
                              {"found", p.found},
                              {"origin", p.origin},
                              {"location", p.location},
                              {"hub_id", p.hub_id},
                              {"config_origin", p.config_origin},
                              {"dtypes", p.dtypes},
                              {"tensors", p.tensors},
                              {"parameters", p.parameters},
                              {"stored_bytes", p.stored_bytes},
                              {"skipped", p.skipped},
                              {"looked_in", p.looked_in},
                              {"fix", p.fix}});
    }
    j["memory"] = nlohmann::json::object();
    for (const auto& m : memory)
        j["memory"][m.precision] = m.bytes;
    j["kv_cache"] = {{"tokens", kv_cache_tokens}, {"bits", 16}, {"bytes", kv_cache_bytes}};
    j["quantization"] = quantization.empty() ? nlohmann::json() : nlohmann::json(quantization);
    j["unknown_config_keys"] = unknown_config_keys;
    j["tasks"] = tasks;
    j["tasks_listed"] = tasks_listed;
    j["problems"] = problems;
    return j.dump(2);
}

}  // namespace facellava::model
