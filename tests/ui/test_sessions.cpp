// The session browser (open, rename, delete after confirmation, search chats)
// and the Settings dialog.
#include <QAbstractButton>
#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QSignalSpy>
#include <QtTest>

#include "dialogs/error_reporter.h"
#include "dialogs/settings_dialog.h"
#include "docks/session_dock.h"
#include "facellava/core/store/session_store.h"
#include "models/analysis_state.h"
#include "models/session_context.h"
#include "settings/settings.h"
#include "windows/main_window.h"
#include "workbench_fixtures.h"

using facellava::ui::MainWindow;
namespace store = facellava::store;

class SessionTest : public QObject {
    Q_OBJECT
  private slots:
    void browsesRenamesDeletesAndSearches() {
        uitest::Workbench bench;
        MainWindow& window = *bench.window;
        auto& session = window.session();
        auto* dock = window.sessionDock();
        QTRY_VERIFY(session.sessionId() != 0);
        const qint64 first = session.sessionId();
        QTRY_COMPARE(dock->sessions()->count(), 1);
        uitest::Watchdog watchdog;
        watchdog.start();

        // A saved conversation to search for.
        session.run([](store::SessionStore& s, facellava::ui::WriterState& state) {
            const auto conversation = s.chat().create_conversation(state.session_id, "smile");
            store::ChatMessage m;
            m.conversation_id = conversation;
            m.text = "Is this a genuine smile?";
            s.chat().add_message(m);
        });
        dock->search("GENUINE");
        QTRY_COMPARE(dock->results()->count(), 1);
        QVERIFY(dock->results()->item(0)->text().contains("genuine smile"));
        dock->search("nothing like this");
        QTRY_VERIFY(dock->results()->item(0) &&
                    dock->results()->item(0)->text().contains("No message"));

        dock->newSession("Second");
        QTRY_VERIFY(session.sessionId() != first);
        QTRY_COMPARE(dock->sessions()->count(), 2);
        QCOMPARE(session.sessionName(), QString("Second"));

        dock->renameSession(first, "Pilot study");
        QTRY_VERIFY(!dock->sessions()->findItems("Pilot study", Qt::MatchExactly).isEmpty());

        // Delete asks first; Cancel keeps it, Yes removes it.
        dock->requestDelete(first);
        QVERIFY(dock->pendingConfirmation());
        dock->pendingConfirmation()->button(QMessageBox::Cancel)->click();
        QTest::qWait(50);
        QCOMPARE(dock->sessions()->count(), 2);
        dock->requestDelete(first);
        QVERIFY(dock->pendingConfirmation()->text().contains("Pilot study"));
        dock->pendingConfirmation()->button(QMessageBox::Yes)->click();
        QTRY_COMPARE(dock->sessions()->count(), 1);
        session.flush();
        store::OpenOptions read_only;
        read_only.read_only = true;
        store::SessionStore file(bench.sessionFile().toStdString(), read_only);
        QCOMPARE(int(file.sessions().list().size()), 1);
        QCOMPARE(QString::fromStdString(file.sessions().list()[0].name), QString("Second"));
        QVERIFY2(watchdog.maxGapMs() < 100,
                 qPrintable(QString("GUI stalled %1 ms").arg(watchdog.maxGapMs())));
    }

    void reopensRecentSessionFiles() {
        uitest::Workbench bench;
        MainWindow& window = *bench.window;
        const QString first = QFileInfo(bench.sessionFile()).absoluteFilePath();
        const QString second = bench.dir.filePath("second.facellava");
        QTRY_VERIFY(window.session().sessionId() != 0);
        window.openSessionFile(second);
        QCOMPARE(window.session().path(), second);
        QCOMPARE(bench.settings->recentSessionFiles(), (QStringList{second, first}));
        QMenu* menu = window.recentSessionMenu();
        QVERIFY(menu->isEnabled());
        QCOMPARE(menu->actions().at(0)->text(), QString("second.facellava"));
        QVERIFY(menu->actions().at(0)->isChecked());  // the one open now
        QCOMPARE(menu->actions().at(1)->toolTip(), first);
        menu->actions().at(1)->trigger();
        QCOMPARE(window.session().path(), first);
        QCOMPARE(bench.settings->recentSessionFiles().first(), first);
        QTRY_VERIFY(window.session().sessionId() != 0);

        // A recent file that was moved away is reported, not recreated empty.
        QVERIFY(QFile::rename(second, bench.dir.filePath("moved.facellava")));
        const int errors = window.errors().count();
        window.recentSessionMenu()->actions().at(1)->trigger();
        QCOMPARE(window.errors().count(), errors + 1);
        QCOMPARE(window.errors().lastError().file, second);
        QVERIFY(!QFileInfo::exists(second));
        QCOMPARE(window.session().path(), first);
        QVERIFY(uitest::wait_idle(window));
    }

    void settingsDialogAppliesChoices() {
        QTemporaryDir dir;
        facellava::ui::Settings settings(dir.filePath("settings.ini"));
        QSignalSpy checkpoint(&settings, &facellava::ui::Settings::checkpointChanged);
        QSignalSpy detector(&settings, &facellava::ui::Settings::detectorChanged);
        facellava::ui::SettingsDialog dialog(settings);
        dialog.checkpointField()->setText(uitest::tiny_checkpoint_dir());
        dialog.findChild<QComboBox*>("Detector")->setCurrentIndex(1);
        dialog.findChild<QComboBox*>("Device")->setCurrentIndex(1);
        dialog.apply();
        QCOMPARE(settings.checkpointDir(), uitest::tiny_checkpoint_dir());
        QCOMPARE(settings.effectiveCheckpointDir(), uitest::tiny_checkpoint_dir());
        QCOMPARE(settings.detector(), facellava::pipeline::DetectorKind::DlibHog);
        QCOMPARE(settings.device(), QString("cpu"));
        QVERIFY(checkpoint.count() >= 1);
        QCOMPARE(detector.count(), 1);
    }

    void analysesWithDlibWhenChosen() {
        uitest::Workbench bench;
        MainWindow& window = *bench.window;
        bench.settings->setDetector(facellava::pipeline::DetectorKind::DlibHog);
        window.openFile(uitest::demo_photo());
        QTRY_VERIFY_WITH_TIMEOUT(window.analysis().hasAnalysis(), 120000);
        QCOMPARE(window.analysis().analysis().detector, QString("dlib"));
        QVERIFY(!window.analysis().analysis().faces.empty());
        QVERIFY(uitest::wait_idle(window));
    }
};

int run_session_tests(int argc, char** argv) {
    SessionTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_sessions.moc"
