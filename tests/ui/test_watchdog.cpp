// The GUI watchdog the other suites assert with (workbench_fixtures.h): a
// GUI thread that computes or blocks for 150 ms must read as a stall of about
// that length, whatever it leaves out for the machine's load.
#include <QTest>
#include <chrono>
#include <ctime>
#include <thread>

#include "workbench_fixtures.h"

class WatchdogTest : public QObject {
    Q_OBJECT

  private:
    // Lets the watchdog tick, runs `block` on the GUI thread, ticks again.
    template <class Block>
    static qint64 gap_around(Block block) {
        uitest::Watchdog watchdog(/*reported=*/false);
        watchdog.start();
        QTest::qWait(60);
        block();
        QTest::qWait(60);
        watchdog.stop();
        return watchdog.maxGapMs();
    }

  private slots:
    void busyGuiThreadIsAStall() {
        // 150 ms of the GUI thread's own CPU time, however long a loaded
        // machine makes that in wall time.
        const qint64 gap = gap_around([] {
            const auto cpu_ms = [] {
                timespec t{};
                clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
                return qint64(t.tv_sec) * 1000 + t.tv_nsec / 1'000'000;
            };
            const qint64 until = cpu_ms() + 150;
            volatile double sink = 0;
            while (cpu_ms() < until)
                sink = sink + 1.0;
        });
        QVERIFY2(gap >= 140, qPrintable(QString("measured %1 ms").arg(gap)));
    }

    void blockedGuiThreadIsAStall() {
        const qint64 gap =
            gap_around([] { std::this_thread::sleep_for(std::chrono::milliseconds(150)); });
        QVERIFY2(gap >= 140, qPrintable(QString("measured %1 ms").arg(gap)));
    }

    void idleGuiThreadIsNoStall() {
        const qint64 gap = gap_around([] {});
        QVERIFY2(gap < 100, qPrintable(QString("measured %1 ms").arg(gap)));
    }
};

int run_watchdog_tests(int argc, char** argv) {
    WatchdogTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_watchdog.moc"
