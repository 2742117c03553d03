#include "docks/chat_dock.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

#include "facellava/model/engine.h"
#include "jobs/model_service.h"
#include "settings/settings.h"
#include "widgets/chat_transcript.h"

namespace facellava::ui {

ChatDock::ChatDock(ChatSession& chat, ModelService& model, Settings& settings, QWidget* parent)
    : QDockWidget(tr("Chat"), parent), chat_(chat), model_(model), settings_(settings) {
    setObjectName("ChatDock");
    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);

    notice_ = new QLabel(body);
    notice_->setObjectName("ChatNotice");
    notice_->setWordWrap(true);
    notice_->setFrameShape(QFrame::StyledPanel);
    layout->addWidget(notice_);

    auto* face_row = new QHBoxLayout();
    face_thumb_ = new QLabel(body);
    face_thumb_->setObjectName("ChatFaceThumbnail");
    face_thumb_->setFixedSize(64, 64);
    face_thumb_->setScaledContents(true);
    face_thumb_->setFrameShape(QFrame::Box);
    face_text_ = new QLabel(body);
    face_text_->setObjectName("ChatFaceText");
    face_text_->setWordWrap(true);
    face_row->addWidget(face_thumb_);
    face_row->addWidget(face_text_, 1);
    layout->addLayout(face_row);

    transcript_ = new ChatTranscript(chat_, body);
    layout->addWidget(transcript_, 1);

    input_ = new QPlainTextEdit(body);
    input_->setObjectName("ChatInput");
    input_->setPlaceholderText(tr("Ask about the face… (Ctrl+Enter to send)"));
    input_->setMaximumHeight(80);
    layout->addWidget(input_);
    auto* send_shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), input_);
    send_shortcut->setContext(Qt::WidgetShortcut);
    connect(send_shortcut, &QShortcut::activated, this, &ChatDock::send);

    auto* buttons = new QHBoxLayout();
    auto make = [&](const QString& name, const QString& text, const QString& tip) {
        auto* b = new QPushButton(text, body);
        b->setObjectName(name);
        b->setToolTip(tip);
        buttons->addWidget(b);
        return b;
    };
    send_ = make("ChatSend", tr("Send"), tr("Ask the question (Ctrl+Enter)"));
    stop_ = make("ChatStop", tr("Stop"), tr("Stop the answer now"));
    regenerate_ = make("ChatRegenerate", tr("Regenerate"), tr("Answer the last question again"));
    edit_ = make("ChatEdit", tr("Edit last"), tr("Edit the last question and ask it again"));
    new_chat_ =
        make("ChatNew", tr("New chat"), tr("Start a new conversation about the selected face"));
    layout->addLayout(buttons);

    stats_ = new QLabel(body);
    stats_->setObjectName("ChatStats");
    layout->addWidget(stats_);

    // Sampling controls fold away under a toggle until wanted.
    auto* sampling = new QWidget(body);
    auto* sampling_layout = new QVBoxLayout(sampling);
    sampling_layout->setContentsMargins(0, 0, 0, 0);
    auto* fold = new QToolButton(sampling);
    fold->setObjectName("ChatGenerationToggle");
    fold->setText(tr("Generation settings"));
    fold->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    fold->setArrowType(Qt::RightArrow);
    fold->setCheckable(true);
    fold->setAutoRaise(true);
    sampling_layout->addWidget(fold);
    auto* sampling_body = new QWidget(sampling);
    auto* form = new QFormLayout(sampling_body);
    temperature_ = new QDoubleSpinBox(sampling_body);
    temperature_->setObjectName("ChatTemperature");
    temperature_->setRange(0.0, 2.0);
    temperature_->setSingleStep(0.1);
    temperature_->setToolTip(tr("0 = always the most likely word (deterministic)"));
    top_p_ = new QDoubleSpinBox(sampling_body);
    top_p_->setObjectName("ChatTopP");
    top_p_->setRange(0.05, 1.0);
    top_p_->setSingleStep(0.05);
    max_tokens_ = new QSpinBox(sampling_body);
    max_tokens_->setObjectName("ChatMaxTokens");
    max_tokens_->setRange(1, 8192);
    system_prompt_ = new QPlainTextEdit(sampling_body);
    system_prompt_->setObjectName("ChatSystemPrompt");
    system_prompt_->setPlaceholderText(tr("Default: the checkpoint's vicuna-v1 system prompt"));
    system_prompt_->setMaximumHeight(60);
    form->addRow(tr("Temperature"), temperature_);
    form->addRow(tr("Top-p"), top_p_);
    form->addRow(tr("Max tokens"), max_tokens_);
    form->addRow(tr("System prompt"), system_prompt_);
    sampling_layout->addWidget(sampling_body);
    sampling_body->setVisible(false);
    connect(fold, &QToolButton::toggled, this, [fold, sampling_body](bool open) {
        sampling_body->setVisible(open);
        fold->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
    });
    layout->addWidget(sampling);
    setWidget(body);

    const GenerationDefaults g = settings_.generation();
    setParams(GenerationParams{g.temperature, g.top_p, g.max_tokens, g.system_prompt});
    for (auto* spin : {temperature_, top_p_})
        connect(spin, &QDoubleSpinBox::valueChanged, this, &ChatDock::saveParams);
    connect(max_tokens_, &QSpinBox::valueChanged, this, &ChatDock::saveParams);
    connect(system_prompt_, &QPlainTextEdit::textChanged, this, &ChatDock::saveParams);

    connect(send_, &QPushButton::clicked, this, &ChatDock::send);
    connect(stop_, &QPushButton::clicked, &chat_, &ChatSession::stop);
    connect(regenerate_, &QPushButton::clicked, this, [this] { chat_.regenerate(params()); });
    connect(edit_, &QPushButton::clicked, this, &ChatDock::beginEditLast);
    connect(new_chat_, &QPushButton::clicked, this, [this] {
        editing_index_ = -1;
        chat_.newConversation();
    });
    connect(&chat_, &ChatSession::generatingChanged, this, [this](bool generating) {
        if (generating) {
            wait_clock_.start();
            wait_timer_.start();
        } else {
            wait_timer_.stop();
        }
        refreshState();
    });
    connect(&chat_, &ChatSession::firstToken, this, [this] {
        wait_timer_.stop();
        stats_->setText(
            tr("First token after %1 s").arg(wait_clock_.elapsed() / 1000.0, 0, 'f', 1));
    });
    connect(&chat_, &ChatSession::replyFinished, this, &ChatDock::onFinished);
    connect(&chat_, &ChatSession::entriesChanged, this, &ChatDock::refreshState);
    connect(&model_, &ModelService::engineChanged, this, &ChatDock::refreshState);
    connect(&model_, &ModelService::loadingStarted, this, &ChatDock::refreshState);
    wait_timer_.setInterval(100);
    connect(&wait_timer_, &QTimer::timeout, this, [this] {
        stats_->setText(tr("Waiting for the first token… %1 s (Stop cancels)")
                            .arg(wait_clock_.elapsed() / 1000.0, 0, 'f', 1));
    });
    refreshState();
}

GenerationParams ChatDock::params() const {
    return GenerationParams{temperature_->value(), top_p_->value(), max_tokens_->value(),
                            system_prompt_->toPlainText()};
}

void ChatDock::setParams(const GenerationParams& p) {
    temperature_->setValue(p.temperature);
    top_p_->setValue(p.top_p);
    max_tokens_->setValue(p.max_tokens);
    system_prompt_->setPlainText(p.system_prompt);
}

void ChatDock::saveParams() {
    const GenerationParams p = params();
    settings_.setGeneration(
        GenerationDefaults{p.temperature, p.top_p, p.max_tokens, p.system_prompt});
}

QString ChatDock::notice() const {
    return notice_->text();
}
QString ChatDock::statsText() const {
    return stats_->text();
}

void ChatDock::send() {
    const QString text = input_->toPlainText();
    bool sent = false;
    if (editing_index_ >= 0)
        sent = chat_.editAndResend(editing_index_, text, params());
    else
        sent = chat_.send(text, params());
    if (sent) {
        input_->clear();
        editing_index_ = -1;
        send_->setText(tr("Send"));
    }
    refreshState();
}

void ChatDock::beginEditLast() {
    const auto& entries = chat_.entries();
    for (int i = int(entries.size()) - 1; i >= 0; --i) {
        if (entries[size_t(i)].role != ChatEntry::Role::User)
            continue;
        editing_index_ = i;
        input_->setPlainText(entries[size_t(i)].text);
        input_->setFocus();
        send_->setText(tr("Resend"));
        return;
    }
}

void ChatDock::onFinished(const ChatResult& result) {
    stats_->setText(tr("First token %1 ms (image %2 ms) · %3 tokens/s · stopped: %4")
                        .arg(result.vision_ms + result.prefill_ms, 0, 'f', 0)
                        .arg(result.vision_ms, 0, 'f', 0)
                        .arg(result.tokens_per_s, 0, 'f', 1)
                        .arg(result.stop_reason));
}

void ChatDock::refreshState() {
    // What the model can do, in one line the user sees before asking.
    QString notice;
    if (model_.isLoading()) {
        notice = tr("Loading the model…");
    } else if (!model_.engine()) {
        notice = tr("No model loaded: choose a checkpoint in Settings.");
    } else {
        const auto& info = model_.engine()->info();
        if (info.is_demo)
            notice =
                tr("Demo model: a small model for trying the workbench; its answers are not "
                   "Face-LLaVA's quality.");
        if (info.device == "cpu")
            notice += (notice.isEmpty() ? QString() : QStringLiteral(" ")) +
                      tr("Running on CPU: the first token may take a while.");
    }
    notice_->setText(notice);
    notice_->setVisible(!notice.isEmpty());

    const FaceAttachment* face = chat_.conversationFace();
    if (face) {
        face_thumb_->setPixmap(QPixmap::fromImage(face->thumbnail));
        face_text_->setText(
            tr("Asking about face %1 (frame %2)").arg(face->face_id).arg(face->key.frame));
    } else {
        face_thumb_->clear();
        face_text_->setText(tr("No face selected: open a photo or video with a face."));
    }
    const bool generating = chat_.isGenerating();
    const bool has_user_turn = !chat_.entries().empty();
    const QString why = chat_.cannotSendReason();
    send_->setEnabled(why.isEmpty());
    send_->setToolTip(why.isEmpty() ? tr("Ask the question (Ctrl+Enter)") : why);
    stop_->setEnabled(generating);
    regenerate_->setEnabled(!generating && has_user_turn && model_.engine() != nullptr);
    edit_->setEnabled(!generating && has_user_turn && model_.engine() != nullptr);
    new_chat_->setEnabled(!generating);
}

}  // namespace facellava::ui
