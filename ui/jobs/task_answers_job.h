// Asks Face-LLaVA the batch tasks' questions (pipeline/model_tasks.h: expression,
// action units, attributes, age, deepfake; the ones given, which the
// checkpoint must have been trained for) about one face on a worker thread,
// through the batch job's own path (pipeline/face_answers.h: all questions
// decoded together, each answer parsed into its label by the CSV's parsers).
// Once the answers are in, each arrives in task order (answered, with
// progressed() after it); the run ends with finished(), or cancelled() when
// stopped (the answers finished before the stop still arrive).
#pragma once

#include <QString>
#include <string>
#include <vector>

#include "jobs/job.h"
#include "jobs/model_service.h"
#include "models/face_attachment.h"

namespace facellava::ui {

class TaskAnswersJob : public Job {
    Q_OBJECT
  public:
    // `tasks`: pipeline/model_tasks.h names; a task the checkpoint was not
    // trained for fails the run (naming its config.json) before any question.
    TaskAnswersJob(EnginePtr engine, FaceAttachment face, std::vector<std::string> tasks,
                   int max_tokens, QObject* parent = nullptr);
    ~TaskAnswersJob() override;  // cancels and waits

    void start();
    const FaceAttachment& face() const { return face_; }

  signals:
    void answered(const QString& task, const QString& answer, const QString& label);

  private:
    EnginePtr engine_;
    FaceAttachment face_;
    std::vector<std::string> tasks_;
    int max_tokens_;
};

}  // namespace facellava::ui
