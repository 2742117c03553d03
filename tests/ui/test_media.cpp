// Video transport: stepping frames and seconds, jumping to a timecode,
// scrubbing, playing; decoding off the GUI thread with a frame cache; the
// analysis (and its overlay) always of the frame on screen; plots over time.
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QtTest>

#include "docks/analysis_dock.h"
#include "media/media_player.h"
#include "models/analysis_state.h"
#include "support/timecode.h"
#include "widgets/media_view.h"
#include "widgets/overlay_item.h"
#include "widgets/series_chart.h"
#include "widgets/transport_bar.h"
#include "windows/main_window.h"
#include "workbench_fixtures.h"

using facellava::ui::MainWindow;

class MediaTest : public QObject {
    Q_OBJECT
  private slots:
    void formatsAndParsesTimecodes() {
        using namespace facellava::ui;
        QCOMPARE(format_time(0), QString("00:00.000"));
        QCOMPARE(format_time(83.5), QString("01:23.500"));
        QCOMPARE(format_time(3723.25), QString("1:02:03.250"));
        QCOMPARE(format_playhead(1.04, 26), QString("00:01.040 · frame 26"));
        QCOMPARE(parse_timecode("1:23.5", 10).value(), int64_t(835));
        QCOMPARE(parse_timecode("83.5", 10).value(), int64_t(835));
        QCOMPARE(parse_timecode("00:01.000", 25).value(), int64_t(25));
        QCOMPARE(parse_timecode("#120", 25).value(), int64_t(120));
        QCOMPARE(parse_timecode("f7", 25).value(), int64_t(7));
        QVERIFY(!parse_timecode("1:75", 25));
        QVERIFY(!parse_timecode("soon", 25));
        QVERIFY(!parse_timecode("", 25));
    }

    void stepsSeeksAndPlaysAVideo() {
        uitest::Workbench bench;
        MainWindow& window = *bench.window;
        auto& player = window.player();
        auto* transport = window.transport();
        const QString video = uitest::test_video(30);
        uitest::Watchdog watchdog;
        watchdog.start();
        window.openFile(video);
        QTRY_VERIFY_WITH_TIMEOUT(!player.currentFrame().isNull(), 60000);
        QVERIFY(player.isVideo());
        QCOMPARE(player.info().frame_count, int64_t(30));
        QVERIFY(transport->isVisible());
        QCOMPARE(transport->readout(), QString("00:00.000 · frame 0"));

        auto shown = [&] { return player.currentFrame().key.frame; };
        player.step(1);
        QTRY_COMPARE_WITH_TIMEOUT(shown(), int64_t(1), 20000);
        QCOMPARE(transport->readout(), QString("00:00.040 · frame 1"));
        QCOMPARE(transport->slider()->value(), 1);
        player.stepSeconds(1.0);
        QTRY_COMPARE_WITH_TIMEOUT(shown(), int64_t(26), 20000);
        QCOMPARE(transport->readout(), QString("00:01.040 · frame 26"));
        player.step(-1);
        QTRY_COMPARE_WITH_TIMEOUT(shown(), int64_t(25), 20000);
        player.stepSeconds(-1.0);
        QTRY_COMPARE_WITH_TIMEOUT(shown(), int64_t(0), 20000);
        QVERIFY2(player.cachedFrames() >= 3, "decoded frames are cached");
        // Stepping back to a cached frame shows it at once, without a decode round trip.
        player.step(1);
        QCOMPARE(shown(), int64_t(1));

        QVERIFY(transport->jumpTo("#10"));
        QTRY_COMPARE_WITH_TIMEOUT(shown(), int64_t(10), 20000);
        QVERIFY(transport->jumpTo("0:00.8"));
        QTRY_COMPARE_WITH_TIMEOUT(shown(), int64_t(20), 20000);
        QVERIFY(!transport->jumpTo("later"));
        // Scrubbing: a burst of slider moves ends on the last one.
        for (int v = 0; v <= 15; ++v)
            transport->slider()->setValue(v);
        QTRY_COMPARE_WITH_TIMEOUT(shown(), int64_t(15), 20000);
        QCOMPARE(player.position(), int64_t(15));

        // The overlay is drawn only once the analysis of exactly this frame is in.
        QTRY_VERIFY_WITH_TIMEOUT(window.analysis().analysis().key == player.currentFrame().key,
                                 120000);
        QVERIFY(window.mediaView()->overlay()->analysisMatchesFrame());
        QVERIFY(!window.analysis().analysis().faces.empty());
        player.step(1);
        QTRY_COMPARE_WITH_TIMEOUT(shown(), int64_t(16), 20000);
        QVERIFY2(!window.mediaView()->overlay()->analysisMatchesFrame() ||
                     window.analysis().analysis().key.frame == 16,
                 "frame 15's overlay is never drawn over frame 16");
        QTRY_VERIFY_WITH_TIMEOUT(window.mediaView()->overlay()->analysisMatchesFrame(), 120000);
        QCOMPARE(window.analysis().analysis().key.frame, int64_t(16));

        // Play for a moment, then pause: the playhead moved on by wall-clock time.
        player.seek(0);
        QTRY_COMPARE_WITH_TIMEOUT(shown(), int64_t(0), 20000);
        player.play();
        QVERIFY(player.isPlaying());
        QTest::qWait(400);
        player.pause();
        QVERIFY(player.position() >= 3);
        QVERIFY(uitest::wait_idle(window));
        QVERIFY2(watchdog.maxGapMs() < 100,
                 qPrintable(QString("GUI stalled %1 ms").arg(watchdog.maxGapMs())));
    }

    void plotsExpressionsAlongTheVideoSyncedToThePlayhead() {
        uitest::Workbench bench;
        MainWindow& window = *bench.window;
        window.openFile(uitest::test_video(30));
        QTRY_VERIFY_WITH_TIMEOUT(window.analysisDock()->analyseVideoButton()->isEnabled(), 60000);
        uitest::Watchdog watchdog;
        watchdog.start();
        auto* chart = window.analysisDock()->chart();
        QVERIFY(!chart->hasData());
        window.analysisDock()->findChild<QSpinBox*>("SeriesSamples")->setValue(6);
        window.analysisDock()->analyseVideo();
        QTRY_VERIFY_WITH_TIMEOUT(chart->hasData(), 180000);
        QCOMPARE(chart->plottedLineCount(), 7);  // one line per expression
        window.player().seek(25);
        QTRY_COMPARE_WITH_TIMEOUT(chart->playhead(), 1.0, 20000);
        QVERIFY(uitest::wait_idle(window));
        QVERIFY2(watchdog.maxGapMs() < 100,
                 qPrintable(QString("GUI stalled %1 ms").arg(watchdog.maxGapMs())));
    }
};

int run_media_tests(int argc, char** argv) {
    MediaTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_media.moc"
