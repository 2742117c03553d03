#include "models/chat_session.h"

#include <QJsonDocument>
#include <QJsonObject>

#include "facellava/core/store/session_store.h"
#include "jobs/model_service.h"
#include "models/session_context.h"

namespace facellava::ui {
namespace {

std::string json_text(const QJsonObject& object) {
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString();
}

}  // namespace

ChatSession::ChatSession(ModelService& model, SessionContext& session, QObject* parent)
    : QObject(parent), model_(model), session_(session), saved_(std::make_shared<Saved>()) {}

ChatSession::~ChatSession() {
    if (job_)
        job_->cancel();
    delete job_;  // waits for the worker
}

void ChatSession::setAttachment(std::optional<FaceAttachment> attachment) {
    attachment_ = std::move(attachment);
}

const FaceAttachment* ChatSession::conversationFace() const {
    if (conversation_face_)
        return &*conversation_face_;
    return attachment_ ? &*attachment_ : nullptr;
}

QString ChatSession::cannotSendReason() const {
    if (model_.isLoading())
        return tr("The model is still loading.");
    if (!model_.engine())
        return tr("No model loaded: choose a checkpoint in Settings.");
    if (job_)
        return tr("Wait for the answer, or press Stop.");
    if (!conversationFace())
        return tr("Open a photo or video with a face first.");
    return {};
}

bool ChatSession::send(const QString& text, const GenerationParams& params) {
    if (text.trimmed().isEmpty() || !cannotSendReason().isEmpty())
        return false;
    if (!conversation_face_ && attachment_)
        conversation_face_ = attachment_;
    ChatEntry user;
    user.role = ChatEntry::Role::User;
    user.text = text.trimmed();
    user.face_id = conversation_face_->face_id;
    user.key = conversation_face_->key;
    user.thumbnail = conversation_face_->thumbnail;
    entries_.push_back(user);
    saveUser(user, params);
    return generate(params);
}

bool ChatSession::regenerate(const GenerationParams& params) {
    if (job_ || entries_.empty())
        return false;
    int last_user = int(entries_.size()) - 1;
    while (last_user >= 0 && entries_[size_t(last_user)].role != ChatEntry::Role::User)
        --last_user;
    if (last_user < 0)
        return false;
    if (!conversationFace() || !model_.engine())
        return false;
    truncate(last_user + 1);
    return generate(params);
}

bool ChatSession::editAndResend(int index, const QString& text, const GenerationParams& params) {
    if (job_ || index < 0 || index >= int(entries_.size()))
        return false;
    if (entries_[size_t(index)].role != ChatEntry::Role::User || text.trimmed().isEmpty())
        return false;
    if (!conversationFace() || !model_.engine())
        return false;
    ChatEntry edited = entries_[size_t(index)];
    edited.text = text.trimmed();
    truncate(index);
    entries_.push_back(edited);
    saveUser(edited, params);
    return generate(params);
}

void ChatSession::truncate(int count) {
    entries_.resize(size_t(count));
    emit entriesChanged();
    session_.run([saved = saved_, count](store::SessionStore& store, WriterState&) {
        if (saved->conversation == 0)
            return;
        const size_t keep = std::min(saved->ids.size(), size_t(count));
        store.chat().remove_messages_after(saved->conversation,
                                           keep == 0 ? 0 : saved->ids[keep - 1]);
        saved->ids.resize(keep);
    });
}

bool ChatSession::generate(const GenerationParams& params) {
    const FaceAttachment* face = conversationFace();
    model::ChatRequest request;
    for (const auto& entry : entries_)
        request.turns.push_back({entry.role == ChatEntry::Role::User
                                     ? model::ChatTurn::Role::User
                                     : model::ChatTurn::Role::Assistant,
                                 entry.text.toStdString()});
    request.frames = {face->frame};
    if (!params.system_prompt.trimmed().isEmpty())
        request.system_prompt = params.system_prompt.toStdString();
    request.settings.temperature = float(params.temperature);
    request.settings.top_p = float(params.top_p);
    request.settings.max_new_tokens = params.max_tokens;
    request.settings.seed = next_seed_++;

    ChatEntry answer;
    answer.role = ChatEntry::Role::Assistant;
    answer.streaming = true;
    entries_.push_back(answer);
    emit entriesChanged();

    running_params_ = params;
    got_first_token_ = false;
    job_ = new ChatJob(model_.engine(), std::move(request));
    connect(job_, &ChatJob::textReceived, this, &ChatSession::onText);
    connect(job_, &ChatJob::resultReady, this, &ChatSession::onFinished);
    connect(job_, &ChatJob::failed, this, &ChatSession::onFailed);
    job_->start();
    emit generatingChanged(true);
    return true;
}

void ChatSession::stop() {
    if (job_)
        job_->cancel();
}

void ChatSession::onText(const QString& piece) {
    if (entries_.empty())
        return;
    entries_.back().text += piece;
    if (!got_first_token_) {
        got_first_token_ = true;
        emit firstToken();
    }
    emit entryUpdated(int(entries_.size()) - 1);
}

void ChatSession::onFinished(const ChatResult& result) {
    ChatEntry& answer = entries_.back();
    answer.streaming = false;
    answer.text = result.text;  // the engine's whole text (the streamed pieces add up to it)
    answer.stop_reason = result.stop_reason;
    answer.vision_ms = result.vision_ms;
    answer.ttft_ms = result.vision_ms + result.prefill_ms;
    answer.tokens_per_s = result.tokens_per_s;
    answer.tokens = result.tokens;
    saveAssistant(answer, running_params_);
    job_->deleteLater();
    job_ = nullptr;
    emit entryUpdated(int(entries_.size()) - 1);
    emit generatingChanged(false);
    emit replyFinished(result);
}

void ChatSession::onFailed(const UserError& error) {
    entries_.pop_back();  // the empty answer
    job_->deleteLater();
    job_ = nullptr;
    emit entriesChanged();
    emit generatingChanged(false);
    emit failed(error);
}

void ChatSession::saveUser(const ChatEntry& entry, const GenerationParams& params) {
    store::ChatMessage message;
    message.role = store::ChatRole::User;
    message.text = entry.text.toStdString();
    message.frame = entry.key.frame;
    const QString media = entry.key.media;
    const int face_id = entry.face_id;
    const std::string title = entry.text.left(60).toStdString();
    session_.run(
        [saved = saved_, message, media, face_id, title](store::SessionStore& store,
                                                         WriterState& state) mutable {
            if (saved->conversation == 0)
                saved->conversation = store.chat().create_conversation(state.session_id, title);
            message.conversation_id = saved->conversation;
            if (const store::Id media_id = state.media_id(media)) {
                message.media_id = media_id;
                if (face_id >= 0)
                    message.track_id = store.faces().track_for(media_id, face_id);
            }
            saved->ids.push_back(store.chat().add_message(message));
            return saved->conversation;
        },
        [this](store::Id conversation) {
            if (conversation != conversation_id_) {
                conversation_id_ = conversation;
                emit conversationChanged(conversation);
            }
        },
        this);
    Q_UNUSED(params);
}

void ChatSession::saveAssistant(const ChatEntry& entry, const GenerationParams& params) {
    store::ChatMessage message;
    message.role = store::ChatRole::Assistant;
    message.text = entry.text.toStdString();
    message.sampling_json = json_text({{"temperature", params.temperature},
                                       {"top_p", params.top_p},
                                       {"max_tokens", params.max_tokens},
                                       {"system_prompt", params.system_prompt}});
    message.timings_json = json_text({{"vision_ms", entry.vision_ms},
                                      {"time_to_first_token_ms", entry.ttft_ms},
                                      {"tokens_per_s", entry.tokens_per_s},
                                      {"tokens", qint64(entry.tokens)},
                                      {"stop_reason", entry.stop_reason}});
    session_.run([saved = saved_, message](store::SessionStore& store, WriterState&) mutable {
        if (saved->conversation == 0)
            return;
        message.conversation_id = saved->conversation;
        saved->ids.push_back(store.chat().add_message(message));
    });
}

void ChatSession::newConversation() {
    if (job_)
        return;
    entries_.clear();
    conversation_face_.reset();
    saved_ = std::make_shared<Saved>();  // jobs already posted keep the old bookkeeping
    conversation_id_ = 0;
    emit entriesChanged();
    emit conversationChanged(0);
}

void ChatSession::loadConversation(store::Id id) {
    if (job_)
        return;
    auto saved = std::make_shared<Saved>();
    saved_ = saved;
    session_.run(
        [saved, id](store::SessionStore& store, WriterState&) {
            saved->conversation = id;
            std::vector<ChatEntry> loaded;
            for (const auto& m : store.chat().messages(id)) {
                if (m.role == store::ChatRole::System)
                    continue;
                saved->ids.push_back(m.id);
                ChatEntry entry;
                entry.role = m.role == store::ChatRole::User ? ChatEntry::Role::User
                                                             : ChatEntry::Role::Assistant;
                entry.text = QString::fromStdString(m.text);
                if (m.frame)
                    entry.key.frame = *m.frame;
                const QJsonObject timings =
                    QJsonDocument::fromJson(QByteArray::fromStdString(m.timings_json)).object();
                entry.stop_reason = timings.value("stop_reason").toString();
                entry.ttft_ms = timings.value("time_to_first_token_ms").toDouble();
                entry.tokens_per_s = timings.value("tokens_per_s").toDouble();
                entry.vision_ms = timings.value("vision_ms").toDouble();
                loaded.push_back(entry);
            }
            return loaded;
        },
        [this, id](const std::vector<ChatEntry>& loaded) {
            entries_ = loaded;
            conversation_face_.reset();  // the current face is used for follow-up questions
            conversation_id_ = id;
            emit entriesChanged();
            emit conversationChanged(id);
        },
        this);
}

}  // namespace facellava::ui
