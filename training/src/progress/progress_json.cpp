#include "facellava/training/progress_json.h"

#include <nlohmann/json.hpp>

#include <unistd.h>
#include <algorithm>
#include <ostream>

#include "facellava/core/error.h"

namespace facellava::training {
namespace {

using Json = nlohmann::ordered_json;  // schema, event and rank first, as written

// Every line starts with the same three keys, in this order.
Json event_line(const char* event, int rank) {
    Json j = Json::object();
    j["schema"] = kProgressSchema;
    j["event"] = event;
    j["rank"] = rank;
    return j;
}

// One line of text. Invalid UTF-8 (a file name from disk, a message quoting
// one) must not make the line unreadable or throw: such bytes are replaced.
std::string dump_line(const Json& j) {
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// A path, or null when there is none.
Json path_or_null(const std::string& path) {
    return path.empty() ? Json(nullptr) : Json(path);
}

const char* phase_name(TrainProgress::Phase phase) {
    switch (phase) {
        case TrainProgress::Phase::Preparing:
            return "preparing";
        case TrainProgress::Phase::Training:
            return "training";
        case TrainProgress::Phase::Evaluating:
            return "evaluating";
        case TrainProgress::Phase::Saving:
            return "saving";
        case TrainProgress::Phase::Finished:
            return "finished";
    }
    return "training";
}

}  // namespace

ProgressJsonWriter::ProgressJsonWriter(std::ostream& out, int rank, int world_size)
    : out_(out), rank_(rank), world_size_(world_size) {}

void ProgressJsonWriter::write_line(const std::string& line) {
    std::lock_guard<std::mutex> lock(mutex_);
    out_ << line << '\n';
    out_.flush();  // a reader sees each event as it happens, not when a buffer fills
}

void ProgressJsonWriter::start(const TrainConfig& config) {
    Json j = event_line("start", rank_);
    j["world_size"] = world_size_;
    j["pid"] = static_cast<int64_t>(::getpid());
    j["output_dir"] = config.checkpoint.output_dir;
    j["stage"] = stage_name(config.stage);
    j["device"] = config.model.device;
    j["resume_from"] = config.checkpoint.resume_from;
    write_line(dump_line(j));
}

void ProgressJsonWriter::progress(const TrainProgress& p) {
    using Phase = TrainProgress::Phase;
    if (!p.eval.empty()) {
        Json j = event_line("eval", rank_);
        j["step"] = p.step;
        const auto loss = p.eval.find("eval_loss");
        j["eval_loss"] = loss != p.eval.end() ? Json(loss->second) : Json(nullptr);
        j["metrics"] = Json::object();
        for (const auto& [name, value] : p.eval) {
            if (name != "eval_loss")
                j["metrics"][name] = value;
        }
        write_line(dump_line(j));
        return;
    }
    if (p.phase == Phase::Training) {
        if (p.step <= last_step_ || p.step <= 0)
            return;  // not a new optimiser step (a report after an evaluation or a save)
        if (p.epoch != epoch_) {
            Json e = event_line("epoch", rank_);
            e["epoch"] = p.epoch;
            e["step"] = p.step - 1;  // steps done when the epoch began
            write_line(dump_line(e));
            epoch_ = p.epoch;
        }
        last_step_ = p.step;
        total_steps_ = p.total_steps;
        Json j = event_line("step", rank_);
        j["step"] = p.step;
        j["total_steps"] = p.total_steps;
        j["epoch"] = p.epoch;
        j["loss"] = p.loss;  // NaN and infinities are written as null
        j["lr"] = p.learning_rate;
        j["grad_norm"] = p.grad_norm;
        j["tokens_per_s"] = p.tokens_per_s;
        j["memory_bytes"] = p.memory_bytes;
        j["elapsed_s"] = p.elapsed_s;
        j["eta_s"] = p.eta_s;
        write_line(dump_line(j));
        return;
    }
    if (p.phase == Phase::Finished || p.message.empty())
        return;  // the outcome is the done event
    Json j = event_line("status", rank_);
    j["phase"] = phase_name(p.phase);
    j["step"] = p.step;
    j["message"] = p.message;
    write_line(dump_line(j));
}

void ProgressJsonWriter::checkpoint(const CheckpointSaved& saved) {
    Json j = event_line("checkpoint", rank_);
    j["step"] = saved.step;
    j["path"] = saved.dir;
    j["reason"] = saved.reason;
    write_line(dump_line(j));
}

void ProgressJsonWriter::done(const TrainResult& result) {
    Json j = event_line("done", rank_);
    j["outcome"] = result.cancelled ? "cancelled" : "finished";
    j["steps_done"] = result.steps_done;
    j["total_steps"] = total_steps_;
    j["final_loss"] = result.final_loss;
    j["checkpoint"] = path_or_null(result.last_checkpoint);
    j["model_dir"] = path_or_null(result.final_model_dir);
    j["eval"] = Json::object();
    for (const auto& [name, value] : result.last_eval)
        j["eval"][name] = value;
    write_line(dump_line(j));
}

void ProgressJsonWriter::error(const std::exception& failure) {
    if (const auto* e = dynamic_cast<const Error*>(&failure)) {
        error(e->brief(), e->path(), e->hint());
        return;
    }
    error(failure.what(), {}, {});
}

void ProgressJsonWriter::error(const std::string& message, const std::string& path,
                               const std::string& hint) {
    Json j = event_line("error", rank_);
    j["outcome"] = "failed";
    j["step"] = std::max<int64_t>(last_step_, 0);
    j["error"] = {{"message", message}, {"path", path}, {"hint", hint}};
    write_line(dump_line(j));
}

}  // namespace facellava::training
