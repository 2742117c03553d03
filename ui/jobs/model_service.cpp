#include "jobs/model_service.h"

#include <QDir>
#include <QtConcurrent>

#include "facellava/model/engine.h"
#include "support/thread_priority.h"

namespace facellava::ui {

QString format_parameters(int64_t count) {
    if (count >= 1'000'000'000)
        return QObject::tr("%1 B parameters").arg(double(count) / 1e9, 0, 'f', 2);
    if (count >= 1'000'000)
        return QObject::tr("%1 M parameters").arg(double(count) / 1e6, 0, 'f', 1);
    return QObject::tr("%1 k parameters").arg(double(count) / 1e3, 0, 'f', 0);
}

ModelService::ModelService(QObject* parent) : QObject(parent) {
    connect(&watcher_, &QFutureWatcher<Outcome>::finished, this, &ModelService::onDone);
}

ModelService::~ModelService() {
    watcher_.waitForFinished();
}

void ModelService::load(const QString& checkpoint_dir, const QString& device,
                        const model::TowerLocations& towers) {
    if (checkpoint_dir.isEmpty()) {
        unload();
        return;
    }
    if (loading_) {
        // The running load finishes first; its engine is then dropped for this one.
        pending_ = Request{checkpoint_dir, device, towers};
        return;
    }
    loading_ = true;
    emit loadingStarted(checkpoint_dir);
    const std::string dir = QDir(checkpoint_dir).absolutePath().toStdString();
    model::EngineOptions options;
    options.device = device.isEmpty() ? "auto" : device.toStdString();
    options.towers = towers;
    watcher_.setFuture(QtConcurrent::run([dir, options, checkpoint_dir]() {
        lower_current_thread_priority();
        Outcome outcome;
        outcome.dir = checkpoint_dir;
        try {
            outcome.engine = model::FaceLlavaEngine::load(dir, options);
        } catch (...) {
            outcome.error = ErrorReporter::describe(tr("Cannot load the Face-LLaVA checkpoint"),
                                                    std::current_exception(),
                                                    tr("Choose a checkpoint folder (config.json, "
                                                       "tokenizer.model, weights) in Settings."));
            if (outcome.error.file.isEmpty())
                outcome.error.file = checkpoint_dir;
        }
        return outcome;
    }));
}

void ModelService::unload() {
    engine_.reset();
    dir_.clear();
    emit engineChanged();
}

void ModelService::onDone() {
    loading_ = false;
    Outcome outcome = watcher_.result();
    if (pending_) {
        const Request next = *pending_;
        pending_.reset();
        load(next.dir, next.device, next.towers);
        return;
    }
    if (!outcome.engine) {
        emit failed(outcome.error);
        emit engineChanged();
        return;
    }
    engine_ = std::move(outcome.engine);
    dir_ = outcome.dir;
    const auto& info = engine_->info();
    qInfo().noquote() << "loaded checkpoint" << dir_ << "on" << QString::fromStdString(info.device)
                      << QString::fromStdString(info.dtype) << format_parameters(info.parameters);
    emit engineChanged();
}

QString ModelService::summary() const {
    if (loading_)
        return tr("Model: loading…");
    if (!engine_)
        return tr("Model: none");
    const auto& info = engine_->info();
    const QString name = info.model_card_name.empty()
                             ? QDir(dir_).dirName()
                             : QString::fromStdString(info.model_card_name);
    return tr("Model: %1 · %2%3")
        .arg(name, format_parameters(info.parameters), info.is_demo ? tr(" · demo") : QString());
}

bool ModelService::isDemo() const {
    return engine_ && engine_->info().is_demo;
}

QString ModelService::device() const {
    if (!engine_)
        return {};
    const auto& info = engine_->info();
    return QString::fromStdString(info.device + " " + info.dtype);
}

}  // namespace facellava::ui
