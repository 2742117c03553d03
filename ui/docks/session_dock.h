// The session browser: sessions of the open session file (open, rename,
// delete after confirmation), the conversations of the current session, and a
// search over every chat message of the session. Reads run on the store's
// writer thread like every other store access.
#pragma once

#include <QDockWidget>
#include <QPointer>

class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
#include <QMessageBox>
class QPushButton;

namespace facellava::ui {

class SessionContext;

class SessionDock : public QDockWidget {
    Q_OBJECT
  public:
    explicit SessionDock(SessionContext& session, QWidget* parent = nullptr);

    QListWidget* sessions() const { return sessions_; }
    QListWidget* conversations() const { return conversations_; }
    QListWidget* results() const { return results_; }
    QLineEdit* searchField() const { return search_; }
    // The confirmation box of a pending delete (tests press its buttons).
    QMessageBox* pendingConfirmation() const { return confirm_; }

  public slots:
    void reload();
    void search(const QString& text);
    void renameSession(qint64 id, const QString& name);
    // Asks for confirmation (non-blocking), then deletes the session and everything in it.
    void requestDelete(qint64 id);
    void newSession(const QString& name);

  signals:
    void conversationChosen(qint64 conversation_id);
    void openFileRequested();
    void newFileRequested();

  private:
    void onSessionEdited(QListWidgetItem* item);

    SessionContext& session_;
    QLabel* file_ = nullptr;
    QListWidget* sessions_ = nullptr;
    QListWidget* conversations_ = nullptr;
    QLineEdit* search_ = nullptr;
    QListWidget* results_ = nullptr;
    QPointer<QMessageBox> confirm_;
    bool filling_ = false;
};

}  // namespace facellava::ui
