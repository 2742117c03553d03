#include "jobs/task_answers_job.h"

#include "facellava/pipeline/model_tasks.h"

namespace facellava::ui {

TaskAnswersJob::TaskAnswersJob(EnginePtr engine, FaceAttachment face,
                               std::vector<std::string> tasks, int max_tokens, QObject* parent)
    : Job(parent),
      engine_(std::move(engine)),
      face_(std::move(face)),
      tasks_(std::move(tasks)),
      max_tokens_(max_tokens) {}

TaskAnswersJob::~TaskAnswersJob() {
    cancelAndWait();
}

void TaskAnswersJob::start() {
    auto engine = engine_;
    const model::FaceFrame frame = face_.frame;
    const int max_tokens = max_tokens_;
    const std::vector<std::string> names = tasks_;
    TaskAnswersJob* self = this;  // reached only through the context's queued calls
    auto work = [=](const JobContext& context) {
        pipeline::check_model_tasks_supported(names, engine->info().tasks);
        int done = 0;
        for (const auto& task_name : names) {
            const pipeline::ModelTask& task = pipeline::find_model_task(task_name);
            if (context.isCancelled())
                break;
            model::ChatRequest request;
            request.turns = {{model::ChatTurn::Role::User, task.question}};
            request.frames = {frame};
            request.settings.max_new_tokens = max_tokens;  // greedy: the answer the CSV would hold
            model::ChatCallbacks callbacks;
            callbacks.cancel = context.cancelFlag();
            const model::ChatReply reply = engine->chat(request, callbacks);
            if (reply.stop_reason == "cancelled")
                break;
            const QString name = QString::fromUtf8(task.name);
            const QString answer = QString::fromStdString(reply.text).trimmed();
            const QString label = QString::fromStdString(task.label(reply.text));
            // Every answer goes through (post, not throttled); progressed()
            // follows it for a status bar.
            context.post([self, name, answer, label] { emit self->answered(name, answer, label); });
            ++done;
            context.progress(double(done) / double(names.size()), name);
        }
    };
    runInBackground(std::move(work), [] {},
                    {tr("Face-LLaVA could not answer the task questions"),
                     tr("Check the checkpoint in Settings.")});
}

}  // namespace facellava::ui
