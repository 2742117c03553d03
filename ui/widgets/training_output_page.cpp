#include "widgets/training_output_page.h"

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include "widgets/train_config_form.h"

namespace facellava::ui {

TrainingOutputPage::TrainingOutputPage(TrainConfigForm* form, QWidget* parent)
    : QWidget(parent), form_(form) {
    refresh_timer_ = new QTimer(this);
    refresh_timer_->setSingleShot(true);
    refresh_timer_->setInterval(400);  // typing a folder lists it once
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(form_->page(TrainConfigForm::Section::Output));
    note_ = new QLabel(this);
    note_->setWordWrap(true);
    layout->addWidget(note_);
    auto* resume = new QGroupBox(tr("Resume"), this);
    auto* resume_layout = new QHBoxLayout(resume);
    resume_list_ = new QComboBox(resume);
    resume_list_->setObjectName("TrainResumeFrom");
    resume_list_->setToolTip(tr("Start fresh, or continue from a checkpoint of the output folder"));
    auto* refresh = new QPushButton(tr("Refresh"), resume);
    resume_layout->addWidget(resume_list_, 1);
    resume_layout->addWidget(refresh);
    layout->addWidget(resume);
    layout->addStretch();

    connect(refresh, &QPushButton::clicked, this, &TrainingOutputPage::refreshRequested);
    connect(resume_list_, &QComboBox::currentIndexChanged, this,
            &TrainingOutputPage::resumeChanged);
    if (auto* output = qobject_cast<QLineEdit*>(form_->editor("checkpoint.output_dir")))
        connect(output, &QLineEdit::textChanged, refresh_timer_, qOverload<>(&QTimer::start));
    connect(refresh_timer_, &QTimer::timeout, this, &TrainingOutputPage::refreshRequested);
    resetResumeList();
}

QString TrainingOutputPage::resumeFrom() const {
    return resume_list_->currentData().toString();
}

void TrainingOutputPage::resetResumeList() {
    resume_list_->clear();
    resume_list_->addItem(tr("Fresh run (no resume)"), QString());
    resume_list_->addItem(tr("The newest checkpoint (latest)"), QStringLiteral("latest"));
}

void TrainingOutputPage::setResumeFrom(const QString& value) {
    const QSignalBlocker block(resume_list_);
    resetResumeList();
    selectResume(value);
    refresh_timer_->start();
}

void TrainingOutputPage::selectResume(const QString& value) {
    int index = resume_list_->findData(value);
    if (index < 0) {
        resume_list_->addItem(value, value);
        index = resume_list_->count() - 1;
    }
    resume_list_->setCurrentIndex(index);
}

QString TrainingOutputPage::outputDir() const {
    return QString::fromStdString(form_->config().checkpoint.output_dir).trimmed();
}

bool TrainingOutputPage::showCheckpoints(const QString& output_dir,
                                         const QVector<TrainingCheckpoint>& list) {
    if (output_dir != outputDir())
        return false;
    checkpoints_ = list;
    const QString selected = resumeFrom();
    const QSignalBlocker block(resume_list_);
    resetResumeList();
    for (const TrainingCheckpoint& c : list) {
        QString label = tr("step %1").arg(c.step);
        if (c.total_steps > 0)
            label += tr(" of %1").arg(c.total_steps);
        if (!c.reason.isEmpty())
            label += QStringLiteral(" · ") + c.reason;
        if (c.last_loss)
            label += tr(" · loss %1").arg(*c.last_loss, 0, 'f', 4);
        if (c.latest)
            label += tr(" (latest)");
        if (!c.complete)
            label += tr(" — incomplete");
        resume_list_->addItem(label, c.dir);
    }
    if (!selected.isEmpty())
        selectResume(selected);
    note_->setText(list.isEmpty()
                       ? QString()
                       : tr("This folder holds %1 checkpoint(s) of an earlier run. A fresh run "
                            "starts its metrics over and may replace them; choose one under Resume "
                            "to continue instead.")
                             .arg(list.size()));
    return true;
}

}  // namespace facellava::ui
