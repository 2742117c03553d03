#include "server_limits.h"

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

Watchdog::Handle Watchdog::watch(std::atomic<bool>* cancel, Clock::time_point deadline) {
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.push_back({cancel, deadline});
    return std::prev(entries_.end());
}

bool Watchdog::unwatch(Handle handle) {
    std::lock_guard<std::mutex> lock(mutex_);
    const bool timed_out = handle->timed_out;
    entries_.erase(handle);
    return timed_out;
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
            if (!entry.timed_out && now >= entry.deadline) {
                entry.timed_out = true;
                entry.cancel->store(true);
            }
        }
        // A tenth of a second is far below any sensible --request-timeout-s.
        wake_.wait_for(lock, std::chrono::milliseconds(100));
    }
}

}  // namespace facellava::cli::serve
