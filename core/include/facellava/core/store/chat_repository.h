// Chat history: conversations and their messages, with the face or frame
// discussed, the sampling settings used and the measured timings.
#pragma once

#include <string>
#include <vector>

#include "facellava/core/store/records.h"
#include "facellava/core/store/repository.h"

namespace facellava::store {

class ChatRepository : public Repository {
  public:
    using Repository::Repository;

    Id create_conversation(Id session_id, const std::string& title);
    std::vector<Conversation> conversations(Id session_id) const;
    void rename_conversation(Id id, const std::string& title);
    void remove_conversation(Id id);

    Id add_message(const ChatMessage& message);  // created_at filled in when empty
    std::vector<ChatMessage> messages(Id conversation_id) const;
    // Regenerate / edit-and-resend: drops every message after message_id.
    int remove_messages_after(Id conversation_id, Id message_id);
    // Messages of a session whose text contains `text` (case-insensitive for ASCII).
    std::vector<ChatMessage> search(Id session_id, const std::string& text) const;
};

}  // namespace facellava::store
