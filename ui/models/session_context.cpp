#include "models/session_context.h"

#include <QFileInfo>

#include "facellava/core/error.h"
#include "facellava/core/store/session_store.h"

namespace facellava::ui {

SessionContext::SessionContext(QObject* parent)
    : QObject(parent), state_(std::make_shared<WriterState>()) {
    qRegisterMetaType<UserError>();
}

SessionContext::~SessionContext() {
    writer_.reset();
}

void SessionContext::open(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    auto writer =
        std::make_unique<store::StoreWriter>(absolute.toStdString());  // throws on a bad file
    writer_.reset();  // finishes the old file's jobs first
    writer_ = std::move(writer);
    state_ = std::make_shared<WriterState>();
    path_ = absolute;
    session_id_ = 0;
    session_name_.clear();
    media_ids_.clear();
    writer_->set_error_handler([self = this](std::exception_ptr error) {
        const UserError described =
            ErrorReporter::describe(tr("Saving to the session file failed"), error,
                                    tr("Check free disk space and that the session file is "
                                       "writable; your last edit may not be saved."));
        QMetaObject::invokeMethod(
            self, [self, described] { emit self->failed(described); }, Qt::QueuedConnection);
    });
    emit opened(path_);
    run(
        [](store::SessionStore& store, WriterState& state) {
            auto sessions = store.sessions().list();
            store::SessionInfo info;
            if (sessions.empty()) {
                info.id = store.sessions().create("Workbench");
                info.name = "Workbench";
            } else {
                info = sessions.front();
            }
            state.session_id = info.id;
            state.media_ids.clear();
            return std::make_pair(info.id, QString::fromStdString(info.name));
        },
        [this](const std::pair<store::Id, QString>& session) {
            onSession(session.first, session.second);
        });
}

void SessionContext::selectSession(store::Id id) {
    run(
        [id](store::SessionStore& store, WriterState& state) {
            auto info = store.sessions().find(id);
            if (!info)
                throw facellava::Error("the session no longer exists", store.path(),
                                       "pick another session");
            state.session_id = id;
            state.media_ids.clear();
            return std::make_pair(id, QString::fromStdString(info->name));
        },
        [this](const std::pair<store::Id, QString>& session) {
            media_ids_.clear();
            onSession(session.first, session.second);
        });
}

void SessionContext::onSession(store::Id id, const QString& name) {
    session_id_ = id;
    session_name_ = name;
    emit sessionChanged(id, name);
}

void SessionContext::registerMedia(const MediaInfo& info) {
    const QString path = info.path;
    run(
        [info](store::SessionStore& store, WriterState& state) {
            const std::string file = info.path.toStdString();
            auto record = store::MediaRepository::describe_file(
                file, info.is_video ? store::MediaKind::Video : store::MediaKind::Image);
            store::Id id = 0;
            for (const auto& existing : store.media().find_by_sha256(record.sha256)) {
                if (existing.session_id != state.session_id)
                    continue;
                id = existing.id;
                if (existing.path != record.path)
                    store.media().update_path(id, record.path);
                break;
            }
            if (id == 0) {
                record.session_id = state.session_id;
                record.fps = info.fps;
                record.frames = info.frame_count;
                record.width = info.size.width();
                record.height = info.size.height();
                id = store.media().add(record);
            }
            state.media_ids[file] = id;
            return id;
        },
        [this, path](store::Id id) {
            media_ids_[path] = id;
            emit mediaRegistered(path, id);
        });
}

store::Id SessionContext::mediaId(const QString& path) const {
    auto it = media_ids_.find(path);
    return it == media_ids_.end() ? 0 : it->second;
}

void SessionContext::flush() {
    if (writer_)
        writer_->flush();
}

}  // namespace facellava::ui
