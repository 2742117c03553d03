// What `facellava serve` lets one request ask for, and how many run at once.
// Requests beyond --parallel wait in a bounded queue; beyond the queue they
// are refused at once (429), so a burst cannot pile up threads or memory.
// A watchdog cancels what runs past --request-timeout-s, what a client left
// (its connection closed), and everything when the server stops (Ctrl-C).
//
// Thread-safety: AdmissionGate and Watchdog are used by every HTTP thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace facellava::cli::serve {

struct ServeLimits {
    int64_t max_body_bytes = int64_t(32) << 20;
    int64_t max_image_pixels = 40'000'000;
    int max_frames = 32;  // images of one request (a video's frames)
    int max_tokens = 512;
    double request_timeout_s = 300;
    int parallel = 2;  // requests the model works on at once
    int queue = 16;    // requests waiting for one of them
};

using Clock = std::chrono::steady_clock;

class AdmissionGate;

// A worker slot while held: slot() indexes per-worker state (face detectors).
class Admission {
  public:
    Admission(Admission&& other) noexcept : gate_(other.gate_), slot_(other.slot_) {
        other.gate_ = nullptr;
    }
    Admission(const Admission&) = delete;
    Admission& operator=(const Admission&) = delete;
    ~Admission();
    int slot() const { return slot_; }

  private:
    friend class AdmissionGate;
    Admission(AdmissionGate* gate, int slot) : gate_(gate), slot_(slot) {}
    AdmissionGate* gate_;
    int slot_;
};

class AdmissionGate {
  public:
    AdmissionGate(int parallel, int queue);
    enum class Refusal { None, QueueFull, Timeout, Cancelled };
    // Waits for a free slot until `deadline` or `cancel`; `refusal` says why
    // none came (QueueFull at once when parallel + queue requests are in).
    std::optional<Admission> enter(Clock::time_point deadline, const std::atomic<bool>* cancel,
                                   Refusal& refusal);
    int in_flight() const;

  private:
    friend class Admission;
    void leave(int slot);
    mutable std::mutex mutex_;
    std::condition_variable freed_;
    int capacity_;
    int admitted_ = 0;  // running + waiting
    std::vector<int> free_slots_;
};

// Sets a request's cancel flag when its deadline passes or its client's
// connection closes (checked every 100 ms), and every flag on cancel_all()
// (shutdown).
class Watchdog {
  public:
    Watchdog();
    ~Watchdog();
    // Why the watchdog cancelled a request, if it did.
    struct Outcome {
        bool timed_out = false;
        bool client_gone = false;
    };
    struct Entry {
        std::atomic<bool>* cancel;
        Clock::time_point deadline;
        int client_fd;  // the request's connection (connection_probe.h); -1: not probed
        Outcome outcome;
    };
    using Handle = std::list<Entry>::iterator;
    // `client_fd` must stay open until unwatch().
    Handle watch(std::atomic<bool>* cancel, Clock::time_point deadline, int client_fd = -1);
    Outcome unwatch(Handle handle);  // stops watching
    void cancel_all();

  private:
    void loop();
    std::mutex mutex_;
    std::condition_variable wake_;
    std::list<Entry> entries_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace facellava::cli::serve
