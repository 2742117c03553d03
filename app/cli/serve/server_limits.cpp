#include "server_limits.h"

#include "connection_probe.h"

namespace facellava::cli::serve {

Admission::~Admission() {
    if (gate_)
        gate_->leave(slot_);
}

AdmissionGate::AdmissionGate(int parallel, int queue) : capacity_(parallel + queue) {
    for (int slot = parallel - 1; slot >= 0; --slot)
        free_slots_.push_back(slot);
}

std::optional<Admission> AdmissionGate::enter(Clock::time_point deadline,
                                              const std::atomic<bool>* cancel, Refusal& refusal) {
    std::unique_lock<std::mutex> lock(mutex_);
    refusal = Refusal::None;
    if (admitted_ >= capacity_) {
        refusal = Refusal::QueueFull;
        return std::nullopt;
    }
    ++admitted_;
    // Short waits so a cancel flag set elsewhere (shutdown) is seen promptly.
    while (free_slots_.empty()) {
        if (cancel && cancel->load()) {
            refusal = Refusal::Cancelled;
        } else if (Clock::now() >= deadline) {
            refusal = Refusal::Timeout;
        }
        if (refusal != Refusal::None) {
            --admitted_;
            return std::nullopt;
        }
        freed_.wait_for(lock, std::chrono::milliseconds(50));
    }
    const int slot = free_slots_.back();
    free_slots_.pop_back();
    return Admission(this, slot);
}

int AdmissionGate::in_flight() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return admitted_;
}

void AdmissionGate::leave(int slot) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        free_slots_.push_back(slot);
        --admitted_;
    }
    freed_.notify_one();
}

Watchdog::Watchdog() : thread_([this] { loop(); }) {}

Watchdog::~Watchdog() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

Watchdog::Handle Watchdog::watch(std::atomic<bool>* cancel, Clock::time_point deadline,
                                 int client_fd) {
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.push_back({cancel, deadline, client_fd, {}});
    return std::prev(entries_.end());
}

Watchdog::Outcome Watchdog::unwatch(Handle handle) {
    std::lock_guard<std::mutex> lock(mutex_);
    const Outcome outcome = handle->outcome;
    entries_.erase(handle);
    return outcome;
}

void Watchdog::cancel_all() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& entry : entries_)
        entry.cancel->store(true);
}

void Watchdog::loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
        const auto now = Clock::now();
        for (auto& entry : entries_) {
            if (!entry.outcome.timed_out && now >= entry.deadline) {
                entry.outcome.timed_out = true;
                entry.cancel->store(true);
            }
            // A non-blocking peek per request: microseconds, under the lock.
            if (!entry.outcome.client_gone && peer_closed(entry.client_fd)) {
                entry.outcome.client_gone = true;
                entry.cancel->store(true);
            }
        }
        // A tenth of a second is far below any sensible --request-timeout-s,
        // and frees a departed client's worker slot soon enough.
        wake_.wait_for(lock, std::chrono::milliseconds(100));
    }
}

}  // namespace facellava::cli::serve
