#include "docks/session_dock.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include "facellava/core/store/session_store.h"
#include "models/session_context.h"

namespace facellava::ui {
namespace {

constexpr int kIdRole = Qt::UserRole + 1;
constexpr int kConversationRole = Qt::UserRole + 2;

struct Listing {
    std::vector<store::SessionInfo> sessions;
    std::vector<store::Conversation> conversations;
};

}  // namespace

SessionDock::SessionDock(SessionContext& session, QWidget* parent)
    : QDockWidget(tr("Sessions"), parent), session_(session) {
    setObjectName("SessionDock");
    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);
    file_ = new QLabel(body);
    file_->setObjectName("SessionFile");
    file_->setWordWrap(true);
    file_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(file_);
    auto* file_buttons = new QHBoxLayout();
    auto* open_file = new QPushButton(tr("Open file…"), body);
    auto* new_file = new QPushButton(tr("New file…"), body);
    file_buttons->addWidget(open_file);
    file_buttons->addWidget(new_file);
    layout->addLayout(file_buttons);

    layout->addWidget(new QLabel(tr("Sessions (double-click to rename)"), body));
    sessions_ = new QListWidget(body);
    sessions_->setObjectName("SessionList");
    sessions_->setEditTriggers(QAbstractItemView::DoubleClicked |
                               QAbstractItemView::EditKeyPressed);
    layout->addWidget(sessions_, 1);
    auto* session_buttons = new QHBoxLayout();
    auto* open = new QPushButton(tr("Open"), body);
    open->setObjectName("OpenSession");
    auto* add = new QPushButton(tr("New"), body);
    add->setObjectName("NewSession");
    auto* remove = new QPushButton(tr("Delete…"), body);
    remove->setObjectName("DeleteSession");
    session_buttons->addWidget(open);
    session_buttons->addWidget(add);
    session_buttons->addWidget(remove);
    layout->addLayout(session_buttons);

    layout->addWidget(new QLabel(tr("Conversations"), body));
    conversations_ = new QListWidget(body);
    conversations_->setObjectName("ConversationList");
    layout->addWidget(conversations_, 1);

    search_ = new QLineEdit(body);
    search_->setObjectName("ChatSearch");
    search_->setPlaceholderText(tr("Search chats…"));
    search_->setClearButtonEnabled(true);
    layout->addWidget(search_);
    results_ = new QListWidget(body);
    results_->setObjectName("ChatSearchResults");
    layout->addWidget(results_, 1);
    setWidget(body);

    connect(open_file, &QPushButton::clicked, this, &SessionDock::openFileRequested);
    connect(new_file, &QPushButton::clicked, this, &SessionDock::newFileRequested);
    connect(open, &QPushButton::clicked, this, [this] {
        if (auto* item = sessions_->currentItem())
            session_.selectSession(item->data(kIdRole).toLongLong());
    });
    connect(add, &QPushButton::clicked, this,
            [this] { newSession(tr("Session %1").arg(sessions_->count() + 1)); });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (auto* item = sessions_->currentItem())
            requestDelete(item->data(kIdRole).toLongLong());
    });
    connect(sessions_, &QListWidget::itemChanged, this, &SessionDock::onSessionEdited);
    connect(conversations_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        emit conversationChosen(item->data(kConversationRole).toLongLong());
    });
    connect(results_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        emit conversationChosen(item->data(kConversationRole).toLongLong());
    });
    // Search as the user types, but not on every key: one query after a short pause.
    auto* debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(250);
    connect(search_, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
    connect(debounce, &QTimer::timeout, this, [this] { search(search_->text()); });

    connect(&session_, &SessionContext::opened, this, [this](const QString& path) {
        file_->setText(tr("File: %1").arg(QFileInfo(path).fileName()));
        file_->setToolTip(path);
    });
    connect(&session_, &SessionContext::sessionChanged, this, &SessionDock::reload);
}

void SessionDock::reload() {
    const store::Id current = session_.sessionId();
    session_.run(
        [](store::SessionStore& store, WriterState& state) {
            Listing listing;
            listing.sessions = store.sessions().list();
            listing.conversations = store.chat().conversations(state.session_id);
            return listing;
        },
        [this, current](const Listing& listing) {
            filling_ = true;
            sessions_->clear();
            for (const auto& s : listing.sessions) {
                auto* item = new QListWidgetItem(QString::fromStdString(s.name), sessions_);
                item->setData(kIdRole, qint64(s.id));
                item->setFlags(item->flags() | Qt::ItemIsEditable);
                item->setToolTip(tr("Created %1").arg(QString::fromStdString(s.created_at)));
                if (s.id == current) {
                    QFont bold = item->font();
                    bold.setBold(true);
                    item->setFont(bold);
                    sessions_->setCurrentItem(item);
                }
            }
            filling_ = false;
            conversations_->clear();
            for (const auto& c : listing.conversations) {
                auto* item =
                    new QListWidgetItem(tr("%1 — %2").arg(QString::fromStdString(c.title),
                                                          QString::fromStdString(c.created_at)),
                                        conversations_);
                item->setData(kConversationRole, qint64(c.id));
            }
        },
        this);
}

void SessionDock::search(const QString& text) {
    if (text.trimmed().isEmpty()) {
        results_->clear();
        return;
    }
    const std::string needle = text.trimmed().toStdString();
    session_.run(
        [needle](store::SessionStore& store, WriterState& state) {
            return store.chat().search(state.session_id, needle);
        },
        [this](const std::vector<store::ChatMessage>& found) {
            results_->clear();
            for (const auto& m : found) {
                const QString who = m.role == store::ChatRole::User ? tr("You") : tr("Face-LLaVA");
                auto* item = new QListWidgetItem(
                    tr("%1: %2").arg(who, QString::fromStdString(m.text).left(120).simplified()),
                    results_);
                item->setData(kConversationRole, qint64(m.conversation_id));
            }
            if (found.empty())
                results_->addItem(tr("No message contains that text."));
        },
        this);
}

void SessionDock::onSessionEdited(QListWidgetItem* item) {
    if (filling_)
        return;
    const QString name = item->text().trimmed();
    if (name.isEmpty()) {
        reload();  // an empty name is refused: show the old one again
        return;
    }
    renameSession(item->data(kIdRole).toLongLong(), name);
}

void SessionDock::renameSession(qint64 id, const QString& name) {
    const std::string text = name.toStdString();
    session_.run(
        [id, text](store::SessionStore& store, WriterState&) {
            auto info = store.sessions().find(id);
            if (!info)
                return;
            info->name = text;
            store.sessions().update(*info);
        },
        [this] { reload(); }, this);
}

void SessionDock::newSession(const QString& name) {
    const std::string text = name.toStdString();
    session_.run(
        [text](store::SessionStore& store, WriterState&) { return store.sessions().create(text); },
        [this](store::Id id) { session_.selectSession(id); }, this);
}

void SessionDock::requestDelete(qint64 id) {
    if (id == session_.sessionId()) {
        auto* box = new QMessageBox(
            QMessageBox::Information, tr("Delete session"),
            tr("This session is open. Open another session first, then delete this one."),
            QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();  // non-blocking, like every dialog of the workbench's own
        return;
    }
    QString name;
    for (int i = 0; i < sessions_->count(); ++i)
        if (sessions_->item(i)->data(kIdRole).toLongLong() == id)
            name = sessions_->item(i)->text();
    confirm_ = new QMessageBox(
        QMessageBox::Warning, tr("Delete session"),
        tr("Delete the session “%1” with all its media records, faces, annotations and "
           "chats? This cannot be undone.")
            .arg(name),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    confirm_->setObjectName("ConfirmDelete");
    confirm_->setDefaultButton(QMessageBox::Cancel);
    confirm_->setAttribute(Qt::WA_DeleteOnClose);
    connect(confirm_, &QMessageBox::finished, this, [this, id](int result) {
        if (result != QMessageBox::Yes)
            return;
        session_.run(
            [id](store::SessionStore& store, WriterState&) { store.sessions().remove(id); },
            [this] { reload(); }, this);
    });
    confirm_->open();
}

}  // namespace facellava::ui
