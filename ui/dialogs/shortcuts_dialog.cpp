#include "dialogs/shortcuts_dialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "models/shortcut_conflicts.h"

namespace facellava::ui {

ShortcutsDialog::ShortcutsDialog(const QMap<QString, QKeySequence>& labels,
                                 const QMap<QString, QKeySequence>& reserved, QWidget* parent)
    : QDialog(parent), reserved_(reserved) {
    setObjectName("ShortcutsDialog");
    setWindowTitle(tr("Label shortcuts"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(
        new QLabel(tr("Press a key in a row to bind it to that label. A single key labels "
                      "the selected face (or the frame, or ends a started range)."),
                   this));
    table_ = new QTableWidget(0, 2, this);
    table_->setHorizontalHeaderLabels({tr("Label"), tr("Key")});
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->verticalHeader()->hide();
    layout->addWidget(table_, 1);

    auto* add_row = new QHBoxLayout();
    auto* name = new QLineEdit(this);
    name->setPlaceholderText(tr("New label"));
    auto* add = new QPushButton(tr("Add"), this);
    auto* remove = new QPushButton(tr("Remove selected"), this);
    add_row->addWidget(name, 1);
    add_row->addWidget(add);
    add_row->addWidget(remove);
    layout->addLayout(add_row);

    problems_ = new QLabel(this);
    problems_->setObjectName("ShortcutConflicts");
    problems_->setWordWrap(true);
    layout->addWidget(problems_);
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons_);
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(add, &QPushButton::clicked, this, [this, name] {
        const QString label = name->text().trimmed();
        if (label.isEmpty() || rowOf(label) >= 0)
            return;
        addLabel(label);
        name->clear();
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (table_->currentRow() >= 0)
            table_->removeRow(table_->currentRow());
        validate();
    });
    for (auto it = labels.begin(); it != labels.end(); ++it)
        addLabel(it.key(), it.value());
    resize(420, 420);
}

void ShortcutsDialog::addLabel(const QString& label, const QKeySequence& key) {
    const int row = table_->rowCount();
    table_->insertRow(row);
    auto* item = new QTableWidgetItem(label);
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    table_->setItem(row, 0, item);
    auto* edit = new QKeySequenceEdit(key, table_);
    edit->setClearButtonEnabled(true);
    connect(edit, &QKeySequenceEdit::keySequenceChanged, this,
            [this, edit](const QKeySequence& sequence) {
                // One key per label: keep the first of a multi-key sequence.
                if (sequence.count() > 1)
                    edit->setKeySequence(QKeySequence(sequence[0]));
                validate();
            });
    table_->setCellWidget(row, 1, edit);
    validate();
}

int ShortcutsDialog::rowOf(const QString& label) const {
    for (int r = 0; r < table_->rowCount(); ++r)
        if (table_->item(r, 0)->text() == label)
            return r;
    return -1;
}

void ShortcutsDialog::setKey(const QString& label, const QKeySequence& key) {
    const int row = rowOf(label);
    if (row < 0)
        return;
    static_cast<QKeySequenceEdit*>(table_->cellWidget(row, 1))->setKeySequence(key);
    validate();
}

QMap<QString, QKeySequence> ShortcutsDialog::labels() const {
    QMap<QString, QKeySequence> result;
    for (int r = 0; r < table_->rowCount(); ++r)
        result.insert(table_->item(r, 0)->text(),
                      static_cast<QKeySequenceEdit*>(table_->cellWidget(r, 1))->keySequence());
    return result;
}

bool ShortcutsDialog::hasConflicts() const {
    return !find_shortcut_conflicts(labels(), reserved_).isEmpty();
}

QString ShortcutsDialog::conflictText() const {
    return problems_->text();
}

void ShortcutsDialog::validate() {
    QStringList lines;
    for (const auto& c : find_shortcut_conflicts(labels(), reserved_))
        lines << describe_conflict(c);
    problems_->setText(lines.join('\n'));
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(lines.isEmpty());
}

}  // namespace facellava::ui
