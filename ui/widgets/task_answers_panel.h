// Face-LLaVA's answers to the standard task questions about the selected face,
// each with the label parsed from it (the same labels faces.csv gets). One box
// per task chooses what is asked; a task the loaded checkpoint was not trained
// for (its config.json's "facellava_tasks") is unchecked and disabled, with a
// tooltip saying why. Shows the answers already known for the face (saved in
// the session) until asked again; each new answer is announced so it can be kept.
// Expression labels are kept as parsed (RAF-DB's words) and shown in the
// vocabulary faces.csv is written in (pipeline::expression_label_as, the CSV
// writer's own mapping), so the panel and llava_expression_label agree.
#pragma once

#include <QMap>
#include <QWidget>
#include <optional>
#include <string>
#include <vector>

#include "dialogs/error_reporter.h"
#include "facellava/pipeline/analysis_options.h"
#include "models/face_attachment.h"
#include "models/frame_analysis.h"

class QCheckBox;
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

    // The face asked about, and the answers already known for it (shown
    // unless a run for this face is under way).
    void setFace(const std::optional<FaceAttachment>& face,
                 const std::vector<TaskAnswer>& known = {});
    void ask();
    bool isRunning() const { return job_ != nullptr; }
    QTableWidget* table() const { return table_; }
    QPushButton* askButton() const { return ask_; }
    // The box of a pipeline/model_tasks.h task ("action_units"), or null.
    QCheckBox* taskBox(const QString& task) const { return tasks_.value(task); }
    // The checked tasks, in the table's order: what ask() asks.
    std::vector<std::string> checkedTasks() const;
    // The words expression labels are shown in (Settings::outputConventions);
    // the rows shown are relabelled at once.
    void setExpressionNames(pipeline::ExpressionNames names);

  signals:
    void failed(const facellava::ui::UserError& error);
    // One answer of a run, about face `face_id` of frame `key`; model_id
    // names the checkpoint that gave it.
    void answered(const facellava::ui::FrameKey& key, int face_id,
                  const facellava::ui::TaskAnswer& answer, const QString& model_id);

  private:
    void refresh();
    void engineChanged();
    void done();
    void addRow(const TaskAnswer& answer);
    void showRows();

    ModelService& model_;
    std::optional<FaceAttachment> face_;
    QPushButton* ask_ = nullptr;
    QLabel* about_ = nullptr;
    QTableWidget* table_ = nullptr;
    QMap<QString, QCheckBox*> tasks_;
    std::vector<TaskAnswer> rows_;  // as parsed, in the table's order
    pipeline::ExpressionNames expression_names_ = pipeline::ExpressionNames::FaceApi;
    TaskAnswersJob* job_ = nullptr;
};

}  // namespace facellava::ui
