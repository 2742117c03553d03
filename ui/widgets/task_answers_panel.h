// Face-LLaVA's answers to the standard task questions about the selected face,
// each with the label parsed from it (the same labels faces.csv gets).
#pragma once

#include <QWidget>
#include <optional>

#include "dialogs/error_reporter.h"
#include "jobs/face_attachment.h"

class QLabel;
class QPushButton;
class QTableWidget;

namespace facellava::ui {

class ModelService;
class TaskAnswersJob;

class TaskAnswersPanel : public QWidget {
    Q_OBJECT
  public:
    TaskAnswersPanel(ModelService& model, QWidget* parent = nullptr);
    ~TaskAnswersPanel() override;

    void setFace(const std::optional<FaceAttachment>& face);
    void ask();
    bool isRunning() const { return job_ != nullptr; }
    QTableWidget* table() const { return table_; }
    QPushButton* askButton() const { return ask_; }

  signals:
    void failed(const facellava::ui::UserError& error);

  private:
    void refresh();
    void done();

    ModelService& model_;
    std::optional<FaceAttachment> face_;
    QPushButton* ask_ = nullptr;
    QLabel* about_ = nullptr;
    QTableWidget* table_ = nullptr;
    TaskAnswersJob* job_ = nullptr;
};

}  // namespace facellava::ui
