// The workbench's main window: the media view with transport and annotation
// lanes in the middle, dockable panels (analysis, chat, annotations, sessions,
// history) around it, menus, status bar, drag-and-drop and recent files.
// It wires collaborators together; each of them does one job. Dependencies
// come in through the constructor (no singletons).
#pragma once

#include <QMainWindow>
#include <QPointer>
#include <QString>
#include <QUndoStack>
#include <memory>

#include "facellava/core/store/annotation_export.h"
#include "models/decoded_frame.h"

class QAction;
class QLabel;
class QMenu;

namespace facellava::ui {

class AnalysisDock;
class AnalysisRunner;
class AnalysisState;
class BatchDialog;
class TrainingDialog;
class AnnotationDock;
class AnnotationLanes;
class AnnotationModel;
class AttentionRunner;
class ChatDock;
class ChatSession;
class ErrorReporter;
class MediaPlayer;
class MediaView;
class ModelService;
class PerceptionModels;
class SessionContext;
class SessionDock;
class Settings;
class TransportBar;

class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    struct Options {
        bool dialogs = true;     // error dialogs (off in tests and screenshot runs)
        bool load_model = true;  // load the configured checkpoint at start
        QString session_file;    // empty: Settings::sessionFile(), else the default one
    };

    explicit MainWindow(Settings& settings, QWidget* parent = nullptr);
    MainWindow(Settings& settings, const Options& options, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens an image or video (decoded off the GUI thread); the result arrives
    // through MediaPlayer::opened / failed.
    void openFile(const QString& path);
    // Files, or a folder (into the batch dialog), e.g. from a drop.
    void openPaths(const QStringList& paths);
    void openSessionFile(const QString& path);
    // Analyses the frame on screen again (after a settings change, or on demand).
    void analyseCurrentFrame();

    // Which annotations an export covers: the file on screen, or every file
    // of the current session.
    enum class ExportScope { File, Session };
    // Writes the annotations (atomically) on the session's writer thread, after
    // every edit made so far; annotationsExported(path) or an error follows.
    void exportAnnotations(store::AnnotationFormat format, const QString& path, ExportScope scope);

    // True while decoding, analysis (or looking one up in the session), model
    // loading, attention, chat or export work runs.
    bool isBusy() const;
    QString currentPath() const;
    QSize currentImageSize() const;

    // Collaborators, for tests and the screenshot mode.
    MediaPlayer& player() const { return *player_; }
    AnalysisRunner& analysisRunner() const { return *runner_; }
    MediaView* mediaView() const { return view_; }
    TransportBar* transport() const { return transport_; }
    AnnotationLanes* lanes() const { return lanes_; }
    AnalysisState& analysis() const { return *analysis_; }
    AnalysisDock* analysisDock() const { return analysis_dock_; }
    ChatDock* chatDock() const { return chat_dock_; }
    AnnotationDock* annotationDock() const { return annotation_dock_; }
    SessionDock* sessionDock() const { return session_dock_; }
    ChatSession& chat() const { return *chat_; }
    ModelService& model() const { return *model_; }
    SessionContext& session() const { return *session_; }
    AnnotationModel& annotations() const { return *annotation_model_; }
    QUndoStack& undoStack() { return undo_; }
    ErrorReporter& errors() const { return *errors_; }
    QMenu* recentMenu() const { return recent_menu_; }
    QMenu* recentSessionMenu() const { return recent_sessions_menu_; }
    // The batch dialog (made on first use), shown for `folder` when given.
    BatchDialog* showBatchDialog(const QString& folder = {});
    // The fine-tuning dialog (non-modal, one per window); its finished model
    // can be loaded into the chat.
    TrainingDialog* showTrainingDialog();
    QString deviceText() const;
    QString modelText() const;

    // The text of the About box (versions and model licences), also used by tests.
    static QString aboutText();
    static QString defaultSessionFile();

  signals:
    void annotationsExported(const QString& path);

  protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

  private:
    void buildCentral();
    void buildDocks();
    void buildMenus();
    void buildStatusBar();
    void connectParts();
    void rebuildRecentMenu();
    void rebuildRecentSessionMenu();
    void openRecentSessionFile(const QString& path);
    void rebuildLabelShortcuts();
    void chooseAndOpen();
    void chooseSessionFile(bool create);
    void showSettings();
    void showShortcuts();
    void jumpToTimecode();
    void onOpened(const MediaInfo& info);
    void onFrameShown(const DecodedFrame& frame);
    void onAnalysis(const FrameAnalysis& analysis);
    // Shows the frame's analysis saved in the session, or analyses it when there is none.
    void restoreOrAnalyse();
    void saveAnalysis(const FrameAnalysis& detected);
    void chooseExport(ExportScope scope);
    void updateFaceAttachment();
    void requestAttention();
    void updateModelStatus();
    void updateOverlayLabels();
    void loadConfiguredModel();
    QMap<QString, QKeySequence> reservedShortcuts() const;

    Settings& settings_;
    Options options_;
    std::unique_ptr<ErrorReporter> errors_;
    std::shared_ptr<PerceptionModels> perception_;
    std::unique_ptr<SessionContext> session_;
    std::unique_ptr<ModelService> model_;
    std::unique_ptr<MediaPlayer> player_;
    std::unique_ptr<AnalysisRunner> runner_;
    std::unique_ptr<AttentionRunner> attention_;
    std::unique_ptr<AnalysisState> analysis_;
    std::unique_ptr<AnnotationModel> annotation_model_;
    std::unique_ptr<ChatSession> chat_;
    QUndoStack undo_;

    MediaView* view_ = nullptr;
    TransportBar* transport_ = nullptr;
    AnnotationLanes* lanes_ = nullptr;
    AnalysisDock* analysis_dock_ = nullptr;
    ChatDock* chat_dock_ = nullptr;
    AnnotationDock* annotation_dock_ = nullptr;
    SessionDock* session_dock_ = nullptr;
    QMenu* recent_menu_ = nullptr;
    QMenu* recent_sessions_menu_ = nullptr;
    QMenu* view_menu_ = nullptr;
    QList<QAction*> label_actions_;
    QList<QAction*> transport_actions_;
    QLabel* device_label_ = nullptr;
    QLabel* model_label_ = nullptr;
    QLabel* zoom_label_ = nullptr;
    QByteArray default_state_;
    BatchDialog* batch_ = nullptr;
    TrainingDialog* training_ = nullptr;
    QAction* export_file_ = nullptr;
    int lookups_ = 0;  // saved analyses being looked up
    int exports_ = 0;  // annotation exports under way
};

}  // namespace facellava::ui
