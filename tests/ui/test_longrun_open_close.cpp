// Long-run check (issue #10): opening and closing 200 media in one window
// must not leak. Meant for the ASan build with LeakSanitizer on
// (scripts/longrun/gui_open_close.sh); the suite runs only when
// FACELLAVA_LONGRUN=1, so the normal ui.workbench test does not pay for it.
// Besides LSan's report at exit, the resident memory after the last cycle
// must stay within FACELLAVA_LONGRUN_MAX_GROWTH_MB (default 64) of what it was
// after the first 20 cycles (caches warm).
#include <QDir>
#include <QFile>
#include <QtTest>
#include <fstream>
#include <string>

#include "media/media_player.h"
#include "windows/main_window.h"
#include "workbench_fixtures.h"

using facellava::ui::MainWindow;

namespace {

double rss_mb() {
    std::ifstream status("/proc/self/status");
    std::string key;
    while (status >> key) {
        if (key == "VmRSS:") {
            double kb = 0;
            status >> kb;
            return kb / 1024.0;
        }
        status.ignore(1 << 12, '\n');
    }
    return 0;
}

}  // namespace

class LongrunOpenCloseTest : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() {
        if (qEnvironmentVariableIntValue("FACELLAVA_LONGRUN") != 1)
            QSKIP("long-run check: set FACELLAVA_LONGRUN=1 (scripts/longrun/gui_open_close.sh)");
    }

    void opensAndCloses200MediaWithoutGrowing() {
        const int cycles = qEnvironmentVariableIsSet("FACELLAVA_LONGRUN_CYCLES")
                               ? qEnvironmentVariableIntValue("FACELLAVA_LONGRUN_CYCLES")
                               : 200;
        const double max_growth_mb =
            qEnvironmentVariableIsSet("FACELLAVA_LONGRUN_MAX_GROWTH_MB")
                ? qEnvironmentVariable("FACELLAVA_LONGRUN_MAX_GROWTH_MB").toDouble()
                : 64.0;
        QTemporaryDir media;
        QVERIFY(media.isValid());
        // Distinct files (paths and session rows differ), alternately a photo
        // and a video, so both decode paths and the session's media rows cycle.
        QStringList files;
        for (int i = 0; i < cycles; ++i) {
            const bool video = i % 2 == 1;
            const QString source = video ? uitest::test_video(12) : uitest::demo_photo();
            const QString copy = media.filePath(
                QString("m%1.%2").arg(i, 3, 10, QChar('0')).arg(video ? "mp4" : "jpg"));
            QVERIFY(QFile::copy(source, copy));
            files << copy;
        }
        uitest::Workbench bench;
        MainWindow& window = *bench.window;
        auto& player = window.player();
        double warm_mb = 0;
        for (int i = 0; i < cycles; ++i) {
            window.openFile(files[i]);
            QTRY_VERIFY_WITH_TIMEOUT(
                player.info().path == files[i] && !player.currentFrame().isNull(), 120000);
            if (player.isVideo()) {
                player.step(1);
                QTRY_COMPARE_WITH_TIMEOUT(player.currentFrame().key.frame, int64_t(1), 60000);
            }
            QVERIFY(uitest::wait_idle(window));
            player.close();
            QTRY_VERIFY_WITH_TIMEOUT(!player.isOpen(), 60000);
            QVERIFY(uitest::wait_idle(window));
            if (i == 19 || (i == cycles - 1 && warm_mb == 0))
                warm_mb = rss_mb();
        }
        const double last_mb = rss_mb();
        qInfo("open/close x%d: RSS %.1f MB after 20 cycles, %.1f MB after %d", cycles, warm_mb,
              last_mb, cycles);
        QVERIFY2(last_mb - warm_mb < max_growth_mb,
                 qPrintable(QString("resident memory grew by %1 MB over %2 open/close cycles")
                                .arg(last_mb - warm_mb)
                                .arg(cycles)));
    }
};

int run_longrun_open_close_tests(int argc, char** argv) {
    LongrunOpenCloseTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_longrun_open_close.moc"
