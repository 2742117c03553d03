#include "widgets/training_run_buttons.h"

#include <QHBoxLayout>
#include <QPushButton>

namespace facellava::ui {

TrainingRunButtons::TrainingRunButtons(QWidget* parent) : QWidget(parent) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    start_ = new QPushButton(tr("Start"), this);
    start_->setObjectName("TrainStart");
    abort_ = new QPushButton(tr("Abort"), this);
    abort_->setObjectName("TrainAbort");
    load_into_chat_ = new QPushButton(tr("Load into chat"), this);
    load_into_chat_->setObjectName("TrainLoadIntoChat");
    load_into_chat_->setToolTip(tr("Use the trained model in the chat"));
    auto* close = new QPushButton(tr("Close"), this);
    close->setToolTip(tr("Hide this window; a run goes on"));
    layout->addWidget(start_);
    layout->addWidget(abort_);
    layout->addStretch();
    layout->addWidget(load_into_chat_);
    layout->addWidget(close);

    connect(start_, &QPushButton::clicked, this, &TrainingRunButtons::startClicked);
    connect(abort_, &QPushButton::clicked, this, &TrainingRunButtons::abortClicked);
    connect(load_into_chat_, &QPushButton::clicked, this, [this] {
        if (!model_.isEmpty())
            emit loadIntoChatClicked(model_);
    });
    connect(close, &QPushButton::clicked, this, &TrainingRunButtons::closeClicked);
    setRunning(false);
}

void TrainingRunButtons::setRunning(bool running) {
    running_ = running;
    abort_->setEnabled(running);
    abort_->setText(tr("Abort"));
    abort_->setToolTip(
        tr("Stop after the current step; the trainer saves a checkpoint to "
           "resume from"));
    start_->setEnabled(!running);
    updateLoadIntoChat();
}

void TrainingRunButtons::setStartable(bool startable, bool resuming) {
    start_->setText(resuming ? tr("Resume") : tr("Start"));
    if (!running_)
        start_->setEnabled(startable);
}

void TrainingRunButtons::setStopping() {
    abort_->setText(tr("Force stop"));
    abort_->setToolTip(tr("Kill the trainer now (no checkpoint of the current step)"));
}

void TrainingRunButtons::setModel(const QString& model_dir) {
    model_ = model_dir;
    updateLoadIntoChat();
}

void TrainingRunButtons::updateLoadIntoChat() {
    load_into_chat_->setEnabled(!running_ && !model_.isEmpty());
    load_into_chat_->setToolTip(model_.isEmpty() ? tr("Available when a run has written its model")
                                                 : tr("Use %1 in the chat").arg(model_));
}

}  // namespace facellava::ui
