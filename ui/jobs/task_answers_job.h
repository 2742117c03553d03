// Asks Face-LLaVA the batch tasks' questions (pipeline/model_tasks.h: expression,
// action units, attributes, age, deepfake) about one face, one after the other
// on a worker thread, and parses each answer into its label with the same
// parsers the CSV uses. Each answer arrives as soon as it is ready.
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <atomic>
#include <memory>

#include "dialogs/error_reporter.h"
#include "jobs/face_attachment.h"
#include "jobs/model_service.h"

namespace facellava::ui {

class TaskAnswersJob : public QObject {
    Q_OBJECT
  public:
    TaskAnswersJob(EnginePtr engine, FaceAttachment face, int max_tokens,
                   QObject* parent = nullptr);
    ~TaskAnswersJob() override;  // cancels and waits

    void start();
    void cancel();
    const FaceAttachment& face() const { return face_; }

  signals:
    void answered(const QString& task, const QString& answer, const QString& label);
    void finished();
    void failed(const facellava::ui::UserError& error);

  private:
    EnginePtr engine_;
    FaceAttachment face_;
    int max_tokens_;
    std::shared_ptr<std::atomic<bool>> cancel_;
    QFutureWatcher<UserError> watcher_;
};

}  // namespace facellava::ui
