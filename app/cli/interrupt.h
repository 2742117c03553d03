// Ctrl-C as a cancel flag for long commands: while a ScopedInterrupt lives,
// the first SIGINT sets flag() (the work stops at its next check and the
// command exits cleanly); a second one ends the program at once.
#pragma once

#include <atomic>
#include <csignal>

namespace facellava::cli {

class ScopedInterrupt {
  public:
    ScopedInterrupt() {
        flag_store() = false;
        std::signal(SIGINT, on_sigint);
    }
    ~ScopedInterrupt() { std::signal(SIGINT, SIG_DFL); }
    ScopedInterrupt(const ScopedInterrupt&) = delete;
    ScopedInterrupt& operator=(const ScopedInterrupt&) = delete;

    const std::atomic<bool>* flag() const { return &flag_store(); }
    bool interrupted() const { return flag_store().load(); }

  private:
    static std::atomic<bool>& flag_store() {
        static std::atomic<bool> interrupted{false};
        return interrupted;
    }
    static void on_sigint(int) {
        flag_store() = true;
        std::signal(SIGINT, SIG_DFL);
    }
};

}  // namespace facellava::cli
