// metrics.jsonl: one JSON object per line — training lines {"step", "epoch",
// "loss", "lr", "grad_norm", "tokens_per_s", "memory_bytes", "elapsed_s",
// "eta_s"} and evaluation lines {"step", "eval_loss", "eval": {...}}. The GUI
// tails this file to draw its charts. Each line is flushed when written.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <fstream>
#include <string>

namespace facellava::training {

class MetricsLog {
  public:
    // resume_step < 0: a fresh run, the file starts empty. Otherwise lines of
    // steps after resume_step (written by the interrupted run after its last
    // checkpoint) are dropped, so the curve has no duplicates.
    MetricsLog(std::string path, int64_t resume_step);
    void write(const nlohmann::json& line);
    const std::string& path() const { return path_; }

  private:
    std::string path_;
    std::ofstream out_;
};

}  // namespace facellava::training
