// The common base of the workbench's long work (the Shotcut AbstractJob
// shape): a Job runs, reports progress, can be cancelled, and ends with
// exactly one of finished(), failed(UserError) or cancelled(). Everything a
// job emits arrives on the GUI thread.
//
// Two ways to run work:
//  - runInBackground(): a callable on a pool thread (QtConcurrent). Its return
//    value is handed to the subclass on the GUI thread; a thrown
//    facellava::Error arrives as failed(UserError) with its file and hint.
//    The callable gets a JobContext: the cancel flag to poll and a throttled
//    progress reporter (at most one update per 100 ms, the last always).
//  - begin() / succeed() / fail() / endCancelled(): for jobs driven by events
//    (a child process, a chain of requests) that manage their own running.
//
// Results that carry data stay typed signals of the subclass (e.g.
// BatchJob::outcomeReady(BatchOutcome)), emitted from the result handler just
// before the base's finished()/cancelled(). The base signals carry no data so
// a job list, a status bar or a test can follow any job the same way, and the
// views that need the data connect to the typed signal without casts or
// QVariant unpacking. Typed results are named `<thing>Ready` and never reuse
// a base signal's name (an overload would make `&Sub::finished` ambiguous).
// started() comes with every run, also one a newer request started.
//
// Thread-safety: every member function is for the GUI thread (the thread the
// job lives on) except JobContext's, which the worker calls.
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>

#include "dialogs/error_reporter.h"

class QThreadPool;

namespace facellava::ui {

class Job;

// Shared by a run's worker and the job, so a worker that outlives a cancel
// still reads valid memory. One token per run: cancelling one run never
// cancels the next.
using CancelToken = std::shared_ptr<std::atomic<bool>>;

// What a worker started by Job::runInBackground() may touch. Copies share
// the throttle, so a context handed to several callbacks still reports at
// most every 100 ms.
class JobContext {
  public:
    JobContext(Job* job, CancelToken cancel);

    bool isCancelled() const { return cancel_->load(std::memory_order_relaxed); }
    // For engine and pipeline APIs that take the flag itself.
    const std::atomic<bool>* cancelFlag() const { return cancel_.get(); }
    const CancelToken& cancelToken() const { return cancel_; }

    // Throttled progress: delivered at most every 100 ms; a final update
    // (fraction >= 1) always goes through. `fraction` 0..1, < 0 when unknown.
    // `also_on_gui`, when given, runs on the GUI thread just before
    // progressed() (for a subclass's typed status signal). Returns whether
    // this update was delivered.
    bool progress(double fraction, const QString& message = {},
                  std::function<void()> also_on_gui = {}) const;

    // Runs `on_gui` on the GUI thread (queued, not throttled; for streamed
    // partial results). Dropped when the job is destroyed first.
    void post(std::function<void()> on_gui) const;

    // The minimum gap between two delivered progress updates.
    static constexpr std::chrono::milliseconds kProgressInterval{100};

  private:
    struct Throttle {
        std::mutex mutex;
        std::chrono::steady_clock::time_point last{};
        bool any = false;
    };
    Job* job_;
    CancelToken cancel_;
    std::shared_ptr<Throttle> throttle_;
};

class Job : public QObject {
    Q_OBJECT
  public:
    explicit Job(QObject* parent = nullptr);
    // Cancels and waits for the worker. Subclasses whose worker reads their
    // members call cancelAndWait() in their own destructor first.
    ~Job() override;

    bool isRunning() const { return running_; }
    // The current run's token (a fresh one per run).
    const CancelToken& cancelToken() const { return cancel_; }

  public slots:
    // Asks the running work to stop. The run then ends with cancelled(), even
    // when the work completed before it saw the flag (a typed result it
    // returned is still delivered first), or with failed() when it threw.
    // Does nothing when not running.
    virtual void cancel();

  signals:
    void started();
    // fraction 0..1, < 0 when unknown; message: what is being done ("" : none).
    void progressed(double fraction, const QString& message);
    void finished();
    void failed(const facellava::ui::UserError& error);
    void cancelled();

  protected:
    // Event-driven jobs: begin() starts a run (fresh cancel token, started());
    // exactly one of succeed(), fail() or endCancelled() ends it.
    void begin();
    void succeed();
    void fail(const UserError& error);
    void endCancelled();
    // GUI-thread progress (not throttled: event-driven jobs pace themselves).
    void reportProgress(double fraction, const QString& message = {});

    // Cancels the run in flight and blocks until its worker returned.
    void cancelAndWait();
    // Whether the current run was asked to stop.
    bool cancelRequested() const { return cancel_->load(); }

    struct WorkerOptions {
        WorkerOptions(QString what_ = {}, QString fallback_fix_ = {}, QString file_ = {})
            : what(std::move(what_)),
              fallback_fix(std::move(fallback_fix_)),
              file(std::move(file_)) {}
        // Failure wording for an exception the worker throws: the UserError's
        // `what`, and the fix used when the exception has no hint.
        QString what;
        QString fallback_fix;
        // The file named when the exception names none (the video analysed,
        // the checkpoint folder loaded).
        QString file;
        // nullptr: QThreadPool::globalInstance().
        QThreadPool* pool = nullptr;
        // Background work runs below the GUI thread's priority.
        bool lower_priority = true;
    };

    // Runs `work(JobContext)` on a pool thread as a new run (begin()). On the
    // GUI thread afterwards: a thrown exception → failed(describe(...)), with
    // options.file when the exception names no file; otherwise
    // `on_result(value)` (void work: `on_result()`), then cancelled() when
    // the run was asked to stop, else finished(). `on_result` may end the run
    // itself with fail() (a result that is an error). An exception is always
    // failed(), even after cancel(): work that stops on the flag returns
    // normally, so a throw is a real error. Not while a worker is in flight:
    // queue the request and start it from restartIfSuperseded() or
    // runEnded().
    template <typename Work, typename OnResult>
    void runInBackground(Work work, OnResult on_result, WorkerOptions options) {
        using Result = std::invoke_result_t<Work&, const JobContext&>;
        auto slot = std::make_shared<std::optional<
            std::conditional_t<std::is_void_v<Result>, bool, std::decay_t<Result>>>>();
        std::function<void(const JobContext&)> body =
            [slot, work = std::move(work)](const JobContext& context) mutable {
                if constexpr (std::is_void_v<Result>) {
                    work(context);
                    slot->emplace(true);
                } else {
                    slot->emplace(work(context));
                }
            };
        std::function<void()> deliver = [slot, on_result = std::move(on_result)]() mutable {
            if constexpr (std::is_void_v<Result>)
                on_result();
            else
                on_result(std::move(**slot));
        };
        startWorker(std::move(body), std::move(deliver), std::move(options));
    }

    // Called when a worker returned, before its result or error is looked
    // at. A job whose newer request replaced the one in flight starts it
    // here (runInBackground) and returns true: the stale result is dropped
    // and the job stays running (the "newest request wins" jobs).
    virtual bool restartIfSuperseded() { return false; }
    // Called after every end signal (finished, failed, cancelled): where a
    // job that queues requests starts the next one.
    virtual void runEnded() {}

  private:
    void startWorker(std::function<void(const JobContext&)> body, std::function<void()> deliver,
                     WorkerOptions options);
    void onWorkerDone();

    bool running_ = false;
    quint64 run_ = 0;  // counts begin(), so onWorkerDone() sees a newer run
    CancelToken cancel_;
    QFutureWatcher<void> watcher_;
    // The run in flight, set on the GUI thread before the worker starts.
    // The worker writes only `error_` (a shared_ptr it holds itself), read
    // after the watcher finished.
    std::function<void()> deliver_;
    WorkerOptions options_;
    std::shared_ptr<std::exception_ptr> error_;
};

}  // namespace facellava::ui
