// Annotation: label a face, a frame and a time range, with buttons and single
// keys; undo and redo every edit; the session file holds the result. Dragging
// a landmark is an undoable correction. Rebinding keys detects conflicts.
#include <QCheckBox>
#include <QTableView>
#include <QtTest>

#include "dialogs/shortcuts_dialog.h"
#include "docks/analysis_dock.h"
#include "docks/annotation_dock.h"
#include "facellava/core/store/session_store.h"
#include "media/media_player.h"
#include "models/analysis_state.h"
#include "models/annotation_model.h"
#include "models/session_context.h"
#include "settings/settings.h"
#include "widgets/annotation_lanes.h"
#include "widgets/media_view.h"
#include "widgets/overlay_controls.h"
#include "windows/main_window.h"
#include "workbench_fixtures.h"

using facellava::ui::MainWindow;
namespace store = facellava::store;

namespace {

std::vector<store::Annotation> saved_annotations(uitest::Workbench& bench, store::Id media_id) {
    bench.window->session().flush();
    store::OpenOptions read_only;
    read_only.read_only = true;
    store::SessionStore file(bench.sessionFile().toStdString(), read_only);
    return file.annotations().list(media_id);
}

}  // namespace

class AnnotationTest : public QObject {
    Q_OBJECT
  private slots:
    void labelsUndoesRedoesAndSaves() {
        uitest::Workbench bench;
        MainWindow& window = *bench.window;
        window.openFile(uitest::demo_photo());
        QTRY_VERIFY_WITH_TIMEOUT(window.analysis().hasAnalysis(), 120000);
        const QString path = window.currentPath();
        QTRY_VERIFY_WITH_TIMEOUT(window.session().mediaId(path) != 0, 30000);
        const store::Id media = window.session().mediaId(path);
        QTRY_COMPARE(window.annotations().mediaId(), media);
        uitest::Watchdog watchdog;
        watchdog.start();
        auto* dock = window.annotationDock();
        auto& model = window.annotations();
        auto& undo = window.undoStack();
        window.analysis().setSelectedFace(1);

        dock->labelFace("happiness");
        QTRY_COMPARE(model.rowCount(), 1);
        dock->labelFrame("group photo");
        QTRY_COMPARE(model.rowCount(), 2);
        // A single key labels the selected face ("1" = surprise by default).
        window.activateWindow();
        window.mediaView()->setFocus();
        QTest::keyClick(window.mediaView(), Qt::Key_1);
        QTRY_COMPARE(model.rowCount(), 3);
        QCOMPARE(undo.count(), 3);
        QCOMPARE(undo.undoText(), QString("Label face 1 “surprise”"));

        undo.undo();
        QTRY_COMPARE(model.rowCount(), 2);
        undo.undo();
        QTRY_COMPARE(model.rowCount(), 1);
        undo.redo();
        QTRY_COMPARE(model.rowCount(), 2);
        // Relabel and delete are undoable too.
        dock->table()->selectRow(0);
        dock->relabelSelected("joy");
        QTRY_COMPARE(
            model.data(model.index(0, facellava::ui::AnnotationModel::LabelColumn)).toString(),
            QString("joy"));
        dock->table()->selectRow(1);
        dock->removeSelected();
        QTRY_COMPARE(model.rowCount(), 1);
        undo.undo();
        QTRY_COMPARE(model.rowCount(), 2);

        auto saved = saved_annotations(bench, media);
        QCOMPARE(int(saved.size()), 2);
        QCOMPARE(QString::fromStdString(saved[0].label), QString("joy"));
        QCOMPARE(saved[0].target, store::AnnotationTarget::Face);
        QVERIFY(saved[0].track_id.has_value());
        QCOMPARE(QString::fromStdString(saved[1].label), QString("group photo"));
        QCOMPARE(saved[1].target, store::AnnotationTarget::Frame);
        QCOMPARE(model.rowAt(0).face_index, 1);

        undo.undo();  // relabel
        QTRY_COMPARE(
            model.data(model.index(0, facellava::ui::AnnotationModel::LabelColumn)).toString(),
            QString("happiness"));
        saved = saved_annotations(bench, media);
        QCOMPARE(QString::fromStdString(saved[0].label), QString("happiness"));
        QVERIFY(uitest::wait_idle(window));
        QVERIFY2(watchdog.maxGapMs() < 100,
                 qPrintable(QString("GUI stalled %1 ms").arg(watchdog.maxGapMs())));
    }

    void labelsTimeRangesInLanes() {
        uitest::Workbench bench;
        MainWindow& window = *bench.window;
        window.openFile(uitest::test_video(30));
        QTRY_VERIFY_WITH_TIMEOUT(!window.player().currentFrame().isNull(), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(window.session().mediaId(window.currentPath()) != 0, 30000);
        QVERIFY(window.lanes()->isVisible());
        auto* dock = window.annotationDock();
        dock->markRangeStart();
        QVERIFY(dock->rangeStarted());
        window.player().seek(10);
        QTRY_COMPARE_WITH_TIMEOUT(window.player().currentFrame().key.frame, int64_t(10), 20000);
        dock->applyShortcutLabel("talking");  // a label key ends the started range
        QVERIFY(!dock->rangeStarted());
        QTRY_COMPARE(window.annotations().rowCount(), 1);
        const auto& a = window.annotations().rowAt(0).annotation;
        QCOMPARE(a.target, store::AnnotationTarget::Range);
        QCOMPARE(a.start_ms.value(), int64_t(0));
        QCOMPARE(a.end_ms.value(), int64_t(400));
        QCOMPARE(window.lanes()->tiers(), QStringList{"default"});
        const auto saved = saved_annotations(bench, window.session().mediaId(window.currentPath()));
        QCOMPARE(int(saved.size()), 1);
        QCOMPARE(saved[0].end_ms.value(), int64_t(400));
        QVERIFY(uitest::wait_idle(window));
    }

    void dragsALandmarkAsAnUndoableCorrection() {
        uitest::Workbench bench;
        MainWindow& window = *bench.window;
        window.openFile(uitest::demo_photo());
        QTRY_VERIFY_WITH_TIMEOUT(window.analysis().hasAnalysis(), 120000);
        QTRY_VERIFY_WITH_TIMEOUT(window.session().mediaId(window.currentPath()) != 0, 30000);
        auto* view = window.mediaView();
        view->actualSize();  // landmarks several pixels apart on screen
        const auto& face = window.analysis().analysis().faces.front();
        const QPointF original = face.landmarks[30];  // nose tip
        view->centerOn(original);
        window.analysisDock()->overlayControls()->editLandmarks()->setChecked(true);
        QApplication::processEvents();
        uitest::Watchdog watchdog;
        watchdog.start();
        const QPoint from = view->mapFromScene(original);
        const QPoint to = from + QPoint(12, 8);
        QTest::mousePress(view->viewport(), Qt::LeftButton, {}, from);
        QTest::qWait(30);  // each step back to the event loop, as a real drag is
        QTest::mouseMove(view->viewport(), from + QPoint(6, 4));
        QTest::qWait(30);
        QTest::mouseMove(view->viewport(), to);
        QTest::qWait(30);
        QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, to);
        QTest::qWait(30);
        QCOMPARE(window.undoStack().count(), 1);
        const QPointF moved = window.analysis().analysis().faces.front().landmarks[30];
        QVERIFY2(QLineF(moved, view->mapToScene(to)).length() < 1.5, "the point follows the drag");
        window.undoStack().undo();
        QTest::qWait(30);
        QCOMPARE(window.analysis().analysis().faces.front().landmarks[30], original);
        window.undoStack().redo();
        QTest::qWait(30);
        QCOMPARE(window.analysis().analysis().faces.front().landmarks[30], moved);
        // The correction is in the session as the face's manual observation,
        // next to the detector's.
        window.session().flush();
        store::OpenOptions read_only;
        read_only.read_only = true;
        store::SessionStore file(bench.sessionFile().toStdString(), read_only);
        const auto observations =
            file.faces().observations_of_media(window.session().mediaId(window.currentPath()));
        QCOMPARE(observations.size(), window.analysis().analysis().faces.size() + 1);
        std::vector<store::FaceObservation> manual;
        for (const auto& o : observations)
            if (o.detector == store::kManualDetector)
                manual.push_back(o);
        QCOMPARE(int(manual.size()), 1);
        QCOMPARE(double(manual[0].landmarks->x(30)), moved.x());
        QCOMPARE(double(manual[0].landmarks->y(30)), moved.y());
        QVERIFY2(watchdog.maxGapMs() < 100,
                 qPrintable(QString("GUI stalled %1 ms").arg(watchdog.maxGapMs())));
    }

    void rebindingDetectsConflicts() {
        QMap<QString, QKeySequence> labels{{"happy", QKeySequence("1")},
                                           {"sad", QKeySequence("2")}};
        QMap<QString, QKeySequence> reserved{{"Play / Pause", QKeySequence(Qt::Key_Space)}};
        facellava::ui::ShortcutsDialog dialog(labels, reserved);
        QVERIFY(!dialog.hasConflicts());
        dialog.setKey("sad", QKeySequence("1"));
        QVERIFY(dialog.hasConflicts());
        QVERIFY(dialog.conflictText().contains("happy"));
        dialog.setKey("sad", QKeySequence(Qt::Key_Space));
        QVERIFY(dialog.conflictText().contains("Play / Pause"));
        dialog.setKey("sad", QKeySequence("3"));
        QVERIFY(!dialog.hasConflicts());
        dialog.addLabel("surprised", QKeySequence("S"));
        QCOMPARE(dialog.labels().value("surprised"), QKeySequence("S"));
    }

    void reboundKeysLabel() {
        uitest::Workbench bench;
        MainWindow& window = *bench.window;
        window.openFile(uitest::demo_photo());
        QTRY_VERIFY_WITH_TIMEOUT(window.analysis().hasAnalysis(), 120000);
        QTRY_VERIFY_WITH_TIMEOUT(window.session().mediaId(window.currentPath()) != 0, 30000);
        QTRY_VERIFY(window.annotations().mediaId() != 0);
        bench.settings->setLabelShortcuts({{"smiling", QKeySequence("S")}});
        window.activateWindow();
        window.mediaView()->setFocus();
        QTest::keyClick(window.mediaView(), Qt::Key_S);
        QTRY_COMPARE(window.annotations().rowCount(), 1);
        QCOMPARE(
            window.annotations()
                .data(window.annotations().index(0, facellava::ui::AnnotationModel::LabelColumn))
                .toString(),
            QString("smiling"));
        QVERIFY(uitest::wait_idle(window));
    }
};

int run_annotation_tests(int argc, char** argv) {
    AnnotationTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_annotation.moc"
