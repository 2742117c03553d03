#include "jobs/task_answers_job.h"

#include <QtConcurrent>

#include "facellava/model/pipeline/model_tasks.h"
#include "support/thread_priority.h"

namespace facellava::ui {

TaskAnswersJob::TaskAnswersJob(EnginePtr engine, FaceAttachment face, int max_tokens,
                               QObject* parent)
    : QObject(parent),
      engine_(std::move(engine)),
      face_(std::move(face)),
      max_tokens_(max_tokens),
      cancel_(std::make_shared<std::atomic<bool>>(false)) {
    connect(&watcher_, &QFutureWatcher<UserError>::finished, this, [this] {
        const UserError error = watcher_.result();
        if (error.what.isEmpty())
            emit finished();
        else
            emit failed(error);
    });
}

TaskAnswersJob::~TaskAnswersJob() {
    cancel_->store(true);
    watcher_.waitForFinished();
}

void TaskAnswersJob::cancel() {
    cancel_->store(true);
}

void TaskAnswersJob::start() {
    auto engine = engine_;
    auto cancel = cancel_;
    const model::FaceFrame frame = face_.frame;
    const int max_tokens = max_tokens_;
    TaskAnswersJob* self = this;  // reached only through queued calls; the destructor waits
    watcher_.setFuture(QtConcurrent::run([=]() {
        lower_current_thread_priority();
        try {
            for (const auto& task : pipeline::model_tasks()) {
                if (cancel->load())
                    break;
                model::ChatRequest request;
                request.turns = {{model::ChatTurn::Role::User, task.question}};
                request.frames = {frame};
                request.settings.max_new_tokens =
                    max_tokens;  // greedy: the answer the CSV would hold
                model::ChatCallbacks callbacks;
                callbacks.cancel = cancel.get();
                const model::ChatReply reply = engine->chat(request, callbacks);
                if (reply.stop_reason == "cancelled")
                    break;
                const QString name = QString::fromUtf8(task.name);
                const QString answer = QString::fromStdString(reply.text).trimmed();
                const QString label = QString::fromStdString(task.label(reply.text));
                QMetaObject::invokeMethod(
                    self, [self, name, answer, label] { emit self->answered(name, answer, label); },
                    Qt::QueuedConnection);
            }
            return UserError{};
        } catch (...) {
            return ErrorReporter::describe(tr("Face-LLaVA could not answer the task questions"),
                                           std::current_exception(),
                                           tr("Check the checkpoint in Settings."));
        }
    }));
}

}  // namespace facellava::ui
