#include "models/train_config_files.h"

#include <QFutureWatcher>
#include <QtConcurrent>
#include <exception>
#include <optional>
#include <string>
#include <utility>

#include "support/thread_priority.h"

namespace facellava::ui {
namespace {

// Runs `work` (which must capture only values) on the thread pool and `done`
// with its result on the GUI thread, unless `owner` was deleted meanwhile.
template <typename T, typename Work, typename Done>
void off_gui_thread(QObject* owner, Work work, Done done) {
    auto* watcher = new QFutureWatcher<T>(owner);
    QObject::connect(watcher, &QFutureWatcher<T>::finished, owner, [watcher, done]() mutable {
        done(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([work = std::move(work)]() mutable {
        lower_current_thread_priority();
        return work();
    }));
}

}  // namespace

TrainConfigFiles::TrainConfigFiles(QObject* parent) : QObject(parent) {}

void TrainConfigFiles::save(const training::TrainConfig& config, const QString& path) {
    const std::string file = path.toStdString();
    off_gui_thread<QString>(
        this,
        [config, file]() -> QString {
            try {
                training::save_train_config(config, file);
                return {};
            } catch (const std::exception& e) {
                return QString::fromUtf8(e.what());
            }
        },
        [this, path](const QString& error) {
            if (!error.isEmpty()) {
                emit failed({tr("The training config could not be saved"), path,
                             tr("Choose a folder you can write to."), error});
                return;
            }
            emit saved(path);
        });
}

void TrainConfigFiles::load(const QString& path) {
    struct Loaded {
        std::optional<training::TrainConfig> config;
        UserError error;
    };
    const std::string file = path.toStdString();
    off_gui_thread<Loaded>(
        this,
        [file, path]() {
            Loaded result;
            try {
                result.config = training::load_train_config(file);
            } catch (...) {
                result.error = ErrorReporter::describe(
                    QObject::tr("The training config could not be read"), std::current_exception(),
                    QObject::tr("Choose a file written by Save config or `facellava train "
                                "--save-config`."));
                if (result.error.file.isEmpty())
                    result.error.file = path;
            }
            return result;
        },
        [this, path](const Loaded& result) {
            if (!result.config) {
                emit failed(result.error);
                return;
            }
            emit loaded(*result.config, path);
        });
}

}  // namespace facellava::ui
