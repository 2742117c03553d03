// Conflict detection for rebindable label keys: two labels on one key, or a
// label on a key the application already uses (Space = play, Left = step…).
#pragma once

#include <QKeySequence>
#include <QMap>
#include <QString>
#include <QStringList>

namespace facellava::ui {

struct ShortcutConflict {
    QString label;
    QKeySequence key;
    QString other;  // the other label, or the action's name
};

// Empty keys never conflict. `reserved` maps an action's display name to its key.
QList<ShortcutConflict> find_shortcut_conflicts(const QMap<QString, QKeySequence>& labels,
                                                const QMap<QString, QKeySequence>& reserved);
QString describe_conflict(const ShortcutConflict& conflict);

}  // namespace facellava::ui
