#include "jobs/model_service.h"

#include <QDir>

#include "facellava/model/engine.h"

namespace facellava::ui {

QString format_parameters(int64_t count) {
    if (count >= 1'000'000'000)
        return QObject::tr("%1 B parameters").arg(double(count) / 1e9, 0, 'f', 2);
    if (count >= 1'000'000)
        return QObject::tr("%1 M parameters").arg(double(count) / 1e6, 0, 'f', 1);
    return QObject::tr("%1 k parameters").arg(double(count) / 1e3, 0, 'f', 0);
}

QString format_bytes(int64_t bytes) {
    if (bytes >= 1'000'000'000)
        return QObject::tr("%1 GB").arg(double(bytes) / 1e9, 0, 'f', 1);
    if (bytes >= 1'000'000)
        return QObject::tr("%1 MB").arg(double(bytes) / 1e6, 0, 'f', 0);
    return QObject::tr("%1 kB").arg(double(bytes) / 1e3, 0, 'f', 0);
}

ModelService::ModelService(QObject* parent) : Job(parent) {}

ModelService::~ModelService() {
    pending_.reset();
    cancelAndWait();
}

void ModelService::load(const QString& checkpoint_dir, const QString& device,
                        const model::TowerLocations& towers, const QString& weights) {
    if (checkpoint_dir.isEmpty()) {
        unload();
        return;
    }
    if (isRunning()) {
        // The running load finishes first; its engine is then dropped for this one.
        pending_ = Request{checkpoint_dir, device, towers, weights};
        return;
    }
    start(Request{checkpoint_dir, device, towers, weights});
}

bool ModelService::restartIfSuperseded() {
    if (!pending_)
        return false;
    const Request next = *pending_;
    pending_.reset();
    start(next);
    return true;
}

void ModelService::start(const Request& request) {
    const std::string dir = QDir(request.dir).absolutePath().toStdString();
    model::EngineOptions options;
    options.device = request.device.isEmpty() ? "auto" : request.device.toStdString();
    options.towers = request.towers;
    options.weights = request.weights.isEmpty() ? "auto" : request.weights.toStdString();
    const QString checkpoint_dir = request.dir;
    runInBackground(
        [dir, options](const JobContext&) { return model::FaceLlavaEngine::load(dir, options); },
        [this, checkpoint_dir](EnginePtr engine) {
            if (cancelRequested() || !engine)
                return;  // cancelled: keep the engine loaded before
            engine_ = std::move(engine);
            dir_ = checkpoint_dir;
            const auto& info = engine_->info();
            qInfo().noquote() << "loaded checkpoint" << dir_ << "on"
                              << QString::fromStdString(info.device)
                              << QString::fromStdString(info.dtype) << "LLM weights"
                              << QString::fromStdString(info.weights)
                              << format_bytes(info.llm_weight_bytes)
                              << format_parameters(info.parameters);
        },
        {tr("Cannot load the Face-LLaVA checkpoint"),
         tr("Choose a checkpoint folder (config.json, tokenizer.model, weights) in Settings."),
         checkpoint_dir});
    emit loadingStarted(checkpoint_dir);
}

void ModelService::runEnded() {
    emit engineChanged();
}

void ModelService::unload() {
    engine_.reset();
    dir_.clear();
    emit engineChanged();
}

QString ModelService::summary() const {
    if (isLoading())
        return tr("Model: loading…");
    if (!engine_)
        return tr("Model: none");
    const auto& info = engine_->info();
    const QString name = info.model_card_name.empty()
                             ? QDir(dir_).dirName()
                             : QString::fromStdString(info.model_card_name);
    // The LLM's weights say what the precision setting did: "int4-g128",
    // or the dtype when they are not quantized.
    return tr("Model: %1 · %2 · %3 %4 · LLM %5, %6%7")
        .arg(name, format_parameters(info.parameters), QString::fromStdString(info.device),
             QString::fromStdString(info.dtype), QString::fromStdString(info.weights),
             format_bytes(info.llm_weight_bytes), info.is_demo ? tr(" · demo") : QString());
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
