// The bad-input catalogue (tests/hostile) through the workbench's real open
// path, MainWindow::openFile: every bad image or video gives one error naming
// the file, no crash, and leaves the window, the open file and the session as
// they were; valid but odd videos (variable frame rate, rotation) open upright.
#include <QFileInfo>
#include <QtTest>

#include "bad_input_catalogue.h"
#include "dialogs/error_reporter.h"
#include "media/media_player.h"
#include "models/session_context.h"
#include "windows/main_window.h"
#include "workbench_fixtures.h"

using facellava::hostile::CatalogueEntry;
using facellava::hostile::Outcome;
using facellava::ui::MainWindow;

class HostileOpenTest : public QObject {
    Q_OBJECT
  private slots:

    void everyBadMediaFileIsRefusedNamingItAndChangesNothing() {
        QTemporaryDir dir;
        const auto catalogue = facellava::hostile::build_catalogue(dir.path().toStdString());
        uitest::Workbench bench;
        MainWindow& window = *bench.window;
        auto& player = window.player();
        const QString good = QString::fromStdString(catalogue.good_jpeg);
        window.openFile(good);
        QTRY_VERIFY_WITH_TIMEOUT(!player.currentFrame().isNull(), 30000);
        const QString title = window.windowTitle();
        // The session registers the photo once it has opened.
        QTRY_VERIFY_WITH_TIMEOUT(window.session().mediaId(QFileInfo(good).absoluteFilePath()) != 0,
                                 30000);
        const auto good_id = window.session().mediaId(QFileInfo(good).absoluteFilePath());

        for (const CatalogueEntry& entry : catalogue.media()) {
            // Qt cannot name a file whose name is not UTF-8 (QString); the CLI
            // cases cover those.
            if (entry.name.find("non_utf8") != std::string::npos)
                continue;
            if (entry.outcome == Outcome::Decodes)
                continue;
            const QString path = QFileInfo(QString::fromStdString(entry.path)).absoluteFilePath();
            const int errors_before = window.errors().count();
            window.openFile(path);
            const bool refusable = entry.outcome != Outcome::DecodesOrRefused;
            if (refusable) {
                QTRY_VERIFY2_WITH_TIMEOUT(window.errors().count() == errors_before + 1,
                                          qPrintable(QString::fromStdString(entry.name)), 30000);
            } else {
                QTRY_VERIFY2_WITH_TIMEOUT(
                    window.errors().count() > errors_before || player.info().path == path,
                    qPrintable(QString::fromStdString(entry.name)), 30000);
            }
            if (window.errors().count() > errors_before) {
                QCOMPARE(window.errors().lastError().file, path);
                // Nothing changed: the good photo is still the open file.
                QCOMPARE(window.windowTitle(), title);
                QCOMPARE(player.info().path, QFileInfo(good).absoluteFilePath());
                QCOMPARE(window.session().mediaId(path), decltype(good_id){});
            }
            // Back to the good photo, which must still open.
            window.openFile(good);
            QTRY_COMPARE_WITH_TIMEOUT(player.info().path, QFileInfo(good).absoluteFilePath(),
                                      30000);
            QTRY_VERIFY_WITH_TIMEOUT(!player.currentFrame().isNull(), 30000);
        }
        QCOMPARE(window.session().mediaId(QFileInfo(good).absoluteFilePath()), good_id);
        QVERIFY(uitest::wait_idle(window));
    }

    void oddButValidVideosOpenUpright() {
        QTemporaryDir dir;
        const auto catalogue = facellava::hostile::build_catalogue(dir.path().toStdString());
        uitest::Workbench bench;
        MainWindow& window = *bench.window;
        auto& player = window.player();
        const int errors_before = window.errors().count();

        window.openFile(QString::fromStdString(catalogue.at("video_rotated_90").path));
        QTRY_VERIFY_WITH_TIMEOUT(!player.currentFrame().isNull(), 30000);
        QCOMPARE(player.info().size,
                 QSize(facellava::hostile::kGoodHeight, facellava::hostile::kGoodWidth));

        const QString vfr = QString::fromStdString(catalogue.at("video_vfr").path);
        window.openFile(vfr);
        QTRY_COMPARE_WITH_TIMEOUT(player.info().path, QFileInfo(vfr).absoluteFilePath(), 30000);
        QCOMPARE(player.info().frame_count, int64_t(facellava::hostile::kVideoFrames));
        QCOMPARE(window.errors().count(), errors_before);
        QVERIFY(uitest::wait_idle(window));
    }
};

int run_hostile_open_tests(int argc, char** argv) {
    HostileOpenTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_hostile_open.moc"
