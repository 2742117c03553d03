// The workbench's preferences, typed, over one QSettings store. Every value has
// one getter/setter pair and one default here, so no key string is spelt twice.
// Passed by reference into whatever needs it (no global instance).
#pragma once

#include <QByteArray>
#include <QKeySequence>
#include <QMap>
#include <QObject>
#include <QSettings>
#include <QString>
#include <QStringList>
#include <memory>

#include "facellava/model/checkpoint_report.h"
#include "facellava/pipeline/analysis_options.h"

namespace facellava::ui {

struct GenerationDefaults {
    double temperature = 0.2;
    double top_p = 0.9;
    int max_tokens = 256;
    QString system_prompt;  // empty: the checkpoint's vicuna-v1 prompt
};

class Settings : public QObject {
    Q_OBJECT
  public:
    // The user's settings (organisation and application names of QApplication).
    explicit Settings(QObject* parent = nullptr);
    // A settings file of its own (tests, portable installs).
    explicit Settings(const QString& ini_path, QObject* parent = nullptr);

    static constexpr int kMaxRecentFiles = 10;

    QString checkpointDir() const;  // empty: none chosen (the default is used when it exists)
    void setCheckpointDir(const QString& dir);
    // The checkpoint to load: the chosen folder, else the bundled
    // resources/models/facellava-nano when it exists, else empty.
    QString effectiveCheckpointDir() const;

    // The LanguageBind towers of a released checkpoint, when they are neither
    // embedded, beside it nor in a Hugging Face cache; empty: searched for
    // (model/checkpoint_report.h lists where). A change reloads the model.
    QString imageTowerDir() const;
    void setImageTowerDir(const QString& dir);
    QString videoTowerDir() const;
    void setVideoTowerDir(const QString& dir);
    // Both, as FaceLlavaEngine::load and inspect_checkpoint_folder take them.
    model::TowerLocations towerLocations() const;

    QString device() const;  // "auto", "cpu", "cuda"
    void setDevice(const QString& device);

    // The LLM's weights, as FaceLlavaEngine::load takes them
    // (EngineOptions::weights): "auto" (as stored), "fp32", "bf16", "fp16",
    // or quantized at load: "int8", "int4-g128", "int4-g64", "int4-g32".
    // A value this version does not offer reads as "auto". A change reloads
    // the model.
    static const QStringList& weightsChoices();
    QString weights() const;
    void setWeights(const QString& weights);

    // The face analysis (the pipeline's options, as `facellava analyze` and
    // `batch` take them). The detector chooses the landmark model too:
    // face-api's tiny detector with its landmark net (fast, no dlib model
    // needed), or dlib's HOG detector with its 68-point shape predictor.
    pipeline::DetectorKind detector() const;
    void setDetector(pipeline::DetectorKind kind);
    double minFaceScore() const;  // face-api detector threshold, 0..1
    void setMinFaceScore(double score);
    double dlibAdjustThreshold() const;  // added to dlib's SVM threshold
    void setDlibAdjustThreshold(double value);
    // How frames are numbered and expressions named (pipeline::OutputConventions,
    // docs/CSV.md): the batch dialog's defaults for faces.csv, and the words the
    // answers panel shows expression labels in, so the window and faces.csv
    // name an expression alike. Defaults as the CLI's: 0, face-api's words.
    // Its optional outputs (mesh, gaze, identity, presentation attack) are
    // what the window's frame analysis measures and the batch dialog's
    // default; none unless chosen (each costs more nets per face).
    pipeline::OutputConventions outputConventions() const;
    void setOutputConventions(const pipeline::OutputConventions& conventions);
    // The detector settings and the conventions as the pipeline's options
    // (every other field at its default), what the window's analysis and the
    // series plots run with.
    pipeline::AnalysisOptions analysisOptions() const;

    // The interface language: "" follows the system, else "en", "de" or
    // "zh_CN". Read at start (support/translations.h); a change needs a restart.
    QString language() const;
    void setLanguage(const QString& language);

    GenerationDefaults generation() const;
    void setGeneration(const GenerationDefaults& defaults);

    QStringList recentFiles() const;
    void addRecentFile(const QString& path);
    void clearRecentFiles();

    QString sessionFile() const;  // the session file opened at start
    // Also puts it first among the recent session files.
    void setSessionFile(const QString& path);
    QStringList recentSessionFiles() const;  // newest first, at most kMaxRecentFiles
    void clearRecentSessionFiles();

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray& geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray& state);

    // Single-key label shortcuts: label → key. Defaults: 1..7 for the seven
    // basic expressions.
    QMap<QString, QKeySequence> labelShortcuts() const;
    void setLabelShortcuts(const QMap<QString, QKeySequence>& shortcuts);

    double overlayOpacity(const QString& layer, double fallback) const;
    void setOverlayOpacity(const QString& layer, double opacity);

    void sync();

  signals:
    // Emitted by setters whose change other parts react to at once.
    void checkpointChanged();
    void detectorChanged();
    void outputConventionsChanged();
    // The optional outputs changed (after outputConventionsChanged): the
    // frame on screen is analysed again.
    void analysisOutputsChanged();
    void labelShortcutsChanged();
    void recentFilesChanged();
    void recentSessionFilesChanged();

  private:
    std::unique_ptr<QSettings> store_;
};

}  // namespace facellava::ui
