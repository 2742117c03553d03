#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>
#include <thread>

#include "facellava/core/error.h"
#include "facellava/training/local_launch.h"

extern char** environ;

namespace facellava::training {
namespace {

using Clock = std::chrono::steady_clock;

// A port the kernel just handed out on the loopback (free unless someone
// takes it in the moment before rank 0 binds it, as with torchrun).
int free_loopback_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        throw Error(std::string("cannot open a socket to find a free port: ") +
                    std::strerror(errno));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof(addr);
    const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
                    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
    const int err = errno;
    ::close(fd);
    if (!ok) {
        throw Error(std::string("cannot find a free port on 127.0.0.1: ") + std::strerror(err), "",
                    "pass a port with MASTER_PORT");
    }
    return ntohs(addr.sin_port);
}

std::string describe_status(int status) {
    if (WIFEXITED(status))
        return "exited with status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        const char* name = ::strsignal(sig);
        return "was killed by signal " + std::to_string(sig) +
               (name ? std::string(" (") + name + ")" : "");
    }
    return "ended with wait status " + std::to_string(status);
}

bool is_torchrun_variable(const std::string& entry) {
    static const char* names[] = {
        "MASTER_ADDR=", "MASTER_PORT=",      "RANK=",       "WORLD_SIZE=",
        "LOCAL_RANK=",  "LOCAL_WORLD_SIZE=", "GROUP_RANK=", "TORCHELASTIC_RUN_ID="};
    for (const char* n : names) {
        if (entry.rfind(n, 0) == 0)
            return true;
    }
    return false;
}

struct Rank {
    pid_t pid = -1;
    bool running = false;
    int status = 0;
};

}  // namespace

bool running_as_rank() {
    return std::getenv("WORLD_SIZE") != nullptr;
}

LocalLaunchResult run_local_ranks(const LocalLaunchOptions& o) {
    if (o.nproc < 1)
        throw Error("--nproc must be at least 1 (got " + std::to_string(o.nproc) + ")");
    auto log = [&](const std::string& line) {
        if (o.on_log)
            o.on_log(line);
    };
    const int port = o.master_port > 0 ? o.master_port : free_loopback_port();
    if (!o.output_dir.empty())
        std::filesystem::create_directories(o.output_dir);

    // Everything the children need is built before fork(): between fork and
    // exec only async-signal-safe calls are allowed.
    std::vector<std::string> base_env;
    bool has_omp = false;
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string entry = *e;
        if (is_torchrun_variable(entry))
            continue;
        has_omp = has_omp || entry.rfind("OMP_NUM_THREADS=", 0) == 0;
        base_env.push_back(entry);
    }
    if (!has_omp) {
        const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
        base_env.push_back("OMP_NUM_THREADS=" +
                           std::to_string(std::max(1u, cores / unsigned(o.nproc))));
    }
    for (const auto& [k, v] : o.extra_env)
        base_env.push_back(k + "=" + v);
    base_env.push_back("MASTER_ADDR=127.0.0.1");
    base_env.push_back("MASTER_PORT=" + std::to_string(port));
    base_env.push_back("WORLD_SIZE=" + std::to_string(o.nproc));
    base_env.push_back("LOCAL_WORLD_SIZE=" + std::to_string(o.nproc));

    std::vector<std::string> argv_strings = {o.executable};
    argv_strings.insert(argv_strings.end(), o.args.begin(), o.args.end());
    std::vector<char*> argv;
    for (auto& a : argv_strings)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    const pid_t launcher = ::getpid();
    std::vector<Rank> ranks(size_t(o.nproc));
    auto signal_running = [&](int sig) {
        for (const auto& r : ranks) {
            if (r.running)
                ::kill(r.pid, sig);
        }
    };
    for (int k = 0; k < o.nproc; ++k) {
        std::vector<std::string> env_strings = base_env;
        env_strings.push_back("RANK=" + std::to_string(k));
        env_strings.push_back("LOCAL_RANK=" + std::to_string(k));
        std::vector<char*> envp;
        for (auto& e : env_strings)
            envp.push_back(e.data());
        envp.push_back(nullptr);
        int log_fd = -1;
        if (!o.output_dir.empty()) {
            const std::string path = o.output_dir + "/rank-" + std::to_string(k) + ".log";
            log_fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
            if (log_fd < 0) {
                signal_running(SIGKILL);
                throw Error(std::string("cannot create the rank log: ") + std::strerror(errno),
                            path);
            }
        }
        const pid_t pid = ::fork();
        if (pid < 0) {
            const int err = errno;
            if (log_fd >= 0)
                ::close(log_fd);
            signal_running(SIGKILL);
            throw Error(std::string("cannot start rank ") + std::to_string(k) +
                        ": fork failed: " + std::strerror(err));
        }
        if (pid == 0) {
            ::setpgid(0, 0);
            ::prctl(PR_SET_PDEATHSIG, SIGTERM);
            if (::getppid() != launcher)
                ::_exit(126);  // the launcher died before prctl took effect
            if (log_fd >= 0) {
                ::dup2(log_fd, STDOUT_FILENO);
                ::dup2(log_fd, STDERR_FILENO);
            }
            ::execve(argv[0], argv.data(), envp.data());
            ::_exit(127);
        }
        if (log_fd >= 0)
            ::close(log_fd);
        ranks[size_t(k)].pid = pid;
        ranks[size_t(k)].running = true;
    }
    log("started " + std::to_string(o.nproc) + " ranks (MASTER_ADDR 127.0.0.1, MASTER_PORT " +
        std::to_string(port) + ")");

    LocalLaunchResult result;
    bool forwarded = false;
    // After the first failure the others usually follow within moments (a
    // rank whose peer died reports the lost contact): failures seen within
    // the settle window are weighed together and a rank that was killed by a
    // signal is named as the cause before ranks that exited with an error.
    constexpr auto kSettle = std::chrono::milliseconds(1500);
    std::vector<int> failed;
    Clock::time_point first_failure{}, kill_at{};
    bool terminated = false, killed = false;
    int running = o.nproc;
    auto failure_text = [&](int k) {
        const Rank& r = ranks[size_t(k)];
        return "rank " + std::to_string(k) + " (pid " + std::to_string(r.pid) + ") " +
               describe_status(r.status);
    };
    while (running > 0) {
        if (o.stop != nullptr && o.stop->load() && !forwarded) {
            forwarded = true;
            result.stopped = true;
            log("stopping: forwarding the interrupt to every rank (rank 0 saves a checkpoint)");
            signal_running(SIGINT);
        }
        for (int k = 0; k < o.nproc; ++k) {
            Rank& r = ranks[size_t(k)];
            if (!r.running)
                continue;
            int status = 0;
            if (::waitpid(r.pid, &status, WNOHANG) == 0)
                continue;
            r.running = false;
            r.status = status;
            --running;
            const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
            // After a forwarded stop, ranks exit non-zero on purpose
            // (aborted); after our SIGTERM they are consequences.
            if (!ok && !terminated && !(forwarded && WIFEXITED(status))) {
                if (failed.empty())
                    first_failure = Clock::now();
                failed.push_back(k);
            }
        }
        const auto now = Clock::now();
        if (!failed.empty() && !terminated && running > 0 && now - first_failure >= kSettle) {
            log("rank " + std::to_string(failed.front()) + " failed; stopping the other ranks");
            signal_running(SIGTERM);
            terminated = true;
            kill_at = now + std::chrono::milliseconds(int64_t(o.kill_grace_s * 1000.0));
        }
        if (terminated && !killed && running > 0 && now >= kill_at) {
            log("ranks still running " + std::to_string(int64_t(o.kill_grace_s)) +
                " s after SIGTERM: killing them");
            signal_running(SIGKILL);
            killed = true;
        }
        if (running > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (!failed.empty()) {
        int cause = failed.front();
        for (int k : failed) {
            if (WIFSIGNALED(ranks[size_t(k)].status) && !WIFSIGNALED(ranks[size_t(cause)].status)) {
                cause = k;
                break;
            }
        }
        result.failed_rank = cause;
        result.message = failure_text(cause);
        for (int k : failed) {
            if (k != cause)
                result.message += "; then " + failure_text(k);
        }
    }
    if (result.failed_rank >= 0) {
        result.exit_code = 1;
    } else {
        for (const auto& r : ranks) {
            if (!(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0)) {
                result.exit_code = WIFEXITED(r.status) ? WEXITSTATUS(r.status) : 1;
                break;
            }
        }
    }
    return result;
}

}  // namespace facellava::training
