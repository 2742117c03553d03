#include "settings/settings.h"

#include <QDir>
#include <QFileInfo>

#include "facellava/core/assets.h"
#include "facellava/core/error.h"
#include "facellava/model/answer_parsers.h"

namespace facellava::ui {
namespace {

// Key names, one place.
constexpr const char* kCheckpointDir = "model/checkpointDir";
constexpr const char* kImageTowerDir = "model/imageTowerDir";
constexpr const char* kVideoTowerDir = "model/videoTowerDir";
constexpr const char* kDevice = "model/device";
constexpr const char* kWeights = "model/weights";
constexpr const char* kDetector = "analysis/detector";
constexpr const char* kMinFaceScore = "analysis/minFaceScore";
constexpr const char* kDlibAdjust = "analysis/dlibAdjustThreshold";
constexpr const char* kFrameBase = "analysis/frameBase";
constexpr const char* kExpressionNames = "analysis/expressionNames";
constexpr const char* kOptionalOutputs = "analysis/outputs";
constexpr const char* kTemperature = "chat/temperature";
constexpr const char* kTopP = "chat/topP";
constexpr const char* kMaxTokens = "chat/maxTokens";
constexpr const char* kSystemPrompt = "chat/systemPrompt";
constexpr const char* kRecentFiles = "files/recent";
constexpr const char* kSessionFile = "files/session";
constexpr const char* kRecentSessions = "files/recentSessions";
constexpr const char* kGeometry = "window/geometry";
constexpr const char* kState = "window/state";
constexpr const char* kLabelShortcuts = "annotation/labelShortcuts";
constexpr const char* kOverlayGroup = "overlays/";
constexpr const char* kLanguage = "interface/language";

QString bundledCheckpoint() {
    try {
        const auto resources = AssetLocator::from_environment().resources_dir();
        return QDir(QString::fromStdString(resources)).filePath("models/facellava-nano");
    } catch (...) {
        return {};  // no resources folder: nothing bundled
    }
}

}  // namespace

Settings::Settings(QObject* parent) : QObject(parent), store_(std::make_unique<QSettings>()) {}

Settings::Settings(const QString& ini_path, QObject* parent)
    : QObject(parent), store_(std::make_unique<QSettings>(ini_path, QSettings::IniFormat)) {}

QString Settings::checkpointDir() const {
    return store_->value(kCheckpointDir).toString();
}

void Settings::setCheckpointDir(const QString& dir) {
    if (dir == checkpointDir())
        return;
    store_->setValue(kCheckpointDir, dir);
    emit checkpointChanged();
}

QString Settings::effectiveCheckpointDir() const {
    const QString chosen = checkpointDir();
    if (!chosen.isEmpty())
        return chosen;
    const QString bundled = bundledCheckpoint();
    // The folder also holds the recipe that trains it: only a built model counts.
    return !bundled.isEmpty() && QFileInfo(QDir(bundled).filePath("config.json")).isFile()
               ? bundled
               : QString();
}

QString Settings::imageTowerDir() const {
    return store_->value(kImageTowerDir).toString();
}

void Settings::setImageTowerDir(const QString& dir) {
    if (dir == imageTowerDir())
        return;
    store_->setValue(kImageTowerDir, dir);
    emit checkpointChanged();  // the model is reloaded with the new tower
}

QString Settings::videoTowerDir() const {
    return store_->value(kVideoTowerDir).toString();
}

void Settings::setVideoTowerDir(const QString& dir) {
    if (dir == videoTowerDir())
        return;
    store_->setValue(kVideoTowerDir, dir);
    emit checkpointChanged();
}

model::TowerLocations Settings::towerLocations() const {
    model::TowerLocations towers;
    towers.image_tower = imageTowerDir().toStdString();
    towers.video_tower = videoTowerDir().toStdString();
    return towers;
}

QString Settings::device() const {
    return store_->value(kDevice, "auto").toString();
}

void Settings::setDevice(const QString& device) {
    if (device == this->device())
        return;
    store_->setValue(kDevice, device);
    emit checkpointChanged();  // the model is reloaded on the new device
}

const QStringList& Settings::weightsChoices() {
    static const QStringList choices{"auto", "fp32",      "bf16",     "fp16",
                                     "int8", "int4-g128", "int4-g64", "int4-g32"};
    return choices;
}

QString Settings::weights() const {
    // A hand-edited file or a newer version's choice must not keep the model
    // from loading: anything unknown is the checkpoint's own precision.
    const QString stored = store_->value(kWeights, "auto").toString();
    return weightsChoices().contains(stored) ? stored : QStringLiteral("auto");
}

void Settings::setWeights(const QString& weights) {
    const QString value = weightsChoices().contains(weights) ? weights : QStringLiteral("auto");
    if (value == this->weights())
        return;
    store_->setValue(kWeights, value);
    emit checkpointChanged();  // the model is reloaded in the new precision
}

QString Settings::language() const {
    return store_->value(kLanguage).toString();
}

void Settings::setLanguage(const QString& language) {
    store_->setValue(kLanguage, language);
}

// Stored as "face-api" or "dlib", the values every version wrote, so settings
// survive in both directions; the CLI's spelling "faceapi" reads too.
pipeline::DetectorKind Settings::detector() const {
    return store_->value(kDetector, "face-api").toString() == "dlib"
               ? pipeline::DetectorKind::DlibHog
               : pipeline::DetectorKind::FaceApiTiny;
}

void Settings::setDetector(pipeline::DetectorKind kind) {
    if (kind == detector())
        return;
    store_->setValue(kDetector, kind == pipeline::DetectorKind::DlibHog ? "dlib" : "face-api");
    emit detectorChanged();
}

double Settings::minFaceScore() const {
    return store_->value(kMinFaceScore, 0.5).toDouble();
}

void Settings::setMinFaceScore(double score) {
    if (qFuzzyCompare(score, minFaceScore()))
        return;
    store_->setValue(kMinFaceScore, score);
    emit detectorChanged();
}

double Settings::dlibAdjustThreshold() const {
    return store_->value(kDlibAdjust, 0.0).toDouble();
}

void Settings::setDlibAdjustThreshold(double value) {
    if (value == dlibAdjustThreshold())
        return;
    store_->setValue(kDlibAdjust, value);
    emit detectorChanged();
}

// Stored in the CLI's words ("faceapi", "pyfeat", "rafdb"; "mesh,gaze", …,
// "none"); a value this version does not know reads as the default.
pipeline::OutputConventions Settings::outputConventions() const {
    pipeline::OutputConventions conventions;
    conventions.frame_base = store_->value(kFrameBase, 0).toInt() == 1 ? 1 : 0;
    try {
        conventions.expression_names = pipeline::parse_expression_names(
            store_->value(kExpressionNames, pipeline::to_string(conventions.expression_names))
                .toString()
                .toStdString());
    } catch (const Error&) {
    }
    try {
        conventions.outputs = pipeline::parse_optional_outputs(
            store_->value(kOptionalOutputs, QStringLiteral("none")).toString().toStdString());
    } catch (const Error&) {
    }
    return conventions;
}

void Settings::setOutputConventions(const pipeline::OutputConventions& conventions) {
    const pipeline::OutputConventions before = outputConventions();
    // OptionalOutputs has no operator==: its CLI words compare the same.
    const std::string outputs = pipeline::to_string(conventions.outputs);
    const bool outputs_changed = outputs != pipeline::to_string(before.outputs);
    if (conventions.frame_base == before.frame_base &&
        conventions.expression_names == before.expression_names && !outputs_changed)
        return;
    store_->setValue(kFrameBase, conventions.frame_base);
    store_->setValue(kExpressionNames, pipeline::to_string(conventions.expression_names));
    store_->setValue(kOptionalOutputs, QString::fromStdString(outputs));
    emit outputConventionsChanged();
    if (outputs_changed)
        emit analysisOutputsChanged();
}

pipeline::AnalysisOptions Settings::analysisOptions() const {
    pipeline::AnalysisOptions options;
    options.output = outputConventions();
    options.detector = detector();
    options.landmarks = options.detector == pipeline::DetectorKind::DlibHog
                            ? pipeline::LandmarkKind::Dlib68
                            : pipeline::LandmarkKind::FaceApi68;
    options.min_confidence = float(minFaceScore());
    options.dlib_adjust_threshold = dlibAdjustThreshold();
    return options;
}

GenerationDefaults Settings::generation() const {
    GenerationDefaults g;
    g.temperature = store_->value(kTemperature, g.temperature).toDouble();
    g.top_p = store_->value(kTopP, g.top_p).toDouble();
    g.max_tokens = store_->value(kMaxTokens, g.max_tokens).toInt();
    g.system_prompt = store_->value(kSystemPrompt, g.system_prompt).toString();
    return g;
}

void Settings::setGeneration(const GenerationDefaults& g) {
    store_->setValue(kTemperature, g.temperature);
    store_->setValue(kTopP, g.top_p);
    store_->setValue(kMaxTokens, g.max_tokens);
    store_->setValue(kSystemPrompt, g.system_prompt);
}

QStringList Settings::recentFiles() const {
    return store_->value(kRecentFiles).toStringList();
}

void Settings::addRecentFile(const QString& path) {
    QStringList files = recentFiles();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMaxRecentFiles)
        files.removeLast();
    store_->setValue(kRecentFiles, files);
    emit recentFilesChanged();
}

void Settings::clearRecentFiles() {
    store_->remove(kRecentFiles);
    emit recentFilesChanged();
}

QString Settings::sessionFile() const {
    return store_->value(kSessionFile).toString();
}
void Settings::setSessionFile(const QString& path) {
    store_->setValue(kSessionFile, path);
    QStringList files = recentSessionFiles();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMaxRecentFiles)
        files.removeLast();
    store_->setValue(kRecentSessions, files);
    emit recentSessionFilesChanged();
}

QStringList Settings::recentSessionFiles() const {
    return store_->value(kRecentSessions).toStringList();
}

void Settings::clearRecentSessionFiles() {
    store_->remove(kRecentSessions);
    emit recentSessionFilesChanged();
}

QByteArray Settings::windowGeometry() const {
    return store_->value(kGeometry).toByteArray();
}
void Settings::setWindowGeometry(const QByteArray& g) {
    store_->setValue(kGeometry, g);
}
QByteArray Settings::windowState() const {
    return store_->value(kState).toByteArray();
}
void Settings::setWindowState(const QByteArray& s) {
    store_->setValue(kState, s);
}

QMap<QString, QKeySequence> Settings::labelShortcuts() const {
    QMap<QString, QKeySequence> result;
    if (!store_->contains(kLabelShortcuts)) {
        // The seven basic expressions in the RAF-DB order of the answer parsers.
        const auto& labels = model::expression_labels(model::ExpressionLabelSet::RafDb7);
        for (size_t i = 0; i < labels.size(); ++i)
            result.insert(QString::fromStdString(labels[i]), QKeySequence(QString::number(i + 1)));
        return result;
    }
    const QVariantMap stored = store_->value(kLabelShortcuts).toMap();
    for (auto it = stored.begin(); it != stored.end(); ++it)
        result.insert(it.key(), QKeySequence(it.value().toString(), QKeySequence::PortableText));
    return result;
}

void Settings::setLabelShortcuts(const QMap<QString, QKeySequence>& shortcuts) {
    QVariantMap stored;
    for (auto it = shortcuts.begin(); it != shortcuts.end(); ++it)
        stored.insert(it.key(), it.value().toString(QKeySequence::PortableText));
    store_->setValue(kLabelShortcuts, stored);
    emit labelShortcutsChanged();
}

double Settings::overlayOpacity(const QString& layer, double fallback) const {
    return store_->value(kOverlayGroup + layer, fallback).toDouble();
}

void Settings::setOverlayOpacity(const QString& layer, double opacity) {
    store_->setValue(kOverlayGroup + layer, opacity);
}

void Settings::sync() {
    store_->sync();
}

}  // namespace facellava::ui
