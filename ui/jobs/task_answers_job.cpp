#include "jobs/task_answers_job.h"

#include "facellava/pipeline/face_answers.h"
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
        // The batch job's questions, labels and greedy answers (face_answers.h):
        // every task at once, the answer the CSV would hold.
        pipeline::AnalysisOptions options;
        options.tasks = names;
        options.max_new_tokens = max_tokens;
        context.progress(0.0, tr("Asking Face-LLaVA"));
        const pipeline::FaceTaskAnswers answers =
            pipeline::answer_model_tasks(*engine, {frame}, options, context.cancelFlag()).front();
        for (size_t t = 0; t < names.size(); ++t) {
            if (answers.cancelled[t])
                continue;  // the job ends cancelled
            const QString name = QString::fromStdString(names[t]);
            const QString answer = QString::fromStdString(answers.answers[t].answer).trimmed();
            const QString label = QString::fromStdString(answers.answers[t].label);
            // Every answer goes through (post, not throttled); progressed()
            // follows it for a status bar.
            context.post([self, name, answer, label] { emit self->answered(name, answer, label); });
            context.progress(double(t + 1) / double(names.size()), name);
        }
    };
    runInBackground(std::move(work), [] {},
                    {tr("Face-LLaVA could not answer the task questions"),
                     tr("Check the checkpoint in Settings.")});
}

}  // namespace facellava::ui
