// Rebinding of the single-key label shortcuts: one row per label with its
// key; labels can be added and removed. OK stays disabled while two labels,
// or a label and an application action, share a key (the conflict is named).
#pragma once

#include <QDialog>
#include <QKeySequence>
#include <QMap>

class QDialogButtonBox;
class QLabel;
class QTableWidget;

namespace facellava::ui {

class ShortcutsDialog : public QDialog {
    Q_OBJECT
  public:
    ShortcutsDialog(const QMap<QString, QKeySequence>& labels,
                    const QMap<QString, QKeySequence>& reserved, QWidget* parent = nullptr);

    QMap<QString, QKeySequence> labels() const;
    void setKey(const QString& label, const QKeySequence& key);
    void addLabel(const QString& label, const QKeySequence& key = {});
    bool hasConflicts() const;
    QString conflictText() const;

  private:
    void validate();
    int rowOf(const QString& label) const;

    QMap<QString, QKeySequence> reserved_;
    QTableWidget* table_ = nullptr;
    QLabel* problems_ = nullptr;
    QDialogButtonBox* buttons_ = nullptr;
};

}  // namespace facellava::ui
