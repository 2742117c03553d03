#include "support/timecode.h"

#include <QCoreApplication>
#include <QStringList>
#include <cmath>

namespace facellava::ui {

QString format_time(double seconds) {
    const int64_t total_ms = std::llround(std::max(0.0, seconds) * 1000.0);
    const int64_t ms = total_ms % 1000;
    const int64_t s = (total_ms / 1000) % 60;
    const int64_t m = (total_ms / 60000) % 60;
    const int64_t h = total_ms / 3600000;
    const QString mmss = QStringLiteral("%1:%2.%3")
                             .arg(m, 2, 10, QChar('0'))
                             .arg(s, 2, 10, QChar('0'))
                             .arg(ms, 3, 10, QChar('0'));
    return h > 0 ? QStringLiteral("%1:%2").arg(h).arg(mmss) : mmss;
}

QString format_playhead(double seconds, int64_t frame) {
    return QCoreApplication::translate("facellava::ui::Timecode", "%1 · frame %2")
        .arg(format_time(seconds))
        .arg(frame);
}

std::optional<int64_t> parse_timecode(const QString& input, double fps) {
    const QString text = input.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    if (text.startsWith('#') || text.startsWith('f', Qt::CaseInsensitive)) {
        bool ok = false;
        const qlonglong frame = text.mid(1).trimmed().toLongLong(&ok);
        if (!ok || frame < 0)
            return std::nullopt;
        return int64_t(frame);
    }
    const QStringList parts = text.split(':');
    if (parts.size() > 3)
        return std::nullopt;
    double seconds = 0;
    for (int i = 0; i < parts.size(); ++i) {
        bool ok = false;
        const double value = parts[i].toDouble(&ok);
        if (!ok || value < 0)
            return std::nullopt;
        // Only the last field may carry a fraction or exceed 59.
        if (i + 1 < parts.size() && (value != std::floor(value)))
            return std::nullopt;
        if (i > 0 && i + 1 == parts.size() && value >= 60)
            return std::nullopt;
        seconds = seconds * 60 + value;
    }
    if (fps <= 0)
        return std::nullopt;
    // The frame shown at that time: a small epsilon keeps "00:01.000" at 25 fps on frame 25.
    return int64_t(std::floor(seconds * fps + 1e-6));
}

QString format_duration(double seconds) {
    if (!(seconds >= 0))
        return QStringLiteral("?");
    const qint64 s = qint64(seconds + 0.5);
    return QStringLiteral("%1:%2:%3")
        .arg(s / 3600)
        .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

}  // namespace facellava::ui
