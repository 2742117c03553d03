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
    // Whether any SIGINT arrived during this run (unlike flag(), never reset):
    // main() then exits kExitInterrupted (130), the shells' code for Ctrl-C.
    static bool ever_interrupted() { return ever_store().load(); }
    // For commands with their own handler (eval, train): record a stop.
    static void note_interrupted() { ever_store() = true; }

  private:
    static std::atomic<bool>& flag_store() {
        static std::atomic<bool> interrupted{false};
        return interrupted;
    }
    static std::atomic<bool>& ever_store() {
        static std::atomic<bool> interrupted{false};
        return interrupted;
    }
    static void on_sigint(int) {
        flag_store() = true;
        ever_store() = true;
        std::signal(SIGINT, SIG_DFL);
    }
};

}  // namespace facellava::cli
