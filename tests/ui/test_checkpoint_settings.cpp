// Settings for released checkpoints (issue #23): the image and video tower
// folders are stored and reach the engine, and choosing a checkpoint shows
// the model library's CheckpointReport — computed off the GUI thread — with
// an ok / cannot-load line, for the layouts of fixtures/checkpoint_layouts.
#include <QDir>
#include <QFile>
#include <QFontInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <optional>

#include "dialogs/settings_dialog.h"
#include "jobs/model_service.h"
#include "settings/settings.h"
#include "windows/main_window.h"
#include "workbench_fixtures.h"

using facellava::ui::Settings;
using facellava::ui::SettingsDialog;

namespace {

// Canonical (no `..`), so paths compare with the ones the report prints.
QString layouts_dir() {
    return QDir(QDir(uitest::fixtures_dir()).filePath("checkpoint_layouts")).canonicalPath();
}

// The snapshot folder refs/main names for ORG/NAME in the fixture cache.
QString snapshot_of(const QString& hub_id) {
    const QString repo =
        QDir(layouts_dir()).filePath("hf_home/hub/models--" + QString(hub_id).replace('/', "--"));
    QFile ref(QDir(repo).filePath("refs/main"));
    if (!ref.open(QIODevice::ReadOnly))
        return {};
    return QDir(repo).filePath("snapshots/" + QString::fromUtf8(ref.readAll()).trimmed());
}

// Sets environment variables for one test and puts them back afterwards: the
// tower search reads HF_HOME, HF_HUB_CACHE and HOME.
class ScopedEnv {
  public:
    ~ScopedEnv() {
        for (auto it = saved_.begin(); it != saved_.end(); ++it) {
            if (it.value())
                qputenv(it.key().constData(), *it.value());
            else
                qunsetenv(it.key().constData());
        }
    }
    void set(const char* name, const QString& value) {
        remember(name);
        qputenv(name, value.toUtf8());
    }
    void unset(const char* name) {
        remember(name);
        qunsetenv(name);
    }

  private:
    void remember(const char* name) {
        if (!saved_.contains(name))
            saved_.insert(name, qEnvironmentVariableIsSet(name)
                                    ? std::optional<QByteArray>(qgetenv(name))
                                    : std::nullopt);
    }
    QMap<QByteArray, std::optional<QByteArray>> saved_;
};

// Waits for the dialog's check to finish; the report is then shown.
bool wait_for_report(SettingsDialog& dialog) {
    return QTest::qWaitFor(
        [&] { return !dialog.isCheckingCheckpoint() && !dialog.checkpointReport()->isHidden(); },
        60000);
}

}  // namespace

class CheckpointSettingsTest : public QObject {
    Q_OBJECT
  private slots:
    void towerFoldersAreStored() {
        QTemporaryDir dir;
        Settings settings(dir.filePath("settings.ini"));
        QSignalSpy changed(&settings, &Settings::checkpointChanged);
        {
            SettingsDialog dialog(settings);
            QVERIFY(dialog.imageTowerField()->text().isEmpty());
            dialog.imageTowerField()->setText("/towers/LanguageBind_Image");
            dialog.videoTowerField()->setText("/towers/LanguageBind_Video_merge ");
            dialog.apply();
        }
        QCOMPARE(settings.imageTowerDir(), QString("/towers/LanguageBind_Image"));
        QCOMPARE(settings.videoTowerDir(), QString("/towers/LanguageBind_Video_merge"));
        QCOMPARE(changed.count(), 2);  // each reloads the model
        const auto towers = settings.towerLocations();
        QCOMPARE(towers.image_tower, std::string("/towers/LanguageBind_Image"));
        QCOMPARE(towers.video_tower, std::string("/towers/LanguageBind_Video_merge"));
        Settings reopened(dir.filePath("settings.ini"));
        SettingsDialog again(reopened);
        QCOMPARE(again.imageTowerField()->text(), QString("/towers/LanguageBind_Image"));
        QCOMPARE(again.videoTowerField()->text(), QString("/towers/LanguageBind_Video_merge"));
    }

    void reportNamesTheHfCache() {
        ScopedEnv env;
        env.set("HF_HOME", QDir(layouts_dir()).filePath("hf_home"));
        env.unset("HF_HUB_CACHE");
        QTemporaryDir dir;
        Settings settings(dir.filePath("settings.ini"));
        SettingsDialog dialog(settings);
        uitest::Watchdog watchdog;
        watchdog.start();
        dialog.checkpointField()->setText(QDir(layouts_dir()).filePath("released_bin"));
        // Nothing is read on the GUI thread: the check is pending at once.
        QVERIFY(dialog.isCheckingCheckpoint());
        QVERIFY(wait_for_report(dialog));
        QVERIFY2(dialog.checkpointStateLabel()->text().startsWith("OK"),
                 qPrintable(dialog.checkpointStateLabel()->text()));
        const QString report = dialog.checkpointReport()->toPlainText();
        QVERIFY2(report.contains("hf cache"), qPrintable(report));
        QVERIFY2(report.contains(snapshot_of("LanguageBind/LanguageBind_Image")),
                 qPrintable(report));
        QVERIFY(dialog.checkpointReport()->isReadOnly());
        QVERIFY(QFontInfo(dialog.checkpointReport()->font()).fixedPitch());
        QVERIFY2(watchdog.maxGapMs() < 100,
                 qPrintable(QString("GUI thread stalled %1 ms").arg(watchdog.maxGapMs())));
    }

    void reportNamesEmbeddedTowers() {
        ScopedEnv env;
        env.set("HF_HOME", QDir(layouts_dir()).filePath("hf_home"));
        env.unset("HF_HUB_CACHE");
        QTemporaryDir dir;
        Settings settings(dir.filePath("settings.ini"));
        SettingsDialog dialog(settings);
        dialog.checkpointField()->setText(QDir(layouts_dir()).filePath("released_embedded"));
        QVERIFY(wait_for_report(dialog));
        QVERIFY2(dialog.checkpointStateLabel()->text().startsWith("OK"),
                 qPrintable(dialog.checkpointStateLabel()->text()));
        QVERIFY2(dialog.checkpointReport()->toPlainText().contains("embedded"),
                 qPrintable(dialog.checkpointReport()->toPlainText()));
    }

    void reportSaysCannotLoadUntilTowersAreChosen() {
        QTemporaryDir empty;
        ScopedEnv env;
        env.set("HF_HOME", empty.filePath("hf_home"));
        env.set("HOME", empty.filePath("home"));
        env.unset("HF_HUB_CACHE");
        env.unset("XDG_CACHE_HOME");
        QTemporaryDir dir;
        Settings settings(dir.filePath("settings.ini"));
        SettingsDialog dialog(settings);
        dialog.checkpointField()->setText(QDir(layouts_dir()).filePath("released_bin"));
        QVERIFY(wait_for_report(dialog));
        QVERIFY2(dialog.checkpointStateLabel()->text().startsWith("Cannot load"),
                 qPrintable(dialog.checkpointStateLabel()->text()));
        QVERIFY2(dialog.checkpointReport()->toPlainText().contains(empty.filePath("hf_home")),
                 qPrintable(dialog.checkpointReport()->toPlainText()));

        // Changing a tower folder checks again.
        dialog.imageTowerField()->setText(snapshot_of("LanguageBind/LanguageBind_Image"));
        dialog.videoTowerField()->setText(snapshot_of("LanguageBind/LanguageBind_Video_merge"));
        QVERIFY(dialog.isCheckingCheckpoint());
        QVERIFY(wait_for_report(dialog));
        QVERIFY2(dialog.checkpointStateLabel()->text().startsWith("OK"),
                 qPrintable(dialog.checkpointReport()->toPlainText()));
    }

    void towerFoldersReachTheEngine() {
        // No fixture cache: released_bin loads only through the Settings'
        // towers. (HOME stays: the window keeps its files there.)
        QTemporaryDir empty;
        ScopedEnv env;
        env.set("HF_HOME", empty.filePath("hf_home"));
        env.unset("HF_HUB_CACHE");
        const QString released_bin = QDir(layouts_dir()).filePath("released_bin");
        uitest::Workbench bench(released_bin);
        auto& model = bench.window->model();
        bench.settings->setImageTowerDir(snapshot_of("LanguageBind/LanguageBind_Image"));
        bench.settings->setVideoTowerDir(snapshot_of("LanguageBind/LanguageBind_Video_merge"));
        QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading() && model.engine(), 120000);
        QCOMPARE(model.checkpointDir(), released_bin);
    }
};

int run_checkpoint_settings_tests(int argc, char** argv) {
    CheckpointSettingsTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_checkpoint_settings.moc"
