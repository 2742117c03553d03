#include "windows/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStandardPaths>
#include <QStatusBar>
#include <QUndoView>
#include <QUrl>
#include <QVBoxLayout>

#include "commands/move_landmark_command.h"
#include "dialogs/batch_dialog.h"
#include "dialogs/error_reporter.h"
#include "dialogs/settings_dialog.h"
#include "dialogs/shortcuts_dialog.h"
#include "dialogs/training_dialog.h"
#include "docks/analysis_dock.h"
#include "docks/annotation_dock.h"
#include "docks/chat_dock.h"
#include "docks/session_dock.h"
#include "facellava/core/assets.h"
#include "facellava/core/error.h"
#include "facellava/core/versions.h"
#include "facellava/model/attention_views.h"
#include "facellava/model/engine.h"
#include "facellava/model/runtime.h"
#include "facellava/model/tokenizer.h"
#include "jobs/analysis_runner.h"
#include "jobs/attention_runner.h"
#include "jobs/model_service.h"
#include "jobs/perception_models.h"
#include "media/media_player.h"
#include "models/analysis_records.h"
#include "models/analysis_state.h"
#include "models/annotation_model.h"
#include "models/chat_session.h"
#include "models/face_attachment.h"
#include "models/session_context.h"
#include "settings/settings.h"
#include "support/log_file.h"
#include "support/timecode.h"
#include "widgets/annotation_lanes.h"
#include "widgets/media_view.h"
#include "widgets/overlay_controls.h"
#include "widgets/overlay_item.h"
#include "widgets/task_answers_panel.h"
#include "widgets/transport_bar.h"

namespace facellava::ui {
namespace {

const QStringList kMediaSuffixes = {"jpg",  "jpeg", "png",  "bmp", "webp", "tif",
                                    "tiff", "mp4",  "mov",  "m4v", "mkv",  "avi",
                                    "webm", "mpg",  "mpeg", "ts",  "wmv"};

// A saved analysis looked up on the writer thread.
struct Lookup {
    std::optional<StoredAnalysis> stored;
    UserError error;
};

// The annotation export formats as the save dialog offers them.
struct ExportChoice {
    store::AnnotationFormat format;
    QString filter;
};

QList<ExportChoice> export_choices() {
    return {
        {store::AnnotationFormat::Csv,
         QCoreApplication::translate("facellava::ui::MainWindow",
                                     "CSV, one row per annotation (*.csv)")},
        {store::AnnotationFormat::Json,
         QCoreApplication::translate("facellava::ui::MainWindow", "JSON (*.json)")},
        {store::AnnotationFormat::Tsv,
         QCoreApplication::translate("facellava::ui::MainWindow",
                                     "ELAN tab-separated text (*.txt)")},
        {store::AnnotationFormat::Eaf,
         QCoreApplication::translate("facellava::ui::MainWindow", "ELAN annotation file (*.eaf)")},
        {store::AnnotationFormat::Coco,
         QCoreApplication::translate("facellava::ui::MainWindow",
                                     "COCO keypoints with face labels (*.json)")},
    };
}

}  // namespace

MainWindow::MainWindow(Settings& settings, QWidget* parent)
    : MainWindow(settings, Options{}, parent) {}

MainWindow::MainWindow(Settings& settings, const Options& options, QWidget* parent)
    : QMainWindow(parent), settings_(settings), options_(options) {
    setObjectName("MainWindow");
    setWindowTitle(tr("Face-LLaVA Workbench"));
    setAcceptDrops(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks |
                   QMainWindow::AllowNestedDocks);

    errors_ = std::make_unique<ErrorReporter>(this);
    errors_->setDialogsEnabled(options_.dialogs);
    perception_ = std::make_shared<PerceptionModels>(AssetLocator::from_environment());
    session_ = std::make_unique<SessionContext>();
    model_ = std::make_unique<ModelService>();
    player_ = std::make_unique<MediaPlayer>();
    runner_ = std::make_unique<AnalysisRunner>(perception_);
    attention_ = std::make_unique<AttentionRunner>();
    analysis_ = std::make_unique<AnalysisState>();
    annotation_model_ = std::make_unique<AnnotationModel>();
    chat_ = std::make_unique<ChatSession>(*model_, *session_);

    buildCentral();
    buildDocks();
    buildMenus();
    buildStatusBar();
    connectParts();

    resize(1500, 920);
    default_state_ = saveState();
    if (!settings_.windowGeometry().isEmpty())
        restoreGeometry(settings_.windowGeometry());
    if (!settings_.windowState().isEmpty())
        restoreState(settings_.windowState());

    const QString session_file = !options_.session_file.isEmpty()     ? options_.session_file
                                 : !settings_.sessionFile().isEmpty() ? settings_.sessionFile()
                                                                      : defaultSessionFile();
    openSessionFile(session_file);
    if (options_.load_model)
        loadConfiguredModel();
    updateModelStatus();
}

MainWindow::~MainWindow() {
    // Widgets first: they hold references to the models and jobs below.
    undo_.clear();
    for (QDockWidget* dock : findChildren<QDockWidget*>())
        delete dock;
    delete takeCentralWidget();
}

QString MainWindow::defaultSessionFile() {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    return QDir(dir).filePath("sessions/workbench.facellava");
}

void MainWindow::buildCentral() {
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    view_ = new MediaView(central);
    transport_ = new TransportBar(*player_, central);
    lanes_ = new AnnotationLanes(*annotation_model_, central);
    lanes_->setVisible(false);
    layout->addWidget(view_, 1);
    layout->addWidget(transport_);
    layout->addWidget(lanes_);
    setCentralWidget(central);
}

void MainWindow::buildDocks() {
    analysis_dock_ = new AnalysisDock(*analysis_, settings_, perception_, *player_, *model_, this);
    chat_dock_ = new ChatDock(*chat_, *model_, settings_, this);
    annotation_dock_ = new AnnotationDock(*annotation_model_, undo_, *session_, *analysis_,
                                          *player_, settings_, this);
    session_dock_ = new SessionDock(*session_, this);
    auto* history = new QDockWidget(tr("History"), this);
    history->setObjectName("HistoryDock");
    auto* undo_view = new QUndoView(&undo_, history);
    undo_view->setEmptyLabel(tr("<opened>"));
    history->setWidget(undo_view);

    addDockWidget(Qt::LeftDockWidgetArea, analysis_dock_);
    addDockWidget(Qt::RightDockWidgetArea, chat_dock_);
    addDockWidget(Qt::LeftDockWidgetArea, annotation_dock_);
    tabifyDockWidget(annotation_dock_, session_dock_);
    tabifyDockWidget(session_dock_, history);
    annotation_dock_->raise();
    resizeDocks({analysis_dock_, chat_dock_}, {360, 420}, Qt::Horizontal);
    resizeDocks({analysis_dock_, annotation_dock_}, {620, 280}, Qt::Vertical);
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::chooseAndOpen);
    recent_menu_ = file->addMenu(tr("Open &Recent"));
    recent_menu_->setObjectName("RecentMenu");
    file->addAction(tr("&Batch Analysis…"), QKeySequence(Qt::CTRL | Qt::Key_B), this,
                    [this] { showBatchDialog(); });
    file->addAction(tr("&Fine-tune the Model…"), this, [this] { showTrainingDialog(); });
    file->addSeparator();
    QMenu* export_menu = file->addMenu(tr("&Export Annotations"));
    export_menu->setObjectName("ExportMenu");
    export_file_ = export_menu->addAction(tr("Of This &File…"), this,
                                          [this] { chooseExport(ExportScope::File); });
    export_file_->setEnabled(false);
    export_menu->addAction(tr("Of the Whole &Session…"), this,
                           [this] { chooseExport(ExportScope::Session); });
    file->addSeparator();
    file->addAction(tr("Open &Session File…"), this, [this] { chooseSessionFile(false); });
    recent_sessions_menu_ = file->addMenu(tr("Open Recent Session &File"));
    recent_sessions_menu_->setObjectName("RecentSessionMenu");
    file->addAction(tr("&New Session File…"), this, [this] { chooseSessionFile(true); });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = undo_.createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = undo_.createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(tr("&Label Shortcuts…"), this, &MainWindow::showShortcuts);
    edit->addAction(tr("&Settings…"), QKeySequence::Preferences, this, &MainWindow::showSettings);

    view_menu_ = menuBar()->addMenu(tr("&View"));
    view_menu_->addAction(tr("Zoom &In"), QKeySequence::ZoomIn, view_, &MediaView::zoomIn);
    view_menu_->addAction(tr("Zoom &Out"), QKeySequence::ZoomOut, view_, &MediaView::zoomOut);
    view_menu_->addAction(tr("&Fit to Window"), QKeySequence(Qt::CTRL | Qt::Key_0), view_,
                          &MediaView::fitToWindow);
    view_menu_->addAction(tr("&Actual Size"), QKeySequence(Qt::CTRL | Qt::Key_1), view_,
                          &MediaView::actualSize);
    view_menu_->addAction(tr("Analyse This &Frame Again"), QKeySequence(Qt::Key_F5), this,
                          &MainWindow::analyseCurrentFrame);
    view_menu_->addSeparator();
    for (QDockWidget* dock : findChildren<QDockWidget*>())
        view_menu_->addAction(dock->toggleViewAction());
    view_menu_->addSeparator();
    view_menu_->addAction(tr("&Reset Layout"), this, [this] { restoreState(default_state_); });

    QMenu* playback = menuBar()->addMenu(tr("&Playback"));
    auto add = [&](const QString& text, const QKeySequence& key, auto slot) {
        QAction* action = playback->addAction(text, this, slot);
        action->setShortcut(key);
        transport_actions_ << action;
        return action;
    };
    add(tr("&Play / Pause"), QKeySequence(Qt::Key_Space), [this] { player_->togglePlay(); });
    add(tr("&Next Frame"), QKeySequence(Qt::Key_Right), [this] { player_->step(1); });
    add(tr("&Previous Frame"), QKeySequence(Qt::Key_Left), [this] { player_->step(-1); });
    add(tr("Forward 1 &Second"), QKeySequence(Qt::SHIFT | Qt::Key_Right),
        [this] { player_->stepSeconds(1); });
    add(tr("&Back 1 Second"), QKeySequence(Qt::SHIFT | Qt::Key_Left),
        [this] { player_->stepSeconds(-1); });
    add(tr("&Jump to Timecode…"), QKeySequence(Qt::CTRL | Qt::Key_G), [this] { jumpToTimecode(); });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("Open &Log"), this, [this] {
        const QString path = LogFile::path();
        if (!QFileInfo::exists(path)) {
            errors_->report({tr("There is no log file yet"),
                             path,
                             tr("It is created when the workbench starts."),
                             {}});
            return;
        }
        if (!QDesktopServices::openUrl(QUrl::fromLocalFile(path)))
            errors_->report({tr("No program opens the log file"),
                             path,
                             tr("Open the file in a text editor."),
                             {}});
    });
    help->addAction(tr("&About Face-LLaVA Workbench"), this, [this] {
        auto* box = new QMessageBox(QMessageBox::Information, tr("About Face-LLaVA Workbench"),
                                    aboutText(), QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    rebuildRecentMenu();
    rebuildRecentSessionMenu();
    rebuildLabelShortcuts();
}

void MainWindow::buildStatusBar() {
    device_label_ = new QLabel(this);
    device_label_->setObjectName("DeviceLabel");
    model_label_ = new QLabel(this);
    model_label_->setObjectName("ModelLabel");
    zoom_label_ = new QLabel(this);
    statusBar()->addPermanentWidget(zoom_label_);
    statusBar()->addPermanentWidget(model_label_);
    statusBar()->addPermanentWidget(device_label_);
}

void MainWindow::connectParts() {
    // Errors from every part end up in one place.
    auto forward = [this](auto* source) {
        using Source = std::remove_pointer_t<decltype(source)>;
        connect(source, &Source::failed, errors_.get(),
                [this](const UserError& e) { errors_->report(e); });
    };
    forward(player_.get());
    forward(runner_.get());
    forward(attention_.get());
    forward(model_.get());
    forward(session_.get());
    forward(chat_.get());
    forward(analysis_dock_);
    connect(errors_.get(), &ErrorReporter::reported, this,
            [this](const UserError& e) { statusBar()->showMessage(e.what, 8000); });

    connect(player_.get(), &MediaPlayer::opened, this, &MainWindow::onOpened);
    connect(player_.get(), &MediaPlayer::frameShown, this, &MainWindow::onFrameShown);
    connect(player_.get(), &MediaPlayer::playingChanged, this, [this](bool playing) {
        if (!playing && analysis_->analysis().key != player_->currentFrame().key)
            restoreOrAnalyse();
    });
    connect(player_.get(), &MediaPlayer::positionChanged, this,
            [this](qint64 frame) { lanes_->setPlayhead(player_->timestampOf(frame)); });
    connect(runner_.get(), &AnalysisRunner::analysisReady, this, &MainWindow::onAnalysis);

    OverlayItem* overlay = view_->overlay();
    OverlayControls* controls = analysis_dock_->overlayControls();
    overlay->setOptions(controls->options());
    connect(controls, &OverlayControls::optionsChanged, this,
            [this, overlay](const OverlayOptions& options) {
                overlay->setOptions(options);
                if (options[OverlayLayer::Heatmap].visible)
                    requestAttention();
            });
    connect(controls, &OverlayControls::landmarkEditingChanged, overlay,
            &OverlayItem::setLandmarkEditing);
    connect(overlay, &OverlayItem::faceClicked, analysis_.get(), &AnalysisState::setSelectedFace);
    connect(overlay, &OverlayItem::landmarkMoved, this,
            [this](int face_id, int landmark, QPointF /*from: the command knows*/, QPointF to) {
                undo_.push(new MoveLandmarkCommand(*analysis_, *session_, analysis_->analysis().key,
                                                   face_id, landmark, to));
            });
    connect(analysis_dock_->taskAnswers(), &TaskAnswersPanel::answered, this,
            [this](const FrameKey& key, int face_id, const TaskAnswer& answer,
                   const QString& model_id) {
                analysis_->setAnswer(key, face_id, answer);
                session_->run([key, face_id, answer, model = model_id.toStdString()](
                                  store::SessionStore& store, WriterState& state) {
                    const store::Id media_id = state.media_id(key.media);
                    if (media_id != 0)
                        save_task_answer(store, media_id, key.frame, face_id, answer, model);
                });
            });
    connect(analysis_.get(), &AnalysisState::analysisChanged, this,
            [this, overlay](const FrameAnalysis& a) {
                overlay->setAnalysis(a);
                updateFaceAttachment();
            });
    connect(analysis_.get(), &AnalysisState::selectionChanged, this, [this, overlay](int face_id) {
        overlay->setSelectedFace(face_id);
        overlay->clearAttention();
        updateFaceAttachment();
    });
    connect(attention_.get(), &AttentionRunner::attentionReady, this,
            [this, overlay, controls](const FaceAttention& attention) {
                if (attention.key == player_->currentFrame().key &&
                    attention.face_id == analysis_->selectedFace()) {
                    overlay->setAttention(attention);
                    controls->setHeatmapHeadCount(model::attention_head_count(attention.maps));
                }
            });
    connect(view_, &MediaView::filesDropped, this, &MainWindow::openPaths);
    connect(annotation_model_.get(), &AnnotationModel::annotationsChanged, this,
            &MainWindow::updateOverlayLabels);
    connect(view_, &MediaView::zoomChanged, this,
            [this](double zoom) { zoom_label_->setText(tr("%1%").arg(qRound(zoom * 100))); });

    connect(model_.get(), &ModelService::engineChanged, this, &MainWindow::updateModelStatus);
    connect(model_.get(), &ModelService::loadingStarted, this, &MainWindow::updateModelStatus);
    connect(&settings_, &Settings::checkpointChanged, this, &MainWindow::loadConfiguredModel);
    connect(&settings_, &Settings::detectorChanged, this, &MainWindow::analyseCurrentFrame);
    connect(&settings_, &Settings::analysisOutputsChanged, this, &MainWindow::analyseCurrentFrame);
    connect(&settings_, &Settings::recentFilesChanged, this, &MainWindow::rebuildRecentMenu);
    connect(&settings_, &Settings::recentSessionFilesChanged, this,
            &MainWindow::rebuildRecentSessionMenu);
    connect(&settings_, &Settings::labelShortcutsChanged, this, &MainWindow::rebuildLabelShortcuts);

    connect(session_.get(), &SessionContext::mediaRegistered, this,
            [this](const QString& path, qint64 id) {
                if (path == player_->info().path)
                    annotation_dock_->loadMedia(id);
            });
    connect(session_.get(), &SessionContext::sessionChanged, this, [this] {
        // Records belong to a session: register the open media in the new one.
        undo_.clear();
        if (player_->isOpen())
            session_->registerMedia(player_->info());
        chat_->newConversation();
    });
    connect(session_dock_, &SessionDock::conversationChosen, chat_.get(),
            &ChatSession::loadConversation);
    connect(session_dock_, &SessionDock::openFileRequested, this,
            [this] { chooseSessionFile(false); });
    connect(session_dock_, &SessionDock::newFileRequested, this,
            [this] { chooseSessionFile(true); });
    connect(chat_.get(), &ChatSession::conversationChanged, session_dock_, &SessionDock::reload);
    connect(annotation_dock_, &AnnotationDock::statusMessage, this,
            [this](const QString& text) { statusBar()->showMessage(text, 6000); });
    connect(lanes_, &AnnotationLanes::seekRequested, this,
            [this](double s) { player_->seek(qint64(s * player_->info().fps)); });
}

void MainWindow::updateOverlayLabels() {
    // The user's face labels of this frame (or of the whole media) next to each face.
    QHash<int, QStringList> labels;
    const int64_t frame = player_->position();
    for (const auto& row : annotation_model_->rows()) {
        const auto& a = row.annotation;
        if (a.target != store::AnnotationTarget::Face || row.face_index < 0)
            continue;
        if (a.frame && *a.frame != frame)
            continue;
        labels[row.face_index] << QStringLiteral("“%1”").arg(QString::fromStdString(a.label));
    }
    view_->overlay()->setFaceLabels(labels);
}

void MainWindow::loadConfiguredModel() {
    model_->load(settings_.effectiveCheckpointDir(), settings_.device(), settings_.towerLocations(),
                 settings_.weights());
}

void MainWindow::updateModelStatus() {
    model_label_->setText(model_->summary());
    model_label_->setToolTip(model_->checkpointDir());
    device_label_->setText(deviceText());
    const auto engine = model_->engine();
    const bool heatmap = engine && engine->info().has_landmark_modules;
    analysis_dock_->overlayControls()->setHeatmapAvailable(
        heatmap,
        engine
            ? tr("This checkpoint has no landmark modules, so no FRGCA attention.")
            : tr("No Face-LLaVA checkpoint loaded: choose one in Settings to see its attention."));
    chat_dock_->refreshState();
}

QString MainWindow::deviceText() const {
    if (const auto engine = model_->engine()) {
        const auto& info = engine->info();
        return info.device == "cpu"
                   ? tr("Device: CPU (threads: %1)").arg(model::cpu_threads())
                   : tr("Device: %1").arg(QString::fromStdString(info.device).toUpper());
    }
    const auto devices = model::cuda_devices();
    return devices.empty() ? tr("Device: CPU (threads: %1)").arg(model::cpu_threads())
                           : tr("Device: CUDA %1").arg(QString::fromStdString(devices[0].name));
}

QString MainWindow::modelText() const {
    return model_label_->text();
}

void MainWindow::openSessionFile(const QString& path) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    try {
        session_->open(path);
        settings_.setSessionFile(session_->path());
    } catch (...) {
        errors_->report(tr("Cannot open the session file"), std::current_exception(),
                        tr("Choose another session file (File ▸ Open Session File…)."));
    }
}

void MainWindow::chooseSessionFile(bool create) {
    auto* dialog = new QFileDialog(this, create ? tr("New session file") : tr("Open session file"),
                                   QFileInfo(session_->path()).absolutePath(),
                                   tr("Sessions (*.facellava *.sqlite *.db)"));
    dialog->setAcceptMode(create ? QFileDialog::AcceptSave : QFileDialog::AcceptOpen);
    dialog->setFileMode(create ? QFileDialog::AnyFile : QFileDialog::ExistingFile);
    dialog->setDefaultSuffix("facellava");
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, &MainWindow::openSessionFile);
    dialog->open();
}

void MainWindow::chooseAndOpen() {
    auto* dialog = new QFileDialog(
        this, tr("Open image or video"), QString(),
        tr("Images and videos (*.%1);;All files (*)").arg(kMediaSuffixes.join(" *.")));
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, &MainWindow::openFile);
    dialog->open();
}

void MainWindow::openFile(const QString& path) {
    if (!QFileInfo(path).isFile()) {
        errors_->report({tr("Cannot open the file"),
                         path,
                         tr("Check that it exists; it may have been moved."),
                         {}});
        return;
    }
    statusBar()->showMessage(tr("Opening %1…").arg(QFileInfo(path).fileName()));
    player_->open(path);
}

void MainWindow::openPaths(const QStringList& paths) {
    for (const QString& path : paths) {
        const QFileInfo info(path);
        if (info.isDir()) {
            // A folder is a batch job's input: set it up, the user starts it.
            showBatchDialog(info.absoluteFilePath());
            return;
        }
        if (info.isFile()) {
            openFile(path);
            return;
        }
    }
}

TrainingDialog* MainWindow::showTrainingDialog() {
    if (!training_) {
        training_ = new TrainingDialog(*session_, settings_, this);
        connect(training_, &TrainingDialog::failed, errors_.get(),
                [this](const UserError& error) { errors_->report(error); });
        // "Load into chat": the run's final/ folder becomes the configured
        // checkpoint and is loaded off the GUI thread like any other.
        connect(training_, &TrainingDialog::loadIntoChatRequested, this,
                [this](const QString& model_dir) {
                    settings_.setCheckpointDir(model_dir);
                    loadConfiguredModel();
                });
    }
    training_->show();
    training_->raise();
    training_->activateWindow();
    return training_;
}

BatchDialog* MainWindow::showBatchDialog(const QString& folder) {
    if (!batch_) {
        batch_ = new BatchDialog(*model_, settings_, this);
        connect(batch_, &BatchDialog::failed, errors_.get(),
                [this](const UserError& e) { errors_->report(e); });
    }
    if (!folder.isEmpty() && !batch_->isRunning())
        batch_->setInputFolder(folder);
    batch_->show();
    batch_->raise();
    return batch_;
}

void MainWindow::onOpened(const MediaInfo& info) {
    settings_.addRecentFile(info.path);
    setWindowTitle(tr("%1 — Face-LLaVA Workbench").arg(QFileInfo(info.path).fileName()));
    statusBar()->showMessage(info.is_video
                                 ? tr("%1 × %2 px · %3 fps · %4 frames · %5")
                                       .arg(info.size.width())
                                       .arg(info.size.height())
                                       .arg(info.fps, 0, 'f', 2)
                                       .arg(info.frame_count)
                                       .arg(info.codec)
                                 : tr("%1 × %2 px").arg(info.size.width()).arg(info.size.height()),
                             10000);
    undo_.clear();  // edits of the previous file stay saved; their undo history ends here
    analysis_->clear();
    view_->overlay()->clearAnalysis();
    annotation_model_->reset(0, info.fps, {});
    lanes_->setVisible(info.is_video);
    lanes_->setTimeline(info.duration_s, info.fps);
    lanes_->setPlayhead(0);
    export_file_->setEnabled(true);
    session_->registerMedia(info);
}

void MainWindow::chooseExport(ExportScope scope) {
    const QList<ExportChoice> choices = export_choices();
    QStringList filters;
    for (const auto& choice : choices)
        filters << choice.filter;
    const QString base = scope == ExportScope::File && player_->isOpen()
                             ? QFileInfo(player_->info().path).completeBaseName()
                             : QFileInfo(session_->path()).completeBaseName();
    auto* dialog = new QFileDialog(
        this, tr("Export annotations"),
        QFileInfo(session_->path()).absoluteDir().filePath(base + tr("-annotations")));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setNameFilters(filters);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this, dialog, choices, scope](QString path) {
        const int index = dialog->nameFilters().indexOf(dialog->selectedNameFilter());
        const ExportChoice& choice = choices.value(std::max(0, index));
        const QString extension = QString::fromUtf8(store::file_extension(choice.format));
        if (QFileInfo(path).suffix().isEmpty())
            path += extension;
        exportAnnotations(choice.format, path, scope);
    });
    dialog->open();
}

void MainWindow::exportAnnotations(store::AnnotationFormat format, const QString& path,
                                   ExportScope scope) {
    if (!session_->isOpen()) {
        errors_->report({tr("Cannot export annotations: no session file is open"),
                         path,
                         tr("Open a session file (File ▸ Open Session File…), then export."),
                         {}});
        return;
    }
    const QString media = player_->info().path;
    if (scope == ExportScope::File && !player_->isOpen()) {
        errors_->report({tr("Cannot export the annotations of this file: no file is open"),
                         path,
                         tr("Open the photo or video first, or export the whole session."),
                         {}});
        return;
    }
    ++exports_;
    statusBar()->showMessage(tr("Exporting annotations to %1…").arg(path));
    session_->run(
        [format, path, media, scope](store::SessionStore& store, WriterState& state) {
            try {
                const std::string out = QFileInfo(path).absoluteFilePath().toStdString();
                if (scope == ExportScope::Session) {
                    store::export_session_annotations(store, format, out, state.session_id);
                } else {
                    const store::Id media_id = state.media_id(media);
                    if (media_id == 0)
                        throw facellava::Error("the file on screen is not in the session",
                                               media.toStdString(),
                                               "reopen the file (it is added to the session when "
                                               "it can be read), then export again");
                    store::export_annotations(store, format, out, media_id);
                }
                return UserError{};
            } catch (...) {
                UserError error = ErrorReporter::describe(
                    tr("Exporting the annotations failed"), std::current_exception(),
                    tr("Choose a folder you can write to, and export again."));
                if (error.file.isEmpty())
                    error.file = path;
                return error;
            }
        },
        [this, path](const UserError& error) {
            --exports_;
            if (!error.what.isEmpty()) {
                errors_->report(error);
                return;
            }
            statusBar()->showMessage(tr("Annotations exported to %1").arg(path), 10000);
            emit annotationsExported(path);
        },
        this);
}

void MainWindow::onFrameShown(const DecodedFrame& frame) {
    view_->showFrame(frame.image, frame.key);
    updateOverlayLabels();
    // While playing, frames pass too fast to analyse; pausing analyses the one shown.
    if (player_->isPlaying())
        return;
    if (analysis_->analysis().key == frame.key) {
        view_->overlay()->setAnalysis(analysis_->analysis());  // back on the analysed frame
        return;
    }
    restoreOrAnalyse();
}

void MainWindow::restoreOrAnalyse() {
    const DecodedFrame& frame = player_->currentFrame();
    if (frame.isNull() || player_->isPlaying())
        return;
    if (!session_->isOpen()) {
        analyseCurrentFrame();
        return;
    }
    // Posted after the media's registration, so the writer knows its id.
    const FrameKey key = frame.key;
    const QSize size(frame.rgb->width, frame.rgb->height);
    ++lookups_;
    analysis_dock_->setStatus(tr("Looking for frame %1 in the session…").arg(key.frame));
    session_->run(
        [key, size](store::SessionStore& store, WriterState& state) {
            Lookup lookup;
            const store::Id media_id = state.media_id(key.media);
            if (media_id == 0)
                return lookup;
            try {
                lookup.stored = load_frame_analysis(store, media_id, key, size);
            } catch (...) {
                lookup.error = ErrorReporter::describe(
                    tr("Cannot read the saved analysis of this frame"), std::current_exception(),
                    tr("The frame is analysed again. Check the session file with `facellava "
                       "session check`."));
                if (lookup.error.file.isEmpty())
                    lookup.error.file = QString::fromStdString(store.path());
            }
            return lookup;
        },
        [this, key](const Lookup& lookup) {
            --lookups_;
            if (!lookup.error.what.isEmpty())
                errors_->report(lookup.error);
            // The user may have moved on (that frame has its own lookup) or
            // asked for a fresh analysis meanwhile.
            if (player_->currentFrame().key != key || player_->isPlaying() ||
                analysis_->analysis().key == key)
                return;
            if (!lookup.stored) {
                analyseCurrentFrame();
                return;
            }
            const StoredAnalysis& stored = *lookup.stored;
            analysis_->restore(stored.detected, stored.corrections);
            analysis_dock_->setStatus(tr("%n face(s) · %1 · saved in the session", nullptr,
                                         int(stored.detected.faces.size()))
                                          .arg(stored.detected.detector));
        },
        this);
}

void MainWindow::analyseCurrentFrame() {
    const DecodedFrame& frame = player_->currentFrame();
    if (frame.isNull() || player_->isPlaying())
        return;
    analysis_dock_->setStatus(tr("Analysing frame %1…").arg(frame.key.frame));
    runner_->analyse(frame.key, frame.rgb, settings_.analysisOptions());
}

void MainWindow::onAnalysis(const FrameAnalysis& analysis) {
    // Only the analysis of exactly the frame on screen is shown.
    if (analysis.key != player_->currentFrame().key)
        return;
    analysis_->setAnalysis(analysis);
    saveAnalysis(analysis);
    analysis_dock_->setStatus(tr("%n face(s) · %1 · %2 ms", nullptr, int(analysis.faces.size()))
                                  .arg(analysis.detector)
                                  .arg(analysis.elapsed_ms, 0, 'f', 0));
}

void MainWindow::saveAnalysis(const FrameAnalysis& detected) {
    session_->run([detected, corrections = analysis_->corrections(detected.key),
                   timestamp = player_->timestampOf(detected.key.frame)](store::SessionStore& store,
                                                                         WriterState& state) {
        const store::Id media_id = state.media_id(detected.key.media);
        if (media_id == 0)
            return;  // the file could not be added to the session (reported then)
        save_frame_analysis(store, media_id, detected, corrections, timestamp);
    });
}

void MainWindow::updateFaceAttachment() {
    const FaceResult* face = analysis_->selected();
    const DecodedFrame& frame = player_->currentFrame();
    const bool on_screen = face && analysis_->analysis().key == frame.key;
    if (on_screen)
        chat_->setAttachment(make_face_attachment(frame, *face));
    else
        chat_->setAttachment(std::nullopt);
    analysis_dock_->taskAnswers()->setFace(chat_->attachment(),
                                           on_screen ? face->answers : std::vector<TaskAnswer>{});
    chat_dock_->refreshState();
    requestAttention();
}

void MainWindow::requestAttention() {
    const auto engine = model_->engine();
    if (!engine || !engine->info().has_landmark_modules)
        return;
    if (!analysis_dock_->overlayControls()->options()[OverlayLayer::Heatmap].visible)
        return;
    const auto& attachment = chat_->attachment();
    if (!attachment || attachment->key != player_->currentFrame().key)
        return;
    attention_->compute(engine, *attachment);
}

bool MainWindow::isBusy() const {
    return runner_->isRunning() || lookups_ > 0 || exports_ > 0 || attention_->isRunning() ||
           model_->isLoading() || chat_->isGenerating() ||
           (player_->isOpen() && player_->currentFrame().key.frame != player_->position());
}

QString MainWindow::currentPath() const {
    return player_->info().path;
}
QSize MainWindow::currentImageSize() const {
    return player_->info().size;
}

void MainWindow::jumpToTimecode() {
    if (!player_->isVideo())
        return;
    auto* dialog = new QInputDialog(this);
    dialog->setWindowTitle(tr("Jump to timecode"));
    dialog->setLabelText(tr("Time (1:23.5 or 83.5) or frame (#120):"));
    dialog->setTextValue(format_time(player_->timestampOf(player_->position())));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QInputDialog::textValueSelected, this, [this](const QString& text) {
        if (!transport_->jumpTo(text))
            statusBar()->showMessage(tr("“%1” is not a timecode").arg(text), 6000);
    });
    dialog->open();
}

void MainWindow::rebuildRecentMenu() {
    recent_menu_->clear();
    const QStringList files = settings_.recentFiles();
    for (const QString& path : files) {
        QAction* action = recent_menu_->addAction(QFileInfo(path).fileName(), this,
                                                  [this, path] { openFile(path); });
        action->setToolTip(path);
        action->setStatusTip(path);
    }
    if (!files.isEmpty()) {
        recent_menu_->addSeparator();
        recent_menu_->addAction(tr("Clear List"), &settings_, &Settings::clearRecentFiles);
    }
    recent_menu_->setEnabled(!files.isEmpty());
}

void MainWindow::rebuildRecentSessionMenu() {
    recent_sessions_menu_->clear();
    const QStringList files = settings_.recentSessionFiles();
    for (const QString& path : files) {
        QAction* action = recent_sessions_menu_->addAction(
            QFileInfo(path).fileName(), this, [this, path] { openRecentSessionFile(path); });
        action->setToolTip(path);
        action->setStatusTip(path);
        action->setCheckable(true);
        action->setChecked(path == session_->path());
    }
    if (!files.isEmpty()) {
        recent_sessions_menu_->addSeparator();
        recent_sessions_menu_->addAction(tr("Clear List"), &settings_,
                                         &Settings::clearRecentSessionFiles);
    }
    recent_sessions_menu_->setEnabled(!files.isEmpty());
}

void MainWindow::openRecentSessionFile(const QString& path) {
    // Opening creates a missing file: a moved session must not silently start empty.
    if (!QFileInfo(path).isFile()) {
        errors_->report({tr("The session file is no longer there"),
                         path,
                         tr("It may have been moved or deleted: open it where it is now (File ▸ "
                            "Open Session File…)."),
                         {}});
        return;
    }
    openSessionFile(path);
}

QMap<QString, QKeySequence> MainWindow::reservedShortcuts() const {
    QMap<QString, QKeySequence> reserved;
    for (QAction* action : findChildren<QAction*>()) {
        if (label_actions_.contains(action) || action->shortcut().isEmpty())
            continue;
        reserved.insert(action->text().remove('&'), action->shortcut());
    }
    return reserved;
}

void MainWindow::rebuildLabelShortcuts() {
    qDeleteAll(label_actions_);
    label_actions_.clear();
    const auto shortcuts = settings_.labelShortcuts();
    for (auto it = shortcuts.begin(); it != shortcuts.end(); ++it) {
        if (it.value().isEmpty())
            continue;
        auto* action = new QAction(tr("Label “%1”").arg(it.key()), this);
        action->setShortcut(it.value());
        action->setShortcutContext(Qt::WindowShortcut);
        const QString label = it.key();
        connect(action, &QAction::triggered, this,
                [this, label] { annotation_dock_->applyShortcutLabel(label); });
        addAction(action);
        label_actions_ << action;
    }
}

void MainWindow::showShortcuts() {
    auto* dialog = new ShortcutsDialog(settings_.labelShortcuts(), reservedShortcuts(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { settings_.setLabelShortcuts(dialog->labels()); });
    dialog->open();
}

void MainWindow::showSettings() {
    auto* dialog = new SettingsDialog(settings_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (training_ != nullptr && training_->isRunning()) {
        const auto answer = QMessageBox::question(
            this, tr("Training is running"),
            tr("A fine-tuning run is still going. Quit anyway? The run is stopped after "
               "its current step and its checkpoint is kept, so it can be resumed."),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
    }
    settings_.setWindowGeometry(saveGeometry());
    settings_.setWindowState(saveState());
    settings_.sync();
    chat_->stop();
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    if (paths.isEmpty())
        return;
    event->acceptProposedAction();
    openPaths(paths);
}

QString MainWindow::aboutText() {
    return tr("<h3>Face-LLaVA Workbench %1</h3>"
              "<p>Study faces with a multimodal LLM (Face-LLaVA, arXiv 2504.07198).</p>"
              "<p>LibTorch %2 · Qt %3 · SQLite %4 · SentencePiece %5</p>"
              "<p><b>Models and their licences</b><ul>"
              "<li>face-api nets (tiny face detector, 68 landmarks, expression, age/gender) from "
              "@vladmandic/face-api 1.7.15 — MIT; trained on research datasets.</li>"
              "<li>dlib HOG face detector — Boost licence; dlib 68-point shape predictor "
              "(libdlib-data) — "
              "trained on iBUG 300-W, whose terms restrict commercial use.</li>"
              "<li>Face-LLaVA checkpoints — see their model cards; loaded from disk when you have "
              "them.</li>"
              "</ul></p>")
        .arg(QString::fromUtf8(FACELLAVA_VERSION), QString::fromStdString(model::torch_version()),
             QString::fromUtf8(qVersion()), QString::fromStdString(sqlite_version()),
             QString::fromStdString(model::Tokenizer::library_version()));
}

}  // namespace facellava::ui
