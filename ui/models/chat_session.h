// The conversation in the chat panel: its turns, the face it is about, the
// running generation and its saving into the session file. Generation runs
// in a ChatJob; the store is written through SessionContext (writer thread).
#pragma once

#include <QImage>
#include <QObject>
#include <QPointer>
#include <memory>
#include <optional>
#include <random>
#include <vector>

#include "facellava/core/store/records.h"
#include "jobs/chat_job.h"
#include "models/face_attachment.h"

namespace facellava::ui {

class ModelService;
class SessionContext;

struct GenerationParams {
    double temperature = 0.2;
    double top_p = 0.9;
    int max_tokens = 256;
    QString system_prompt;  // empty: the model's default
};

struct ChatEntry {
    enum class Role { User, Assistant };
    Role role = Role::User;
    QString text;
    // User turns: the face asked about (thumbnail empty for loaded history).
    int face_id = -1;
    FrameKey key;
    QImage thumbnail;
    // Assistant turns.
    bool streaming = false;
    QString stop_reason;
    double vision_ms = 0, ttft_ms = 0, tokens_per_s = 0;
    int64_t tokens = 0;
};

class ChatSession : public QObject {
    Q_OBJECT
  public:
    ChatSession(ModelService& model, SessionContext& session, QObject* parent = nullptr);
    ~ChatSession() override;

    const std::vector<ChatEntry>& entries() const { return entries_; }
    bool isGenerating() const { return job_ != nullptr; }
    store::Id conversationId() const { return conversation_id_; }

    // The face the next question is about (the selected face of the frame on
    // screen); a conversation keeps the face of its first question.
    void setAttachment(std::optional<FaceAttachment> attachment);
    const std::optional<FaceAttachment>& attachment() const { return attachment_; }
    // The face the conversation is about (its first question's), else the attachment.
    const FaceAttachment* conversationFace() const;

    // Why a question cannot be sent now (empty when it can).
    QString cannotSendReason() const;
    // Asks a question; returns false (see cannotSendReason) when it cannot.
    bool send(const QString& text, const GenerationParams& params);
    // Sets the cancel flag; the reply ends within one token.
    void stop();
    // Asks the last question again (drops the last answer).
    bool regenerate(const GenerationParams& params);
    // Replaces user turn `index` with `text`, drops everything after it, asks again.
    bool editAndResend(int index, const QString& text, const GenerationParams& params);
    void newConversation();
    // Loads a saved conversation (asynchronously) from the session file.
    void loadConversation(store::Id id);

  signals:
    void entriesChanged();         // turns added, removed or replaced
    void entryUpdated(int index);  // streaming text of one turn grew
    void generatingChanged(bool generating);
    void firstToken();
    void replyFinished(const facellava::ui::ChatResult& result);
    void failed(const facellava::ui::UserError& error);
    void conversationChanged(qint64 id);

  private:
    // Writer-thread-only bookkeeping of what is saved.
    struct Saved {
        store::Id conversation = 0;
        std::vector<store::Id> ids;  // store id of entries_[i]
    };
    bool generate(const GenerationParams& params);
    void truncate(int count);
    void saveUser(const ChatEntry& entry, const GenerationParams& params);
    void saveAssistant(const ChatEntry& entry, const GenerationParams& params);
    void onText(const QString& piece);
    void onFinished(const ChatResult& result);
    void onFailed(const UserError& error);

    ModelService& model_;
    SessionContext& session_;
    std::vector<ChatEntry> entries_;
    std::optional<FaceAttachment> attachment_;
    std::optional<FaceAttachment> conversation_face_;
    ChatJob* job_ = nullptr;
    GenerationParams running_params_;
    // A fresh sampling seed per answer, so Regenerate with temperature > 0
    // gives another answer (greedy decoding ignores it).
    uint64_t next_seed_ = std::random_device{}();
    bool got_first_token_ = false;
    std::shared_ptr<Saved> saved_;
    store::Id conversation_id_ = 0;
};

}  // namespace facellava::ui
