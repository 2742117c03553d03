// A one-line progress bar with ETA on stderr for long CLI jobs. On a terminal
// it redraws in place (at most 10 times a second); when stderr is a file or
// pipe it prints a plain line every 10 seconds instead, so logs stay readable.
#pragma once

#include <chrono>
#include <string>

namespace facellava::cli {

class ProgressBar {
  public:
    ProgressBar();
    // fraction 0…1; eta_s < 0 when unknown; detail e.g. "3/10 files  clip.mp4".
    void update(double fraction, double eta_s, const std::string& detail);
    // Ends the line (terminal only).
    void finish();

  private:
    bool tty_ = false;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point last_;
};

// "1:02:03" / "02:03" for a duration in seconds; "--:--" when negative.
std::string format_duration(double seconds);

}  // namespace facellava::cli
