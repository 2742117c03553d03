// Inputs of the media suites (perception, batch), made in a temporary folder
// that is removed again: the face-api demo photos and a 720p video panning over
// one of them, so every frame has faces that move.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "facellava/core/error.h"

namespace facellava::model::bench {

// A fresh folder under the system's temporary folder, removed with its
// contents when this goes out of scope. Throws facellava::Error when it
// cannot be made.
class TempFolder {
  public:
    explicit TempFolder(const std::string& tag);
    ~TempFolder();
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

// The demo photos the assets hold (throws naming the set-up command when missing).
std::vector<std::string> bench_photos();

// A width × height MPEG-4 video of `frames` frames at 25 fps: the first demo
// photo (three faces) scaled to the width, a window moving down 1 px a frame.
void write_pan_video(const std::string& path, int width, int height, int frames);

// Peak resident memory of this process so far (bytes; 0 when unknown).
double peak_rss_bytes();

// Wall-clock helpers of the media suites: CPU-only work, so no device
// synchronisation (bench_timer.h has the device-aware one).
using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Median of repeated runs (robust to one slow run on a shared machine).
inline double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values.empty() ? 0.0 : values[values.size() / 2];
}

inline void check_cancel(const std::atomic<bool>* cancel) {
    if (cancel && cancel->load())
        throw Error("benchmark cancelled", "", "");
}

}  // namespace facellava::model::bench
