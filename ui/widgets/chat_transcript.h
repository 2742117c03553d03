// The conversation as rich text: each question with the thumbnail of the face
// it is about, each answer with its timings and stop reason. Streaming updates
// are rendered at most ~30 times a second.
#pragma once

#include <QTextBrowser>
#include <QTimer>

namespace facellava::ui {

class ChatSession;

class ChatTranscript : public QTextBrowser {
    Q_OBJECT
  public:
    ChatTranscript(ChatSession& chat, QWidget* parent = nullptr);

    // Renders now (tests call it instead of waiting for the throttle).
    void render();

  private:
    void scheduleRender();

    ChatSession& chat_;
    QTimer throttle_;
};

}  // namespace facellava::ui
