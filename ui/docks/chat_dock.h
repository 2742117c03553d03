// The chat panel: which face is asked about (thumbnail), the transcript with
// streaming answers, Send / Stop / Regenerate / Edit-and-resend / New chat,
// sampling controls and the last reply's speed. The model-state notice says
// when no checkpoint is loaded, when it is the demo model, or when it runs on CPU.
#pragma once

#include <QDockWidget>
#include <QElapsedTimer>
#include <QTimer>

#include "models/chat_session.h"

class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace facellava::ui {

class ChatTranscript;
class ModelService;
class Settings;

class ChatDock : public QDockWidget {
    Q_OBJECT
  public:
    ChatDock(ChatSession& chat, ModelService& model, Settings& settings, QWidget* parent = nullptr);

    GenerationParams params() const;
    void setParams(const GenerationParams& params);
    QPlainTextEdit* input() const { return input_; }
    QPushButton* sendButton() const { return send_; }
    QPushButton* stopButton() const { return stop_; }
    QPushButton* regenerateButton() const { return regenerate_; }
    QPushButton* editButton() const { return edit_; }
    ChatTranscript* transcript() const { return transcript_; }
    QString notice() const;
    QString statsText() const;

  public slots:
    void send();
    void refreshState();

  private:
    void beginEditLast();
    void onFinished(const ChatResult& result);
    void saveParams();

    ChatSession& chat_;
    ModelService& model_;
    Settings& settings_;
    QLabel* notice_ = nullptr;
    QLabel* face_thumb_ = nullptr;
    QLabel* face_text_ = nullptr;
    ChatTranscript* transcript_ = nullptr;
    QPlainTextEdit* input_ = nullptr;
    QPushButton* send_ = nullptr;
    QPushButton* stop_ = nullptr;
    QPushButton* regenerate_ = nullptr;
    QPushButton* edit_ = nullptr;
    QPushButton* new_chat_ = nullptr;
    QDoubleSpinBox* temperature_ = nullptr;
    QDoubleSpinBox* top_p_ = nullptr;
    QSpinBox* max_tokens_ = nullptr;
    QPlainTextEdit* system_prompt_ = nullptr;
    QLabel* stats_ = nullptr;
    int editing_index_ = -1;  // user turn being edited, -1: none
    QElapsedTimer wait_clock_;
    QTimer wait_timer_;  // shows the seconds waited for the first token
};

}  // namespace facellava::ui
