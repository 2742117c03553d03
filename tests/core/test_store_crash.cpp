// Crash safety: a child process saving annotations is killed with SIGKILL at
// random moments; the file must always open, pass integrity_check and hold
// every annotation whose commit the child had reported.
#ifdef FACELLAVA_HAVE_SQLITE
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <set>

#include "facellava/core/store/session_store.h"
#include "test_support.h"

namespace facellava::store {
namespace {

// The child: open (creating or recovering the file), make sure there is a
// media to annotate, then save annotations one transaction each, reporting
// each id on the pipe only after its commit returned. Never returns.
[[noreturn]] void child_writes_annotations(const std::string& path, int report_fd) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    int status = 0;
    try {
        SessionStore store(path);
        Id media_id = 0;
        store.transaction([&] {
            const auto all = store.media().list_all();
            if (!all.empty()) {
                media_id = all.front().id;
                return;
            }
            MediaRecord m;
            m.session_id = store.sessions().create("crash test");
            m.path = "/data/clip.mp4";
            m.sha256 = std::string(64, 'c');
            m.kind = MediaKind::Video;
            media_id = store.media().add(m);
        });
        for (int64_t i = 0; i < 1000000; ++i) {
            Annotation a;
            a.media_id = media_id;
            a.target = AnnotationTarget::Range;
            a.start_ms = i;
            a.end_ms = i + 40;
            a.label = "label " + std::to_string(i);
            const Id id = store.annotations().add(a).id();
            if (::write(report_fd, &id, sizeof id) != ssize_t(sizeof id))
                break;
        }
    } catch (...) {
        status = 3;
    }
    // _exit: the parent's atexit handlers (temp folder removal) must not run here.
    ::_exit(status);
}

TEST(StoreCrashSafety, SigkillAtRandomMomentsNeverLosesACommit) {
    const std::string dir = test::make_temp_dir("crash");
    std::mt19937 random(20240501);
    std::uniform_int_distribution<int> delay_us(0, 80000);
    constexpr int kTrials = 60;
    std::string path;
    size_t total_committed = 0;
    for (int trial = 0; trial < kTrials; ++trial) {
        // Every tenth trial starts a new file, so some kills land while the
        // schema is being created.
        if (trial % 10 == 0)
            path = dir + "/crash" + std::to_string(trial) + ".sqlite";
        SCOPED_TRACE("trial " + std::to_string(trial) + " on " + path);
        int fds[2];
        ASSERT_EQ(::pipe(fds), 0);
        const pid_t child = ::fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            ::close(fds[0]);
            child_writes_annotations(path, fds[1]);
        }
        ::close(fds[1]);
        ::usleep(useconds_t(delay_us(random)));
        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);

        std::vector<Id> committed;
        Id id = 0;
        while (::read(fds[0], &id, sizeof id) == ssize_t(sizeof id))
            committed.push_back(id);
        ::close(fds[0]);
        total_committed += committed.size();
        if (WIFEXITED(status)) {
            ASSERT_EQ(WEXITSTATUS(status), 0) << "the child failed before being killed";
        }

        if (committed.empty() && !std::ifstream(path).good())
            continue;  // killed before creating the file
        SessionStore store(path);
        const CheckReport report = store.check();
        ASSERT_TRUE(report.ok()) << report.errors.front();
        std::set<Id> saved;
        for (const auto& a : store.annotations().list_all())
            saved.insert(a.id);
        for (Id c : committed)
            ASSERT_TRUE(saved.count(c)) << "committed annotation " << c << " was lost";
    }
    RecordProperty("committed_annotations", int(total_committed));
    // The trials must have exercised real commits, not only early kills.
    EXPECT_GT(total_committed, size_t(kTrials));
}

}  // namespace
}  // namespace facellava::store
#endif
