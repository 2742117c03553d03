#include "jobs/job.h"

#include <QThreadPool>
#include <QtConcurrent>

#include "support/thread_priority.h"

namespace facellava::ui {

JobContext::JobContext(Job* job, CancelToken cancel)
    : job_(job), cancel_(std::move(cancel)), throttle_(std::make_shared<Throttle>()) {}

bool JobContext::progress(double fraction, const QString& message,
                          std::function<void()> also_on_gui) const {
    {
        const std::lock_guard lock(throttle_->mutex);
        const auto now = std::chrono::steady_clock::now();
        const bool final_update = fraction >= 1.0;
        if (!final_update && throttle_->any && now - throttle_->last < kProgressInterval)
            return false;
        throttle_->last = now;
        throttle_->any = true;
    }
    Job* job = job_;
    post([job, fraction, message, also_on_gui = std::move(also_on_gui)] {
        if (also_on_gui)
            also_on_gui();
        emit job->progressed(fraction, message);
    });
    return true;
}

void JobContext::post(std::function<void()> on_gui) const {
    // Queued to the job itself: Qt drops the call when the job is deleted
    // before the event loop reaches it, and the job's destructor waits for
    // the worker, so `job_` is alive whenever this runs on the worker.
    QMetaObject::invokeMethod(job_, std::move(on_gui), Qt::QueuedConnection);
}

Job::Job(QObject* parent) : QObject(parent), cancel_(std::make_shared<std::atomic<bool>>(false)) {
    qRegisterMetaType<UserError>();
    connect(&watcher_, &QFutureWatcher<void>::finished, this, &Job::onWorkerDone);
}

Job::~Job() {
    watcher_.disconnect(this);
    cancelAndWait();
}

void Job::cancel() {
    if (running_)
        cancel_->store(true);
}

void Job::cancelAndWait() {
    cancel_->store(true);
    watcher_.waitForFinished();
}

void Job::begin() {
    // A fresh token: a worker of an earlier run still holds (and may still
    // read) the old one, which stays set.
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    running_ = true;
    ++run_;
    emit started();
}

void Job::succeed() {
    running_ = false;
    emit finished();
    runEnded();
}

void Job::fail(const UserError& error) {
    running_ = false;
    emit failed(error);
    runEnded();
}

void Job::endCancelled() {
    running_ = false;
    emit cancelled();
    runEnded();
}

void Job::reportProgress(double fraction, const QString& message) {
    emit progressed(fraction, message);
}

void Job::startWorker(std::function<void(const JobContext&)> body, std::function<void()> deliver,
                      WorkerOptions options) {
    if (watcher_.isRunning()) {
        // A caller bug (see runInBackground): stop the old worker rather than
        // leave it running unwatched. setFuture() below drops its result.
        qWarning("Job: a new run started while a worker was in flight; cancelling it");
        cancelAndWait();
    }
    begin();
    auto error = std::make_shared<std::exception_ptr>();
    error_ = error;
    deliver_ = std::move(deliver);
    options_ = std::move(options);
    QThreadPool* pool = options_.pool ? options_.pool : QThreadPool::globalInstance();
    const bool lower = options_.lower_priority;
    const JobContext context(this, cancel_);
    watcher_.setFuture(QtConcurrent::run(pool, [body = std::move(body), context, error, lower] {
        if (lower)
            lower_current_thread_priority();
        try {
            body(context);
        } catch (...) {
            *error = std::current_exception();
        }
    }));
}

void Job::onWorkerDone() {
    const std::function<void()> deliver = std::move(deliver_);
    deliver_ = nullptr;
    const std::exception_ptr error = error_ ? *error_ : nullptr;
    error_.reset();
    if (restartIfSuperseded())
        return;
    const quint64 run = run_;
    if (error) {
        UserError user_error = ErrorReporter::describe(options_.what, error, options_.fallback_fix);
        if (user_error.file.isEmpty())
            user_error.file = options_.file;
        fail(user_error);
        return;
    }
    if (deliver)
        deliver();
    if (run_ != run || !running_)
        return;  // on_result started a newer run, or ended this one itself
    if (cancel_->load())
        endCancelled();
    else
        succeed();
}

}  // namespace facellava::ui
