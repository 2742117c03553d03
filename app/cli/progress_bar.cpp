#include "progress_bar.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

namespace facellava::cli {

ProgressBar::ProgressBar() : tty_(::isatty(STDERR_FILENO) != 0) {}

std::string format_duration(double seconds) {
    if (!(seconds >= 0) || !std::isfinite(seconds))
        return "--:--";
    const long total = std::lround(seconds);
    char text[32];
    if (total >= 3600)
        std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", total / 3600, total / 60 % 60,
                      total % 60);
    else
        std::snprintf(text, sizeof text, "%02ld:%02ld", total / 60, total % 60);
    return text;
}

void ProgressBar::update(double fraction, double eta_s, const std::string& detail) {
    const auto now = std::chrono::steady_clock::now();
    const auto interval = tty_ ? std::chrono::milliseconds(100) : std::chrono::seconds(10);
    if (drawn_ && now - last_ < interval && fraction < 1.0)
        return;
    last_ = now;
    drawn_ = true;
    fraction = std::clamp(fraction, 0.0, 1.0);
    constexpr int kWidth = 30;
    const int filled = int(fraction * kWidth);
    std::string line =
        "[" + std::string(size_t(filled), '#') + std::string(size_t(kWidth - filled), '.') + "] " +
        std::to_string(int(fraction * 100)) + "%  ETA " + format_duration(eta_s) + "  " + detail;
    if (tty_) {
        // Clear to the end of the line: the previous detail may have been longer.
        std::cerr << "\r" << line << "\033[K" << std::flush;
    } else {
        std::cerr << line << "\n";
    }
}

void ProgressBar::finish() {
    if (tty_ && drawn_)
        std::cerr << "\n";
    drawn_ = false;
}

}  // namespace facellava::cli
