// The open session file as the GUI uses it. Every read and write runs on the
// StoreWriter's thread (so the GUI thread never waits on SQLite or fsync);
// results come back to the GUI thread through queued calls. Ids that later
// jobs need (the session, the media on screen) live in WriterState, which only
// the writer thread touches, so jobs posted in order always see them.
#pragma once

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QString>
#include <map>
#include <memory>
#include <string>
#include <type_traits>

#include "dialogs/error_reporter.h"
#include "facellava/core/store/store_writer.h"
#include "models/decoded_frame.h"

namespace facellava::ui {

// Touched only on the writer thread.
struct WriterState {
    store::Id session_id = 0;
    std::map<std::string, store::Id> media_ids;  // path → id, in this session
    store::Id media_id(const QString& path) const {
        auto it = media_ids.find(path.toStdString());
        return it == media_ids.end() ? 0 : it->second;
    }
};

class SessionContext : public QObject {
    Q_OBJECT
  public:
    explicit SessionContext(QObject* parent = nullptr);
    ~SessionContext() override;  // runs every job already posted

    // Opens or creates the file (quick: SQLite open + migration) and picks
    // its first session, creating one when it has none. Throws
    // facellava::Error naming the file when it is no session file.
    void open(const QString& path);
    bool isOpen() const { return bool(writer_); }
    QString path() const { return path_; }
    store::Id sessionId() const { return session_id_; }
    QString sessionName() const { return session_name_; }

    // Switches to another session of the file.
    void selectSession(store::Id id);
    // Records the media in the current session (hashes the file on the writer thread).
    void registerMedia(const MediaInfo& info);
    // Media id of a path in the current session, as known on the GUI thread (0: not yet).
    store::Id mediaId(const QString& path) const;

    // job(SessionStore&, WriterState&) → R on the writer thread, in its own
    // transaction; done(R) afterwards on the GUI thread, skipped when
    // `receiver` (the object done works on) has been deleted meanwhile. A job
    // that throws is reported through failed() and done is not called.
    template <typename Job, typename Done>
    void run(Job job, Done done, QObject* receiver = nullptr);
    template <typename Job>
    void run(Job job) {
        run(std::move(job), [](auto&&...) {});
    }

    // Blocks until every posted job has run (tests, shutdown, file switch).
    void flush();

  signals:
    void opened(const QString& path);
    void sessionChanged(qint64 id, const QString& name);
    void mediaRegistered(const QString& path, qint64 media_id);
    void failed(const facellava::ui::UserError& error);

  private:
    void onSession(store::Id id, const QString& name);

    std::unique_ptr<store::StoreWriter> writer_;
    std::shared_ptr<WriterState> state_;
    QString path_;
    store::Id session_id_ = 0;
    QString session_name_;
    std::map<QString, store::Id> media_ids_;
};

template <typename Job, typename Done>
void SessionContext::run(Job job, Done done, QObject* receiver) {
    if (!writer_)
        return;
    using Result = std::invoke_result_t<Job&, store::SessionStore&, WriterState&>;
    auto state = state_;
    // Results are posted to this context (alive while its writer runs jobs);
    // the guard, checked on the GUI thread, skips a receiver deleted since.
    QPointer<QObject> guard(receiver);
    const bool guarded = receiver != nullptr;
    writer_->post([job = std::move(job), done = std::move(done), state, guard, guarded,
                   self = this](store::SessionStore& store) mutable {
        if constexpr (std::is_void_v<Result>) {
            job(store, *state);
            QMetaObject::invokeMethod(
                self,
                [done = std::move(done), guard, guarded]() mutable {
                    if (!guarded || guard)
                        done();
                },
                Qt::QueuedConnection);
        } else {
            Result result = job(store, *state);
            QMetaObject::invokeMethod(
                self,
                [done = std::move(done), result = std::move(result), guard, guarded]() mutable {
                    if (!guarded || guard)
                        done(result);
                },
                Qt::QueuedConnection);
        }
    });
}

}  // namespace facellava::ui
