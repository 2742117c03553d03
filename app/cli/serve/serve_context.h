// What every endpoint of `facellava serve` shares: the models (loaded once,
// after the server starts listening, so /health can say "loading"), the
// limits, the admission gate and the watchdog. RequestScope is one request's
// time in the server: its cancel flag, its deadline, its worker slot and the
// client connection the watchdog checks.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "face_input.h"
#include "facellava/model/engine.h"
#include "facellava/pipeline/analysis_models.h"
#include "facellava/pipeline/analysis_options.h"
#include "server_limits.h"

namespace facellava::cli::serve {

struct ServeContext {
    ServeLimits limits;
    std::string media_root;  // "" : local paths refused
    std::string api_key;     // "" : no authentication (loopback only)
    std::string model_id;    // the checkpoint folder's name
    pipeline::AnalysisOptions analysis_options;
    // Set before `ready` turns true, read-only afterwards.
    pipeline::AnalysisModels models;
    std::unique_ptr<FaceInputs> faces;
    std::atomic<bool> ready{false};
    std::atomic<bool> stopping{false};
    std::unique_ptr<AdmissionGate> gate;
    Watchdog watchdog;

    const model::FaceLlavaEngine& engine() const { return *models.engine; }
};

class RequestScope {
  public:
    // Throws ApiError 503 (model not loaded yet, or shutting down), 429
    // (queue full), 504 (no slot before the deadline), 499 (the client left
    // while waiting). `client_fd`: the request's socket (connection_probe.h),
    // open as long as this scope; -1: not checked.
    explicit RequestScope(ServeContext& context, int client_fd = -1);
    ~RequestScope();
    RequestScope(const RequestScope&) = delete;
    RequestScope& operator=(const RequestScope&) = delete;

    int slot() const { return admission_->slot(); }
    std::atomic<bool>* cancel() { return &cancel_; }
    // After the work: throws ApiError 504 when it ran past its deadline
    // (stopped by the watchdog or not), 503 when shutdown stopped it.
    void check_not_cut_short();
    // After check_not_cut_short(): the client's connection closed, so the
    // watchdog stopped the work and nobody reads the answer.
    bool client_gone() const { return client_gone_; }

  private:
    ServeContext& context_;
    std::atomic<bool> cancel_{false};
    Clock::time_point deadline_;
    Watchdog::Handle watch_;
    bool watching_ = true;
    bool client_gone_ = false;
    std::optional<Admission> admission_;
};

}  // namespace facellava::cli::serve
