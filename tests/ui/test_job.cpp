// The common job base (ui/jobs/job.h): a run ends with exactly one of
// finished, failed or cancelled; cancel() reaches the worker through the
// shared token (a fresh one per run); a facellava::Error thrown on the worker
// arrives on the GUI thread as a UserError with its file and hint; progress
// from the worker is throttled to one update per 100 ms, the last always
// delivered. Plus the ported jobs that show the base's behaviour to users.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "facellava/core/error.h"
#include "jobs/checkpoint_report_job.h"
#include "jobs/job.h"
#include "jobs/perception_models.h"
#include "jobs/series_job.h"

using facellava::ui::CheckpointCheckRequest;
using facellava::ui::CheckpointCheckResult;
using facellava::ui::CheckpointReportJob;
using facellava::ui::Job;
using facellava::ui::JobContext;
using facellava::ui::UserError;

namespace {

using Clock = std::chrono::steady_clock;

// The smallest job: runs whatever the test hands it.
class TestJob : public Job {
  public:
    using Job::Job;
    ~TestJob() override { cancelAndWait(); }

    template <typename Work, typename OnResult>
    void run(Work work, OnResult on_result, WorkerOptions options = {}) {
        runInBackground(std::move(work), std::move(on_result), std::move(options));
    }
};

// Which end signals a job emitted, in order, and on which thread.
struct EndLog {
    explicit EndLog(Job& job) {
        QObject::connect(&job, &Job::finished, &job, [this] { note("finished"); });
        QObject::connect(&job, &Job::cancelled, &job, [this] { note("cancelled"); });
        QObject::connect(&job, &Job::failed, &job, [this](const UserError& e) {
            error = e;
            note("failed");
        });
    }
    void note(const char* what) {
        ends << QString::fromLatin1(what);
        on_gui_thread = on_gui_thread && QThread::currentThread() == qApp->thread();
    }
    QStringList ends;
    UserError error;
    bool on_gui_thread = true;
};

}  // namespace

class JobTest : public QObject {
    Q_OBJECT
  private slots:
    void resultThenFinished() {
        TestJob job;
        EndLog log(job);
        QStringList order;
        QObject::connect(&job, &Job::finished, &job, [&] { order << "finished"; });
        job.run([](const JobContext&) { return 6 * 7; },
                [&](int value) {
                    QVERIFY(job.isRunning());  // still running while the result is handed over
                    order << QString::number(value);
                });
        QVERIFY(job.isRunning());
        QTRY_COMPARE(log.ends, QStringList{"finished"});
        QCOMPARE(order, (QStringList{"42", "finished"}));
        QVERIFY(!job.isRunning());
        QVERIFY(log.on_gui_thread);
    }

    void cancelReachesTheWorkerThroughTheToken() {
        TestJob job;
        EndLog log(job);
        std::atomic<bool> worker_started{false};
        std::atomic<int> iterations{0};
        job.run(
            [&](const JobContext& context) {
                worker_started = true;
                // Would run 100 s if the flag never arrived.
                for (int i = 0; i < 100000 && !context.isCancelled(); ++i) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
                    ++iterations;
                }
            },
            [] {});
        QTRY_VERIFY(worker_started.load());
        const auto token = job.cancelToken();
        QVERIFY(!token->load());
        job.cancel();
        QVERIFY(token->load());
        QTRY_COMPARE(log.ends, QStringList{"cancelled"});
        QVERIFY(iterations.load() < 100000);

        // A new run gets a fresh token: the earlier cancel does not stop it.
        bool second_saw_cancel = true;
        job.run([&](const JobContext& context) { second_saw_cancel = context.isCancelled(); },
                [] {});
        QVERIFY(job.cancelToken() != token);
        QTRY_COMPARE(log.ends, (QStringList{"cancelled", "finished"}));
        QVERIFY(!second_saw_cancel);
        QVERIFY(token->load());  // the old run's token stays set
    }

    void cancelWhenIdleDoesNothing() {
        TestJob job;
        EndLog log(job);
        job.cancel();
        QVERIFY(!job.cancelToken()->load());
        QTest::qWait(20);
        QVERIFY(log.ends.isEmpty());
    }

    void errorArrivesAsUserErrorOnTheGuiThread() {
        TestJob job;
        EndLog log(job);
        bool result_seen = false;
        job.run(
            [](const JobContext&) -> int {
                throw facellava::Error("cannot read the face table", "/data/run 1/faces.csv",
                                       "export it again as UTF-8 CSV");
            },
            [&](int) { result_seen = true; },
            {"Could not import the table", "a fallback the Error's hint replaces",
             "/somewhere/else"});
        QTRY_COMPARE(log.ends, QStringList{"failed"});
        QVERIFY(log.on_gui_thread);
        QVERIFY(!result_seen);
        QVERIFY(!job.isRunning());
        QCOMPARE(log.error.what, QString("Could not import the table"));
        QCOMPARE(log.error.file, QString("/data/run 1/faces.csv"));
        QCOMPARE(log.error.fix, QString("export it again as UTF-8 CSV"));
        QCOMPARE(log.error.details, QString("cannot read the face table"));
    }

    void otherExceptionsGetTheFallbackFileAndFix() {
        TestJob job;
        EndLog log(job);
        job.run([](const JobContext&) { throw std::runtime_error("disk quota exceeded"); }, [] {},
                {"Could not save", "Free some disk space.", "/data/out.csv"});
        QTRY_COMPARE(log.ends, QStringList{"failed"});
        QCOMPARE(log.error.what, QString("Could not save"));
        QCOMPARE(log.error.file, QString("/data/out.csv"));
        QCOMPARE(log.error.fix, QString("Free some disk space."));
        QCOMPARE(log.error.details, QString("disk quota exceeded"));
    }

    void progressIsThrottledAndTheLastAlwaysArrives() {
        TestJob job;
        EndLog log(job);
        struct Received {
            double fraction;
            QString message;
            bool on_gui_thread;
        };
        std::vector<Received> received;
        QObject::connect(&job, &Job::progressed, &job, [&](double f, const QString& m) {
            received.push_back({f, m, QThread::currentThread() == qApp->thread()});
        });
        // Worker-side times just before and after each call that the
        // context let through: the throttle's own clock reading lies between.
        std::vector<Clock::time_point> passed, passed_before;
        Clock::duration worker_time{};
        job.run(
            [&](const JobContext& context) {
                const auto start = Clock::now();
                const int steps = 400;  // ~400 ms of work
                for (int i = 1; i < steps; ++i) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
                    const auto before = Clock::now();
                    if (context.progress(double(i) / steps, QString::number(i))) {
                        passed_before.push_back(before);
                        passed.push_back(Clock::now());
                    }
                }
                if (context.progress(1.0, "done"))
                    passed.push_back(Clock::now());
                worker_time = Clock::now() - start;
            },
            [] {});
        QTRY_COMPARE(log.ends, QStringList{"finished"});
        QCoreApplication::processEvents();

        // Every update let through arrives, in order, on the GUI thread;
        // the last is the final one.
        QCOMPARE(received.size(), passed.size());
        QVERIFY(received.size() >= 2);
        for (size_t i = 0; i < received.size(); ++i) {
            QVERIFY(received[i].on_gui_thread);
            if (i > 0)
                QVERIFY(received[i].fraction > received[i - 1].fraction);
        }
        QCOMPARE(received.back().fraction, 1.0);
        QCOMPARE(received.back().message, QString("done"));
        // At most one per 100 ms, apart from the final one (not recorded in
        // passed_before): the later call returned at least 100 ms after the
        // earlier one began.
        QCOMPARE(passed_before.size() + 1, passed.size());
        for (size_t i = 1; i < passed_before.size(); ++i)
            QVERIFY(passed[i] - passed_before[i - 1] >= JobContext::kProgressInterval);
        const auto periods = worker_time / JobContext::kProgressInterval;
        QVERIFY(qint64(received.size()) <= qint64(periods) + 2);
    }

    void destroyingARunningJobCancelsAndWaits() {
        std::atomic<bool> worker_returned{false};
        std::atomic<bool> worker_started{false};
        bool any_end = false;
        {
            TestJob job;
            QObject::connect(&job, &Job::finished, [&] { any_end = true; });
            QObject::connect(&job, &Job::cancelled, [&] { any_end = true; });
            job.run(
                [&](const JobContext& context) {
                    worker_started = true;
                    while (!context.isCancelled()) {
                        context.progress(0.5);
                        std::this_thread::sleep_for(std::chrono::milliseconds(1));
                    }
                    worker_returned = true;
                },
                [] {});
            QTRY_VERIFY(worker_started.load());
        }
        QVERIFY(worker_returned.load());  // the destructor waited for it
        QTest::qWait(20);                 // queued progress of the dead job is dropped
        QVERIFY(!any_end);
    }

    // A newer request replaces the one waiting; only the newest result is
    // delivered, and the job stays running until then.
    void checkpointCheckDeliversOnlyTheNewestRequest() {
        QTemporaryDir dir;
        CheckpointReportJob job;
        EndLog log(job);
        std::vector<CheckpointCheckResult> results;
        QObject::connect(&job, &CheckpointReportJob::resultReady, &job,
                         [&](const CheckpointCheckResult& r) { results.push_back(r); });
        job.inspect({dir.filePath("first")});
        job.inspect({dir.filePath("second")});
        job.inspect({dir.filePath("third")});
        QVERIFY(job.isRunning());
        QTRY_COMPARE(log.ends, QStringList{"finished"});
        QCOMPARE(results.size(), size_t(1));
        QCOMPARE(results.front().request.dir, dir.filePath("third"));
        QVERIFY(!results.front().loadable);
        QVERIFY(!job.isRunning());
    }

    // A ported job: a video that cannot be opened is reported with its file
    // and what to do, not as a bare message.
    void seriesJobReportsTheVideoItCannotOpen() {
        QTemporaryDir dir;
        const QString video = dir.filePath("missing clip.mp4");
        auto models = std::make_shared<facellava::ui::PerceptionModels>(
            facellava::AssetLocator::from_environment());
        facellava::ui::SeriesJob job(models, video, 8, facellava::pipeline::AnalysisOptions{});
        EndLog log(job);
        bool series_seen = false;
        QObject::connect(&job, &facellava::ui::SeriesJob::seriesReady, &job,
                         [&] { series_seen = true; });
        job.start();
        QTRY_COMPARE(log.ends, QStringList{"failed"});
        QVERIFY(!series_seen);
        QCOMPARE(log.error.file, video);
        QVERIFY(!log.error.fix.isEmpty());
        QVERIFY(!log.error.what.isEmpty());
    }
};

int run_job_tests(int argc, char** argv) {
    JobTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_job.moc"
