#include "widgets/task_answers_panel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "facellava/model/engine.h"
#include "facellava/pipeline/face_csv.h"
#include "facellava/pipeline/model_tasks.h"
#include "jobs/model_service.h"
#include "jobs/task_answers_job.h"

namespace facellava::ui {

TaskAnswersPanel::TaskAnswersPanel(ModelService& model, QWidget* parent)
    : QWidget(parent), model_(model) {
    setObjectName("TaskAnswersPanel");
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* row = new QHBoxLayout();
    ask_ = new QPushButton(tr("Ask Face-LLaVA"), this);
    ask_->setObjectName("AskTasks");
    about_ = new QLabel(this);
    about_->setWordWrap(true);
    row->addWidget(ask_);
    row->addWidget(about_, 1);
    layout->addLayout(row);
    auto* boxes = new QHBoxLayout();
    for (const auto& task : pipeline::model_tasks()) {
        auto* box = new QCheckBox(QString::fromUtf8(task.name), this);
        box->setObjectName(QStringLiteral("TaskBox_") + QString::fromUtf8(task.name));
        tasks_.insert(QString::fromUtf8(task.name), box);
        boxes->addWidget(box);
        connect(box, &QCheckBox::toggled, this, &TaskAnswersPanel::refresh);
    }
    boxes->addStretch(1);
    layout->addLayout(boxes);
    table_ = new QTableWidget(0, 3, this);
    table_->setObjectName("TaskAnswers");
    table_->setHorizontalHeaderLabels({tr("Task"), tr("Label"), tr("Answer")});
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setMaximumHeight(170);
    layout->addWidget(table_);
    connect(ask_, &QPushButton::clicked, this, [this] {
        if (job_)
            job_->cancel();
        else
            ask();
    });
    connect(&model_, &ModelService::engineChanged, this, &TaskAnswersPanel::engineChanged);
    engineChanged();
}

TaskAnswersPanel::~TaskAnswersPanel() {
    delete job_;
}

void TaskAnswersPanel::setFace(const std::optional<FaceAttachment>& face,
                               const std::vector<TaskAnswer>& known) {
    const bool same = face && face_ && face->key == face_->key && face->face_id == face_->face_id;
    face_ = face;
    if (!same && job_)
        job_->cancel();
    if (!same || !job_) {
        // Answers of another face must not stay next to this one.
        rows_.clear();
        if (face_)
            rows_ = known;
        showRows();
    }
    refresh();
}

void TaskAnswersPanel::setExpressionNames(pipeline::ExpressionNames names) {
    if (names == expression_names_)
        return;
    expression_names_ = names;
    showRows();
}

void TaskAnswersPanel::addRow(const TaskAnswer& answer) {
    rows_.push_back(answer);
    const int row = table_->rowCount();
    table_->insertRow(row);
    table_->setItem(row, 0, new QTableWidgetItem(answer.task));
    // The label faces.csv's llava_<task>_label cell gets for the same answer.
    const QString label = QString::fromStdString(pipeline::answer_label_as(
        answer.task.toStdString(), answer.label.toStdString(), expression_names_));
    table_->setItem(row, 1, new QTableWidgetItem(label.isEmpty() ? tr("(none)") : label));
    auto* text = new QTableWidgetItem(answer.answer);
    text->setToolTip(answer.answer);
    table_->setItem(row, 2, text);
}

void TaskAnswersPanel::showRows() {
    std::vector<TaskAnswer> rows;
    rows.swap(rows_);  // addRow refills rows_
    table_->setRowCount(0);
    for (const TaskAnswer& answer : rows)
        addRow(answer);
}

std::vector<std::string> TaskAnswersPanel::checkedTasks() const {
    std::vector<std::string> names;
    for (const auto& task : pipeline::model_tasks())
        if (tasks_.value(QString::fromUtf8(task.name))->isChecked())
            names.push_back(task.name);
    return names;
}

void TaskAnswersPanel::engineChanged() {
    // A new checkpoint: every task it was trained for checked, the others
    // off, so it is never asked what it would answer with another task's words.
    const auto engine = model_.engine();
    for (const auto& task : pipeline::model_tasks()) {
        QCheckBox* box = tasks_.value(QString::fromUtf8(task.name));
        const bool known = engine && engine->info().tasks.knows(task.name);
        box->setChecked(known);
        if (!engine || known) {
            box->setToolTip(QString::fromUtf8(task.question));
            continue;
        }
        const auto& info = engine->info();
        const QString model = QString::fromStdString(
            info.model_card_name.empty() ? info.checkpoint_dir : info.model_card_name);
        const QString listed =
            info.tasks.names.empty() ? tr("no task") : QString::fromStdString(info.tasks.joined());
        box->setToolTip(tr("%1 was not trained for this task: its config.json lists %2. Asked "
                           "anyway, it would answer with one of those.")
                            .arg(model, listed));
    }
    refresh();
}

void TaskAnswersPanel::refresh() {
    const auto engine = model_.engine();
    for (const auto& task : pipeline::model_tasks())
        tasks_.value(QString::fromUtf8(task.name))
            ->setEnabled(!job_ && engine && engine->info().tasks.knows(task.name));
    const bool any_checked = !checkedTasks().empty();
    ask_->setText(job_ ? tr("Stop") : tr("Ask Face-LLaVA"));
    ask_->setEnabled(job_ || (engine && face_ && any_checked));
    if (!engine)
        about_->setText(
            tr("Load a Face-LLaVA checkpoint (Settings) to ask the standard questions."));
    else if (!face_)
        about_->setText(tr("Select a face to ask about."));
    else if (!any_checked)
        about_->setText(tr("Check the tasks to ask about face %1.").arg(face_->face_id));
    else
        about_->setText(tr("The checked tasks of face %1, with the labels parsed from each answer.")
                            .arg(face_->face_id));
}

void TaskAnswersPanel::ask() {
    const std::vector<std::string> tasks = checkedTasks();
    if (job_ || !face_ || !model_.engine() || tasks.empty())
        return;
    rows_.clear();
    table_->setRowCount(0);
    const auto& info = model_.engine()->info();
    const QString model_id = QString::fromStdString(
        info.model_card_name.empty() ? info.checkpoint_dir : info.model_card_name);
    job_ = new TaskAnswersJob(model_.engine(), *face_, tasks, 96);
    const FrameKey key = face_->key;
    const int face_id = face_->face_id;
    connect(job_, &TaskAnswersJob::answered, this,
            [this, key, face_id, model_id](const QString& task, const QString& text,
                                           const QString& label) {
                const TaskAnswer answer{task, text, label};
                addRow(answer);
                emit answered(key, face_id, answer, model_id);
            });
    connect(job_, &TaskAnswersJob::finished, this, &TaskAnswersPanel::done);
    connect(job_, &TaskAnswersJob::cancelled, this, &TaskAnswersPanel::done);
    connect(job_, &TaskAnswersJob::failed, this, [this](const UserError& error) {
        done();
        emit failed(error);
    });
    job_->start();
    refresh();
}

void TaskAnswersPanel::done() {
    job_->deleteLater();
    job_ = nullptr;
    refresh();
}

}  // namespace facellava::ui
