// Chat with the tiny fixture checkpoint: streamed tokens, Stop within 200 ms,
// Regenerate, edit-and-resend, history in the session file; the attention
// heatmap once a checkpoint is loaded; what the panel says without a model.
#include <QCheckBox>
#include <QComboBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QtTest>

#include "docks/analysis_dock.h"
#include "docks/chat_dock.h"
#include "facellava/core/store/session_store.h"
#include "jobs/model_service.h"
#include "models/analysis_state.h"
#include "models/chat_session.h"
#include "models/session_context.h"
#include "widgets/chat_transcript.h"
#include "widgets/media_view.h"
#include "widgets/overlay_controls.h"
#include "widgets/overlay_item.h"
#include "windows/main_window.h"
#include "workbench_fixtures.h"

using facellava::ui::ChatEntry;
using facellava::ui::GenerationParams;
using facellava::ui::MainWindow;
using facellava::ui::OverlayLayer;

class ChatTest : public QObject {
    Q_OBJECT
  private:
    // A window with the tiny checkpoint loaded and a demo photo analysed.
    static void prepare(MainWindow& window) {
        QTRY_VERIFY_WITH_TIMEOUT(window.model().engine() != nullptr, 120000);
        window.openFile(uitest::demo_photo());
        QTRY_VERIFY_WITH_TIMEOUT(window.chat().attachment().has_value(), 120000);
        QVERIFY(uitest::wait_idle(window));
    }

  private slots:
    void streamsTokensAndStopsWithin200ms() {
        uitest::Workbench bench(uitest::tiny_checkpoint_dir());
        MainWindow& window = *bench.window;
        prepare(window);
        if (QTest::currentTestFailed())
            return;
        auto* dock = window.chatDock();
        auto& chat = window.chat();
        QVERIFY(dock->sendButton()->isEnabled());
        QVERIFY(window.modelText().contains("parameters"));

        uitest::Watchdog watchdog;
        watchdog.start();
        // As long an answer as the tiny model's 256 positions allow, sampled,
        // so Stop lands mid-stream.
        dock->setParams(GenerationParams{1.0, 1.0, 100, QString()});
        auto stop_after = [&](bool wait_for_text) -> qint64 {
            chat.newConversation();  // each run fits the tiny model's context
            dock->input()->setPlainText("What emotion does this face show?");
            QSignalSpy pieces(&chat, &facellava::ui::ChatSession::firstToken);
            QTest::mouseClick(dock->sendButton(), Qt::LeftButton);
            if (!chat.isGenerating())
                return -1;
            if (!dock->stopButton()->isEnabled())
                return -2;
            if (wait_for_text && !pieces.wait(60000))
                return -3;
            QElapsedTimer stop_clock;
            stop_clock.start();
            QTest::mouseClick(dock->stopButton(), Qt::LeftButton);
            while (chat.isGenerating() && stop_clock.elapsed() < 5000)
                QTest::qWait(1);
            return stop_clock.elapsed();
        };
        // Mid-stream: Stop after the first words are on screen.
        const qint64 mid_ms = stop_after(true);
        QVERIFY2(mid_ms >= 0, qPrintable(QString("could not start: %1").arg(mid_ms)));
        const auto& mid = chat.entries().back();
        qInfo("Stop mid-stream took %lld ms (%s after %lld tokens, %.0f tokens/s)",
              static_cast<long long>(mid_ms), qPrintable(mid.stop_reason),
              static_cast<long long>(mid.tokens), mid.tokens_per_s);
        QVERIFY2(mid_ms < 200, qPrintable(QString("Stop took %1 ms").arg(mid_ms)));
        QVERIFY(!mid.text.isEmpty());
        QVERIFY2(mid.stop_reason == "cancelled" || mid.tokens <= 100, qPrintable(mid.stop_reason));
        // Before the first token: the wait is cancellable too.
        const qint64 early_ms = stop_after(false);
        QVERIFY2(early_ms >= 0, qPrintable(QString("could not start: %1").arg(early_ms)));
        qInfo("Stop before the first token took %lld ms", static_cast<long long>(early_ms));
        QVERIFY2(early_ms < 200, qPrintable(QString("Stop took %1 ms").arg(early_ms)));
        QCOMPARE(chat.entries().back().stop_reason, QString("cancelled"));
        QVERIFY(!dock->stopButton()->isEnabled());
        QVERIFY(dock->statsText().contains("tokens/s"));
        QVERIFY(uitest::wait_idle(window));
        QVERIFY2(watchdog.maxGapMs() < 100,
                 qPrintable(QString("GUI stalled %1 ms").arg(watchdog.maxGapMs())));
    }

    void regeneratesEditsAndSavesTheHistory() {
        uitest::Workbench bench(uitest::tiny_checkpoint_dir());
        MainWindow& window = *bench.window;
        prepare(window);
        if (QTest::currentTestFailed())
            return;
        auto* dock = window.chatDock();
        auto& chat = window.chat();
        uitest::Watchdog watchdog;
        watchdog.start();
        dock->setParams(GenerationParams{0.0, 1.0, 12, QString()});  // greedy: repeatable
        dock->input()->setPlainText("Describe the expression.");
        dock->send();
        QTRY_VERIFY_WITH_TIMEOUT(!chat.isGenerating(), 60000);
        QCOMPARE(int(chat.entries().size()), 2);
        const QString first = chat.entries()[1].text;
        QVERIFY(!first.isEmpty());
        const QString reason = chat.entries()[1].stop_reason;
        QVERIFY2(reason == "max_tokens" || reason == "eos", qPrintable(reason));
        QVERIFY(chat.entries()[1].tokens_per_s > 0);
        QCOMPARE(chat.entries()[0].face_id, window.analysis().selectedFace());
        QVERIFY(!chat.entries()[0].thumbnail.isNull());
        dock->transcript()->render();
        QVERIFY(dock->transcript()->toPlainText().contains("Describe the expression."));

        QTest::mouseClick(dock->regenerateButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!chat.isGenerating(), 60000);
        QCOMPARE(int(chat.entries().size()), 2);
        QCOMPARE(chat.entries()[1].text, first);  // greedy decoding answers the same

        QTest::mouseClick(dock->editButton(), Qt::LeftButton);
        QCOMPARE(dock->input()->toPlainText(), QString("Describe the expression."));
        dock->input()->setPlainText("How old is this person?");
        dock->send();
        QTRY_VERIFY_WITH_TIMEOUT(!chat.isGenerating(), 60000);
        QCOMPARE(int(chat.entries().size()), 2);
        QCOMPARE(chat.entries()[0].text, QString("How old is this person?"));

        // A follow-up question keeps the conversation.
        dock->input()->setPlainText("And the gender?");
        dock->send();
        QTRY_VERIFY_WITH_TIMEOUT(!chat.isGenerating(), 60000);
        QCOMPARE(int(chat.entries().size()), 4);

        // The session file holds exactly what the panel shows.
        QTRY_VERIFY(chat.conversationId() != 0);
        window.session().flush();
        facellava::store::OpenOptions read_only;
        read_only.read_only = true;
        facellava::store::SessionStore store(bench.sessionFile().toStdString(), read_only);
        const auto messages = store.chat().messages(chat.conversationId());
        QCOMPARE(int(messages.size()), 4);
        QCOMPARE(QString::fromStdString(messages[0].text), QString("How old is this person?"));
        QCOMPARE(QString::fromStdString(messages[1].text), chat.entries()[1].text);
        QVERIFY(messages[0].media_id.has_value());
        QVERIFY(messages[0].track_id.has_value());
        QVERIFY(QString::fromStdString(messages[1].timings_json).contains("tokens_per_s"));
        QVERIFY(QString::fromStdString(messages[1].sampling_json).contains("temperature"));

        // Reloading the conversation from the session brings the turns back.
        const auto id = chat.conversationId();
        chat.newConversation();
        QCOMPARE(int(chat.entries().size()), 0);
        chat.loadConversation(id);
        QTRY_COMPARE(int(chat.entries().size()), 4);
        QVERIFY(uitest::wait_idle(window));
        QVERIFY2(watchdog.maxGapMs() < 100,
                 qPrintable(QString("GUI stalled %1 ms").arg(watchdog.maxGapMs())));
    }

    void showsTheAttentionHeatmapOfTheSelectedFace() {
        uitest::Workbench bench(uitest::tiny_checkpoint_dir());
        MainWindow& window = *bench.window;
        prepare(window);
        if (QTest::currentTestFailed())
            return;
        auto* controls = window.analysisDock()->overlayControls();
        QVERIFY(controls->heatmapAvailable());
        QVERIFY(!window.mediaView()->overlay()->attentionShown());
        const QImage before = window.mediaView()->viewport()->grab().toImage();
        controls->toggle(OverlayLayer::Heatmap)->click();
        QTRY_VERIFY_WITH_TIMEOUT(window.mediaView()->overlay()->attentionShown(), 60000);
        QVERIFY(window.mediaView()->viewport()->grab().toImage() != before);
        // The attention brings FRGCA's heads into the head box (besides their mean).
        QTRY_VERIFY(controls->heatmapHeadBox()->count() > 1);
        controls->setHeatmapRegion(7);  // lips
        QCOMPARE(window.mediaView()->overlay()->options().heatmap_region, 7);
        QVERIFY(window.mediaView()->overlay()->attentionShown());
        controls->setHeatmapHead(0);
        QCOMPARE(window.mediaView()->overlay()->options().heatmap_head, 0);
        QVERIFY(window.mediaView()->overlay()->attentionShown());
    }

    void withoutAModelTheChatSaysWhatToDo() {
        uitest::Workbench bench;
        MainWindow& window = *bench.window;
        window.openFile(uitest::demo_photo());
        QTRY_VERIFY_WITH_TIMEOUT(window.chat().attachment().has_value(), 120000);
        auto* dock = window.chatDock();
        QVERIFY(dock->notice().contains("No model loaded: choose a checkpoint in Settings"));
        QVERIFY(!dock->sendButton()->isEnabled());
        QVERIFY(dock->sendButton()->toolTip().contains("Settings"));
        dock->input()->setPlainText("Hello?");
        dock->send();
        QVERIFY(window.chat().entries().empty());
    }
};

int run_chat_tests(int argc, char** argv) {
    ChatTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_chat.moc"
