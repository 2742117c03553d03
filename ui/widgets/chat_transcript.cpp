#include "widgets/chat_transcript.h"

#include <QScrollBar>
#include <QTextDocument>
#include <QUrl>

#include "models/chat_session.h"

namespace facellava::ui {

ChatTranscript::ChatTranscript(ChatSession& chat, QWidget* parent)
    : QTextBrowser(parent), chat_(chat) {
    setObjectName("ChatTranscript");
    setOpenLinks(false);
    throttle_.setSingleShot(true);
    throttle_.setInterval(33);
    connect(&throttle_, &QTimer::timeout, this, &ChatTranscript::render);
    connect(&chat_, &ChatSession::entriesChanged, this, &ChatTranscript::render);
    connect(&chat_, &ChatSession::entryUpdated, this, &ChatTranscript::scheduleRender);
    render();
}

void ChatTranscript::scheduleRender() {
    if (!throttle_.isActive())
        throttle_.start();
}

void ChatTranscript::render() {
    throttle_.stop();
    QScrollBar* bar = verticalScrollBar();
    const bool at_end = bar->value() >= bar->maximum() - 4;
    const QString shade = palette().color(QPalette::AlternateBase).name();
    QString html;
    const auto& entries = chat_.entries();
    if (entries.empty())
        html =
            tr("<p><i>Ask about the selected face: its expression, action units, age, "
               "or whether it looks manipulated.</i></p>");
    for (size_t i = 0; i < entries.size(); ++i) {
        const ChatEntry& e = entries[i];
        QString body = e.text.toHtmlEscaped().replace('\n', "<br>");
        if (e.role == ChatEntry::Role::User) {
            QString face;
            if (!e.thumbnail.isNull()) {
                const QUrl url(QStringLiteral("face://%1").arg(i));
                document()->addResource(QTextDocument::ImageResource, url, e.thumbnail);
                face = QStringLiteral("<img src=\"%1\" width=\"48\" height=\"48\"> ")
                           .arg(url.toString());
            }
            const QString who =
                e.face_id >= 0 ? tr("You · about face %1").arg(e.face_id) : tr("You");
            html += QStringLiteral(
                        "<table width=\"100%\" cellpadding=\"4\"><tr><td width=\"52\">%1</td>"
                        "<td><b>%2</b><br>%3</td></tr></table>")
                        .arg(face, who.toHtmlEscaped(), body);
        } else {
            QString meta;
            if (e.streaming) {
                meta = e.text.isEmpty() ? tr("waiting for the first token…") : tr("generating…");
            } else if (!e.stop_reason.isEmpty() || e.tokens_per_s > 0) {
                meta = tr("first token %1 ms · %2 tokens/s · image %3 ms · %4 tokens · stopped: %5")
                           .arg(e.ttft_ms, 0, 'f', 0)
                           .arg(e.tokens_per_s, 0, 'f', 1)
                           .arg(e.vision_ms, 0, 'f', 0)
                           .arg(e.tokens)
                           .arg(e.stop_reason);
            }
            html += QStringLiteral(
                        "<table width=\"100%\" cellpadding=\"4\" bgcolor=\"%1\"><tr><td>"
                        "<b>%2</b><br>%3<br><small>%4</small></td></tr></table>")
                        .arg(shade, tr("Face-LLaVA"), body, meta.toHtmlEscaped());
        }
    }
    setHtml(html);
    if (at_end)
        bar->setValue(bar->maximum());
}

}  // namespace facellava::ui
