// The session keeps what the workbench found and what the user fixed:
// analyse a demo photo, correct landmarks (with undo), ask Face-LLaVA, close,
// reopen the session in a new window → the same faces, corrected landmarks,
// predictions and answers are back without running the nets. Annotations
// export from the GUI.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QtTest>

#include "commands/move_landmark_command.h"
#include "dialogs/error_reporter.h"
#include "docks/analysis_dock.h"
#include "docks/annotation_dock.h"
#include "facellava/core/store/session_store.h"
#include "jobs/analysis_runner.h"
#include "media/media_player.h"
#include "models/analysis_state.h"
#include "models/annotation_model.h"
#include "models/session_context.h"
#include "settings/settings.h"
#include "widgets/media_view.h"
#include "widgets/overlay_item.h"
#include "widgets/task_answers_panel.h"
#include "windows/main_window.h"
#include "workbench_fixtures.h"

using facellava::ui::AnalysisRunner;
using facellava::ui::FrameAnalysis;
using facellava::ui::FrameKey;
using facellava::ui::MainWindow;
using facellava::ui::MoveLandmarkCommand;
using facellava::ui::TaskAnswer;
namespace store = facellava::store;

namespace {

// The face observations of the frame as the session file holds them now.
std::vector<store::FaceObservation> saved_observations(MainWindow& window, const QString& file) {
    window.session().flush();
    store::OpenOptions read_only;
    read_only.read_only = true;
    store::SessionStore session(file.toStdString(), read_only);
    return session.faces().observations_at(window.session().mediaId(window.currentPath()), 0);
}

std::vector<store::FaceObservation> manual_rows(const std::vector<store::FaceObservation>& rows) {
    std::vector<store::FaceObservation> manual;
    for (const auto& o : rows)
        if (o.detector == store::kManualDetector)
            manual.push_back(o);
    return manual;
}

QString read_text(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

}  // namespace

class PersistenceTest : public QObject {
    Q_OBJECT
  private slots:
    void reopenedSessionShowsTheSavedAnalysisWithoutTheNets() {
        QTemporaryDir dir;
        facellava::ui::Settings settings(dir.filePath("settings.ini"));
        settings.setCheckpointDir(uitest::tiny_checkpoint_dir());
        settings.setDevice("cpu");
        MainWindow::Options options;
        options.dialogs = false;
        options.session_file = dir.filePath("study.facellava");

        FrameAnalysis before;
        QPointF moved;
        std::vector<TaskAnswer> answers;
        {
            MainWindow window(settings, options);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.openFile(uitest::demo_photo());
            QTRY_VERIFY_WITH_TIMEOUT(window.analysis().hasAnalysis(), 120000);
            QTRY_VERIFY_WITH_TIMEOUT(window.session().mediaId(window.currentPath()) != 0, 30000);
            QVERIFY(uitest::wait_idle(window));
            auto& state = window.analysis();
            auto& undo = window.undoStack();
            QVERIFY(state.analysis().faces.size() >= 2);
            const FrameKey key = state.analysis().key;
            uitest::Watchdog watchdog;
            watchdog.start();

            // Face 0's nose tip dragged twice (one undo step); face 1's chin
            // dragged and taken back.
            const QPointF nose = state.analysis().faces[0].landmarks[30];
            undo.push(new MoveLandmarkCommand(state, window.session(), key, 0, 30,
                                              nose + QPointF(2.0, -1.0)));
            undo.push(new MoveLandmarkCommand(state, window.session(), key, 0, 30,
                                              nose + QPointF(4.3, -2.1)));
            // What the session stores (float32) is what the window holds.
            const QPointF held = state.analysis().faces[0].landmarks[30];
            QCOMPARE(held.x(), double(float(nose.x() + 4.3)));
            QCOMPARE(state.correction(key, 0, 30)->x(), held.x());
            const QPointF chin = state.analysis().faces[1].landmarks[8];
            undo.push(
                new MoveLandmarkCommand(state, window.session(), key, 1, 8, chin + QPointF(3, 3)));
            QCOMPARE(undo.count(), 2);
            auto rows = saved_observations(window, options.session_file);
            QCOMPARE(int(manual_rows(rows).size()), 2);
            undo.undo();
            QCOMPARE(state.analysis().faces[1].landmarks[8], chin);
            QCOMPARE(state.correctionCount(), 1);
            moved = state.analysis().faces[0].landmarks[30];
            QVERIFY(QLineF(moved, nose + QPointF(4.3, -2.1)).length() < 1e-4);
            // The undo removed face 1's correction from the file; face 0's is there.
            rows = saved_observations(window, options.session_file);
            auto manual = manual_rows(rows);
            QCOMPARE(int(manual.size()), 1);
            QCOMPARE(double(manual[0].landmarks->x(30)), moved.x());
            QCOMPARE(double(manual[0].landmarks->y(30)), moved.y());
            QCOMPARE(double(manual[0].landmarks->x(8)), state.analysis().faces[0].landmarks[8].x());

            // A fresh analysis of the frame keeps the correction and replaces the rows.
            window.analyseCurrentFrame();
            QVERIFY(uitest::wait_idle(window));
            QCOMPARE(state.analysis().faces[0].landmarks[30], moved);
            rows = saved_observations(window, options.session_file);
            QCOMPARE(rows.size(), state.analysis().faces.size() + 1);
            QCOMPARE(int(manual_rows(rows).size()), 1);

            // A face label and Face-LLaVA's answers about face 0.
            state.setSelectedFace(0);
            window.annotationDock()->labelFace("smiling");
            QTRY_COMPARE(window.annotations().rowCount(), 1);
            auto* panel = window.analysisDock()->taskAnswers();
            QTRY_VERIFY_WITH_TIMEOUT(panel->askButton()->isEnabled(), 120000);
            panel->ask();
            QVERIFY(panel->isRunning());
            QTRY_VERIFY_WITH_TIMEOUT(!panel->isRunning(), 300000);
            QVERIFY(uitest::wait_idle(window));
            QCOMPARE(panel->table()->rowCount(), 5);
            answers = state.selected()->answers;
            QCOMPARE(int(answers.size()), 5);
            before = state.analysis();
            QVERIFY2(watchdog.maxGapMs() < 100,
                     qPrintable(QString("GUI stalled %1 ms").arg(watchdog.maxGapMs())));
        }

        options.load_model = false;  // answers come from the session, not the model
        MainWindow window(settings, options);
        QSignalSpy analyses(&window.analysisRunner(), &AnalysisRunner::analysisStarted);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        uitest::Watchdog watchdog;
        watchdog.start();
        window.openFile(uitest::demo_photo());
        QTRY_VERIFY_WITH_TIMEOUT(window.analysis().hasAnalysis(), 60000);
        QVERIFY(uitest::wait_idle(window));
        QCOMPARE(analyses.count(), 0);  // the nets never ran

        const FrameAnalysis& after = window.analysis().analysis();
        QVERIFY(after.key == before.key);
        QCOMPARE(after.detector, before.detector);
        QCOMPARE(after.image_size, before.image_size);
        QCOMPARE(after.faces.size(), before.faces.size());
        for (size_t i = 0; i < after.faces.size(); ++i) {
            const auto& a = after.faces[i];
            const auto& b = before.faces[i];
            QCOMPARE(a.face_id, b.face_id);
            QCOMPARE(a.box, b.box);
            QCOMPARE(a.score, b.score);
            for (size_t k = 0; k < 68; ++k) {
                QCOMPARE(a.landmarks[k].x(), b.landmarks[k].x());
                QCOMPARE(a.landmarks[k].y(), b.landmarks[k].y());
            }
            for (size_t k = 0; k < a.expression.size(); ++k)
                QCOMPARE(a.expression[k], b.expression[k]);
            QCOMPARE(a.age, b.age);
            QCOMPARE(a.gender, b.gender);
            QCOMPARE(a.gender_probability, b.gender_probability);
            QCOMPARE(a.pose.has_value(), b.pose.has_value());
            if (a.pose) {
                QCOMPARE(a.pose->yaw, b.pose->yaw);
                QCOMPARE(a.pose->roll, b.pose->roll);
                QCOMPARE(a.pose->origin, b.pose->origin);
            }
        }
        QCOMPARE(after.faces[0].landmarks[30], moved);
        QCOMPARE(window.analysis().correctionCount(), 1);
        QVERIFY(window.mediaView()->overlay()->analysisMatchesFrame());
        QCOMPARE(window.analysisDock()->facesTable()->model()->rowCount(), int(after.faces.size()));
        window.analysis().setSelectedFace(0);
        QVERIFY(window.analysis().selected()->answers == answers);
        auto* table = window.analysisDock()->taskAnswers()->table();
        QCOMPARE(table->rowCount(), 5);
        QCOMPARE(table->item(0, 0)->text(), answers[0].task);
        QCOMPARE(table->item(0, 2)->text(), answers[0].answer);
        QTRY_COMPARE(window.annotations().rowCount(), 1);

        // Undo and redo in the reopened session keep the file in step.
        auto& undo = window.undoStack();
        const FrameKey key = after.key;
        undo.push(new MoveLandmarkCommand(window.analysis(), window.session(), key, 0, 30,
                                          moved + QPointF(10, 10)));
        auto manual = manual_rows(saved_observations(window, options.session_file));
        QCOMPARE(int(manual.size()), 1);
        QCOMPARE(double(manual[0].landmarks->x(30)), double(float(moved.x() + 10)));
        undo.undo();
        manual = manual_rows(saved_observations(window, options.session_file));
        QCOMPARE(int(manual.size()), 1);
        QCOMPARE(double(manual[0].landmarks->x(30)), moved.x());
        QCOMPARE(window.analysis().analysis().faces[0].landmarks[30], moved);
        QVERIFY(uitest::wait_idle(window));
        QCOMPARE(analyses.count(), 0);
        QVERIFY2(watchdog.maxGapMs() < 100,
                 qPrintable(QString("GUI stalled %1 ms").arg(watchdog.maxGapMs())));
    }

    void exportsAnnotationsFromTheGui() {
        uitest::Workbench bench;
        MainWindow& window = *bench.window;
        window.openFile(uitest::test_video(30));
        QTRY_VERIFY_WITH_TIMEOUT(!window.player().currentFrame().isNull(), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(window.session().mediaId(window.currentPath()) != 0, 30000);
        QVERIFY(uitest::wait_idle(window));
        uitest::Watchdog watchdog;
        watchdog.start();
        auto* dock = window.annotationDock();
        dock->markRangeStart();
        window.player().seek(10);
        QTRY_COMPARE_WITH_TIMEOUT(window.player().currentFrame().key.frame, int64_t(10), 20000);
        dock->applyShortcutLabel("talking");
        dock->labelFrame("blurred, \"badly\"");
        QTRY_COMPARE(window.annotations().rowCount(), 2);

        QSignalSpy exported(&window, &MainWindow::annotationsExported);
        auto export_as = [&](store::AnnotationFormat format, const QString& name,
                             MainWindow::ExportScope scope) {
            const QString path = bench.dir.filePath(name);
            window.exportAnnotations(format, path, scope);
            return path;
        };
        const QString csv =
            export_as(store::AnnotationFormat::Csv, "labels.csv", MainWindow::ExportScope::File);
        const QString json = export_as(store::AnnotationFormat::Json, "labels.json",
                                       MainWindow::ExportScope::Session);
        const QString tsv =
            export_as(store::AnnotationFormat::Tsv, "labels.txt", MainWindow::ExportScope::File);
        QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 3, 30000);
        QCOMPARE(exported.at(2).at(0).toString(), tsv);

        const QStringList csv_lines = read_text(csv).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(csv_lines.size(), 3);
        QVERIFY(csv_lines[0].startsWith("id,media_id,media_path,target"));
        QVERIFY2(csv_lines[1].contains(",range,,,0,400,default,talking,"),
                 qPrintable(csv_lines[1]));
        QVERIFY2(csv_lines[2].contains(",frame,,10,,,default,\"blurred, \"\"badly\"\"\","),
                 qPrintable(csv_lines[2]));
        const QJsonArray rows = QJsonDocument::fromJson(read_text(json).toUtf8()).array();
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[1].toObject().value("label").toString(), QString("blurred, \"badly\""));
        QCOMPARE(rows[1].toObject().value("frame").toInt(), 10);
        const QStringList tsv_lines = read_text(tsv).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(tsv_lines.size(), 3);
        QCOMPARE(tsv_lines[0], QString("tier\tbegin_time\tend_time\tduration\tannotation"));
        // Tier "default": the range (0–400 ms) and the frame (frame 10 = 400–440 ms at 25 fps).
        QCOMPARE(tsv_lines[1],
                 QString("default\t00:00:00.000\t00:00:00.400\t00:00:00.400\ttalking"));
        QCOMPARE(tsv_lines[2],
                 QString("default\t00:00:00.400\t00:00:00.440\t00:00:00.040\tblurred, \"badly\""));

        // A folder that does not exist: a clear error naming the file, nothing half-written.
        const int errors = window.errors().count();
        const QString bad = bench.dir.filePath("missing/labels.csv");
        window.exportAnnotations(store::AnnotationFormat::Csv, bad, MainWindow::ExportScope::File);
        QTRY_COMPARE_WITH_TIMEOUT(window.errors().count(), errors + 1, 30000);
        QCOMPARE(window.errors().lastError().file, bad);
        QVERIFY(!window.errors().lastError().fix.isEmpty());
        QVERIFY(!QFile::exists(bad));
        QVERIFY(uitest::wait_idle(window));
        QVERIFY2(watchdog.maxGapMs() < 100,
                 qPrintable(QString("GUI stalled %1 ms").arg(watchdog.maxGapMs())));
    }
};

int run_persistence_tests(int argc, char** argv) {
    PersistenceTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_persistence.moc"
