// The main window: opening a demo photo shows faces and landmarks, overlays
// toggle, errors are reported clearly, layout and recent files are remembered.
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTableView>
#include <QtTest>

#include "dialogs/batch_dialog.h"
#include "dialogs/error_reporter.h"
#include "dialogs/training_dialog.h"
#include "docks/analysis_dock.h"
#include "docks/chat_dock.h"
#include "facellava/model/runtime.h"
#include "jobs/model_service.h"
#include "media/media_player.h"
#include "models/analysis_state.h"
#include "settings/settings.h"
#include "support/log_file.h"
#include "widgets/expression_bars.h"
#include "widgets/expression_names_box.h"
#include "widgets/media_view.h"
#include "widgets/overlay_controls.h"
#include "widgets/overlay_item.h"
#include "windows/main_window.h"
#include "workbench_fixtures.h"

using facellava::ui::MainWindow;
using facellava::ui::OverlayLayer;

class MainWindowTest : public QObject {
    Q_OBJECT
  private slots:
    void opensADemoPhotoAndShowsFacesAndLandmarks() {
        uitest::Workbench bench;
        MainWindow& window = *bench.window;
        uitest::Watchdog watchdog;
        watchdog.start();
        window.openFile(uitest::demo_photo());
        QTRY_VERIFY_WITH_TIMEOUT(window.analysis().hasAnalysis(), 120000);
        QCOMPARE(window.currentImageSize(), QSize(1920, 1280));  // sample1.jpg
        QVERIFY(window.windowTitle().startsWith("sample1.jpg"));
        const auto& analysis = window.analysis().analysis();
        QVERIFY2(analysis.faces.size() >= 2, "sample1.jpg shows several faces");
        for (const auto& face : analysis.faces) {
            // Landmarks lie on the face they belong to.
            int inside = 0;
            for (const QPointF& p : face.landmarks)
                inside += face.box.adjusted(-20, -20, 20, 20).contains(p);
            QVERIFY2(
                inside >= 60,
                qPrintable(
                    QString("face %1: %2 landmarks in its box").arg(face.face_id).arg(inside)));
            QVERIFY(face.pose.has_value());
        }
        // Drawn on exactly the analysed frame; panel filled in.
        QVERIFY(window.mediaView()->overlay()->analysisMatchesFrame());
        QCOMPARE(window.analysisDock()->facesTable()->model()->rowCount(),
                 int(analysis.faces.size()));
        QVERIFY(window.analysisDock()->expressionBars()->isEnabled());
        int total = 0;
        for (int i = 0; i < 7; ++i)
            total += window.analysisDock()->expressionBars()->percent(i);
        QVERIFY2(total >= 97 && total <= 103, qPrintable(QString::number(total)));
        // A click on a face selects it.
        const auto& second = analysis.faces[1];
        const QPoint at = window.mediaView()->mapFromScene(second.box.center());
        QTest::mouseClick(window.mediaView()->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(window.analysis().selectedFace(), second.face_id);
        QVERIFY(uitest::wait_idle(window));
        QVERIFY2(watchdog.maxGapMs() < 100,
                 qPrintable(QString("GUI stalled %1 ms").arg(watchdog.maxGapMs())));
    }

    void togglesOverlaysWithOpacity() {
        uitest::Workbench bench;
        MainWindow& window = *bench.window;
        window.openFile(uitest::demo_photo());
        QTRY_VERIFY_WITH_TIMEOUT(window.analysis().hasAnalysis(), 120000);
        uitest::Watchdog watchdog;
        watchdog.start();
        auto* controls = window.analysisDock()->overlayControls();
        auto grab = [&] { return window.mediaView()->viewport()->grab().toImage(); };
        const QImage with_all = grab();
        for (auto layer : {OverlayLayer::Boxes, OverlayLayer::Landmarks, OverlayLayer::Pose,
                           OverlayLayer::Labels}) {
            QVERIFY(controls->toggle(layer)->isChecked());
            controls->toggle(layer)->click();
            QTest::qWait(30);  // back to the event loop: repaints run, the watchdog ticks
            QVERIFY(!window.mediaView()->overlay()->options()[layer].visible);
        }
        const QImage bare = grab();
        QVERIFY2(bare != with_all, "switching every overlay off changes the picture");
        controls->toggle(OverlayLayer::Landmarks)->click();
        QTest::qWait(30);
        const QImage landmarks_only = grab();
        QVERIFY(landmarks_only != bare);
        controls->setLayerOpacity(OverlayLayer::Landmarks, 0.2);
        QTest::qWait(30);
        QCOMPARE(window.mediaView()->overlay()->options()[OverlayLayer::Landmarks].opacity, 0.2);
        QVERIFY(grab() != landmarks_only);
        // The opacity is remembered.
        QCOMPARE(bench.settings->overlayOpacity("landmarks", 1.0), 0.2);
        // Without a Face-LLaVA checkpoint the heatmap cannot be switched on, and says why.
        QVERIFY(!controls->toggle(OverlayLayer::Heatmap)->isEnabled());
        QVERIFY(controls->toggle(OverlayLayer::Heatmap)->toolTip().contains("checkpoint"));
        QVERIFY2(watchdog.maxGapMs() < 100,
                 qPrintable(QString("GUI stalled %1 ms").arg(watchdog.maxGapMs())));
    }

    void zoomsPansAndFits() {
        uitest::Workbench bench;
        MainWindow& window = *bench.window;
        window.openFile(uitest::demo_photo());
        QTRY_VERIFY_WITH_TIMEOUT(window.mediaView()->hasImage(), 60000);
        auto* view = window.mediaView();
        QVERIFY(view->fitsWindow());
        const double fit = view->zoomFactor();
        QVERIFY(fit < 1.0);  // 1920 px photo in a smaller view
        view->zoomIn();
        QVERIFY(view->zoomFactor() > fit * 1.2);
        QVERIFY(!view->fitsWindow());
        view->actualSize();
        QCOMPARE(view->zoomFactor(), 1.0);
        view->fitToWindow();
        QVERIFY(qAbs(view->zoomFactor() - fit) < 1e-6);
    }

    void reportsABrokenFileClearly() {
        uitest::Workbench bench;
        MainWindow& window = *bench.window;
        const QString path = bench.dir.filePath("broken.jpg");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("\xff\xd8\xff\xe0 not really a jpeg");
        file.close();
        const int before = window.errors().count();
        window.openFile(path);
        QTRY_COMPARE_WITH_TIMEOUT(window.errors().count(), before + 1, 30000);
        const auto& error = window.errors().lastError();
        QVERIFY(!error.what.isEmpty());
        QVERIFY2(error.file.endsWith("broken.jpg"), qPrintable(error.file));
        QVERIFY(!error.fix.isEmpty());
        QVERIFY(window.currentPath().isEmpty());
        window.openFile(bench.dir.filePath("missing.png"));
        QCOMPARE(window.errors().count(), before + 2);
        QVERIFY(window.errors().lastError().file.endsWith("missing.png"));
    }

    void errorDialogSaysWhatFailedWhichFileAndWhatToDo() {
        QWidget parent;
        facellava::ui::ErrorReporter reporter(&parent);
        reporter.report(
            {"Cannot open the video", "/data/clip.mp4", "Check that the file is readable.", "EOF"});
        QMessageBox* box = reporter.currentDialog();
        QVERIFY(box);
        QVERIFY(box->isVisible());  // open(), not exec(): the test is not blocked
        QVERIFY(box->text().contains("Cannot open the video"));
        QVERIFY(box->text().contains("/data/clip.mp4"));
        QVERIFY(box->text().contains("Check that the file is readable."));
        box->accept();
    }

    void remembersLayoutAndRecentFiles() {
        QTemporaryDir dir;
        const QString ini = dir.filePath("settings.ini");
        {
            facellava::ui::Settings settings(ini);
            MainWindow::Options options;
            options.dialogs = false;
            options.load_model = false;
            options.session_file = dir.filePath("s.facellava");
            MainWindow window(settings, options);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.openFile(uitest::demo_photo());
            QTRY_VERIFY_WITH_TIMEOUT(!window.currentPath().isEmpty(), 60000);
            QCOMPARE(settings.recentFiles().value(0),
                     QFileInfo(uitest::demo_photo()).absoluteFilePath());
            QVERIFY(window.recentMenu()->isEnabled());
            QVERIFY(window.recentMenu()->actions().first()->text() == "sample1.jpg");
            window.chatDock()->hide();
            window.close();
            QVERIFY(uitest::wait_idle(window));
        }
        facellava::ui::Settings settings(ini);
        QVERIFY(!settings.windowState().isEmpty());
        MainWindow::Options options;
        options.dialogs = false;
        options.load_model = false;
        options.session_file = dir.filePath("s.facellava");
        MainWindow window(settings, options);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY2(window.chatDock()->isHidden(), "the hidden chat dock stays hidden");
        QVERIFY(window.analysisDock()->isVisible());
    }

    void dropsFilesAndFolders() {
        uitest::Workbench bench;
        MainWindow& window = *bench.window;
        QTemporaryDir folder;
        QVERIFY(QFile::copy(uitest::demo_photo(), folder.filePath("face.jpg")));
        // A dropped file opens; a dropped folder becomes a batch job's input.
        // The events go to the window as the platform sends them: enter, then drop.
        auto drop = [&](const QString& path) {
            QMimeData data;
            data.setUrls({QUrl::fromLocalFile(path)});
            const QPoint at =
                window.mediaView()->mapTo(&window, window.mediaView()->rect().center());
            QDragEnterEvent enter(at, Qt::CopyAction, &data, Qt::LeftButton, {});
            QApplication::sendEvent(window.windowHandle(), &enter);
            QVERIFY(enter.isAccepted());
            QDropEvent event(QPointF(at), Qt::CopyAction, &data, Qt::LeftButton, {});
            QApplication::sendEvent(window.windowHandle(), &event);
            QVERIFY(event.isAccepted());
        };
        drop(folder.filePath("face.jpg"));
        QTRY_VERIFY_WITH_TIMEOUT(window.currentPath().endsWith("face.jpg"), 60000);
        drop(folder.path());
        auto* batch = window.findChild<facellava::ui::BatchDialog*>();
        QVERIFY(batch);
        QVERIFY(batch->isVisible());
        QCOMPARE(batch->findChild<QLineEdit*>("BatchInput")->text(),
                 QFileInfo(folder.path()).absoluteFilePath());
        QCOMPARE(batch->outputFolder(), QFileInfo(folder.path()).absoluteFilePath() + "_facellava");
        QVERIFY(uitest::wait_idle(window));
    }

    // File ▸ Fine-tune opens the Training dialog; its "Load into chat" makes
    // the run's model the configured checkpoint and loads it off the GUI thread.
    void fineTuneMenuOpensTheTrainingDialogAndLoadsItsModel() {
        uitest::Workbench bench;
        MainWindow& window = *bench.window;
        QAction* fine_tune = nullptr;
        for (QAction* menu : window.menuBar()->actions())
            for (QAction* action : menu->menu()->actions())
                if (action->text().startsWith("&Fine-tune"))
                    fine_tune = action;
        QVERIFY(fine_tune);
        fine_tune->trigger();
        auto* dialog = window.findChild<facellava::ui::TrainingDialog*>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QCOMPARE(window.showTrainingDialog(), dialog);  // one dialog per window
        uitest::Watchdog watchdog;
        watchdog.start();
        const QString model_dir = uitest::tiny_checkpoint_dir();
        emit dialog->loadIntoChatRequested(model_dir);
        QTRY_VERIFY_WITH_TIMEOUT(!window.model().isLoading() && window.model().engine(), 60000);
        QCOMPARE(window.model().checkpointDir(), model_dir);
        QVERIFY(uitest::wait_idle(window));
    }

    void batchDialogCompletesASmallJob() {
        uitest::Workbench bench;
        MainWindow& window = *bench.window;
        QTemporaryDir input, output;
        QVERIFY(QFile::copy(uitest::demo_photo(), input.filePath("a.jpg")));
        QVERIFY(QFile::copy(uitest::test_video(30), input.filePath("b.mp4")));
        auto* batch = window.showBatchDialog(input.path());
        batch->setOutputFolder(output.filePath("job"));
        batch->findChild<QSpinBox*>()->setValue(1);  // sanity: spin boxes exist
        // The outputs' controls reach the job: OpenFace's frame numbers,
        // py-feat's names, the crops and the overlay video.
        auto* frame_base = batch->findChild<QComboBox*>("BatchFrameBase");
        auto* names = batch->findChild<facellava::ui::ExpressionNamesBox*>("BatchExpressionNames");
        auto* crops = batch->findChild<QCheckBox*>("BatchSaveCrops");
        auto* overlay = batch->findChild<QCheckBox*>("BatchOverlayVideo");
        QVERIFY(frame_base && names && crops && overlay);
        frame_base->setCurrentIndex(frame_base->findData(1));
        names->setNames(facellava::pipeline::ExpressionNames::PyFeat);
        crops->setChecked(true);
        overlay->setChecked(true);
        uitest::Watchdog watchdog;
        watchdog.start();
        QVERIFY(batch->start());
        QVERIFY(batch->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!batch->isRunning(), 300000);
        const auto& outcome = batch->lastOutcome();
        QVERIFY2(!outcome.cancelled, qPrintable(batch->statusText()));
        QCOMPARE(outcome.analysed, 2);
        QCOMPARE(outcome.failed, 0);
        QVERIFY(outcome.rows > 2);
        QVERIFY(QFileInfo::exists(outcome.faces_csv));
        QVERIFY(QFileInfo::exists(outcome.metadata_json));
        QVERIFY(batch->openCsvButton()->isEnabled());
        QVERIFY(batch->statusText().startsWith("Done"));
        QFile csv(outcome.faces_csv);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QByteArray header = csv.readLine();
        QVERIFY(header.contains("face_id"));
        QVERIFY2(header.contains(",happiness,") && !header.contains(",happy,"), header.constData());
        const QList<QByteArray> columns = header.trimmed().split(',');
        const int input_column = int(columns.indexOf("input"));
        bool photo_row = false;
        for (QByteArray line = csv.readLine(); !line.isEmpty(); line = csv.readLine()) {
            const QList<QByteArray> cells = line.trimmed().split(',');
            if (cells.value(input_column) != "a.jpg")
                continue;
            photo_row = true;
            QCOMPARE(cells.front(), QByteArray("1"));  // the photo's frame 0, counted from 1
        }
        QVERIFY2(photo_row, "no row of the photo in faces.csv");
        QVERIFY(!QDir(output.filePath("job/crops/a")).entryList({"*.jpg"}, QDir::Files).isEmpty());
        QVERIFY(QFileInfo::exists(output.filePath("job/overlay/b.mp4")));
        // The window now names expressions as the faces.csv just written.
        QCOMPARE(bench.settings->outputConventions().expression_names,
                 facellava::pipeline::ExpressionNames::PyFeat);
        // Running it again resumes: nothing left to analyse.
        QVERIFY(batch->start());
        QTRY_VERIFY_WITH_TIMEOUT(!batch->isRunning(), 120000);
        QCOMPARE(batch->lastOutcome().resumed, 2);
        QVERIFY2(watchdog.maxGapMs() < 100,
                 qPrintable(QString("GUI stalled %1 ms").arg(watchdog.maxGapMs())));
    }

    void statusBarNamesDeviceAndModel() {
        uitest::Workbench bench;
        MainWindow& window = *bench.window;
        QVERIFY(window.deviceText().contains(facellava::model::cuda_available() ? "CUDA" : "CPU"));
        QVERIFY(window.modelText().contains("none"));
        QVERIFY(window.chatDock()->notice().contains(
            "No model loaded: choose a checkpoint in Settings"));
    }

    void logsToAFileTheHelpMenuOpens() {
        const QString path = facellava::ui::LogFile::install();
        QVERIFY(path.endsWith("workbench.log"));
        QVERIFY(path.startsWith(
            QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)));
        qWarning("log line from the test %d", 42);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains("log line from the test 42"));
        uitest::Workbench bench;
        bool found = false;
        for (QAction* action : bench.window->findChildren<QAction*>())
            found |= action->text() == "Open &Log";
        QVERIFY(found);
    }

    void aboutNamesVersionsAndLicences() {
        const QString about = MainWindow::aboutText();
        QVERIFY(about.contains(QString::fromStdString(facellava::model::torch_version())));
        QVERIFY(about.contains("MIT"));
        QVERIFY(about.contains("300-W"));
    }
};

int run_main_window_tests(int argc, char** argv) {
    MainWindowTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_main_window.moc"
