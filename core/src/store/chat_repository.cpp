#include "facellava/core/store/chat_repository.h"

#include "store/clock.h"
#include "store/sqlite_db.h"

namespace facellava::store {
namespace {

constexpr const char* kColumns =
    "m.id, m.conversation_id, m.role, m.text, m.media_id, m.track_id, m.frame, "
    "m.sampling, m.timings, m.created_at";

ChatMessage read_message(detail::Statement& st) {
    ChatMessage m;
    m.id = st.int64(0);
    m.conversation_id = st.int64(1);
    m.role = chat_role_from_string(st.text(2));
    m.text = st.text(3);
    m.media_id = st.optional_int64(4);
    m.track_id = st.optional_int64(5);
    m.frame = st.optional_int64(6);
    m.sampling_json = st.text(7);
    m.timings_json = st.text(8);
    m.created_at = st.text(9);
    return m;
}

std::vector<ChatMessage> read_all(detail::StatementRef& st) {
    std::vector<ChatMessage> result;
    while (st->step())
        result.push_back(read_message(*st));
    return result;
}

// LIKE pattern matching `text` literally (escaping %, _ and the escape itself).
std::string like_pattern(const std::string& text) {
    std::string pattern = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\')
            pattern += '\\';
        pattern += c;
    }
    return pattern + "%";
}

}  // namespace

Id ChatRepository::create_conversation(Id session_id, const std::string& title) {
    auto st = db().statement(
        "INSERT INTO conversations (session_id, title, created_at) VALUES (?1, ?2, ?3)");
    st->bind(1, session_id).bind(2, title).bind(3, detail::now_utc()).run();
    return db().last_insert_rowid();
}

std::vector<Conversation> ChatRepository::conversations(Id session_id) const {
    auto st = db().statement(
        "SELECT id, session_id, title, created_at FROM conversations WHERE session_id = ?1 ORDER "
        "BY id");
    st->bind(1, session_id);
    std::vector<Conversation> result;
    while (st->step())
        result.push_back({st->int64(0), st->int64(1), st->text(2), st->text(3)});
    return result;
}

void ChatRepository::rename_conversation(Id id, const std::string& title) {
    auto st = db().statement("UPDATE conversations SET title = ?2 WHERE id = ?1");
    st->bind(1, id).bind(2, title).run();
}

void ChatRepository::remove_conversation(Id id) {
    auto st = db().statement("DELETE FROM conversations WHERE id = ?1");
    st->bind(1, id).run();
}

Id ChatRepository::add_message(const ChatMessage& m) {
    auto st = db().statement(
        "INSERT INTO chat_messages (conversation_id, role, text, media_id, track_id, frame, "
        "sampling, timings, "
        "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    st->bind(1, m.conversation_id).bind(2, to_string(m.role)).bind(3, m.text);
    st->bind(4, m.media_id).bind(5, m.track_id).bind(6, m.frame);
    st->bind(7, m.sampling_json.empty() ? std::string("{}") : m.sampling_json);
    st->bind(8, m.timings_json.empty() ? std::string("{}") : m.timings_json);
    st->bind(9, m.created_at.empty() ? detail::now_utc() : m.created_at).run();
    return db().last_insert_rowid();
}

std::vector<ChatMessage> ChatRepository::messages(Id conversation_id) const {
    auto st = db().statement(std::string("SELECT ") + kColumns +
                             " FROM chat_messages m WHERE m.conversation_id = ?1 ORDER BY m.id");
    st->bind(1, conversation_id);
    return read_all(st);
}

int ChatRepository::remove_messages_after(Id conversation_id, Id message_id) {
    auto st = db().statement("DELETE FROM chat_messages WHERE conversation_id = ?1 AND id > ?2");
    st->bind(1, conversation_id).bind(2, message_id).run();
    return db().changes();
}

std::vector<ChatMessage> ChatRepository::search(Id session_id, const std::string& text) const {
    auto st =
        db().statement(std::string("SELECT ") + kColumns +
                       " FROM chat_messages m JOIN conversations c ON c.id = m.conversation_id"
                       " WHERE c.session_id = ?1 AND m.text LIKE ?2 ESCAPE '\\' ORDER BY m.id");
    st->bind(1, session_id).bind(2, like_pattern(text));
    return read_all(st);
}

}  // namespace facellava::store
