#include "models/shortcut_conflicts.h"

#include <QCoreApplication>

namespace facellava::ui {

QList<ShortcutConflict> find_shortcut_conflicts(const QMap<QString, QKeySequence>& labels,
                                                const QMap<QString, QKeySequence>& reserved) {
    QList<ShortcutConflict> conflicts;
    for (auto a = labels.begin(); a != labels.end(); ++a) {
        if (a.value().isEmpty())
            continue;
        for (auto b = std::next(a); b != labels.end(); ++b)
            if (b.value() == a.value())
                conflicts.append({a.key(), a.value(), b.key()});
        for (auto r = reserved.begin(); r != reserved.end(); ++r)
            if (r.value() == a.value())
                conflicts.append({a.key(), a.value(), r.key()});
    }
    return conflicts;
}

QString describe_conflict(const ShortcutConflict& c) {
    return QCoreApplication::translate("facellava::ui::Shortcuts", "“%1” and “%2” both use %3")
        .arg(c.label, c.other, c.key.toString(QKeySequence::NativeText));
}

}  // namespace facellava::ui
