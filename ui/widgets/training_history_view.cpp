#include "widgets/training_history_view.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include "models/training_runs_model.h"

namespace facellava::ui {

TrainingHistoryView::TrainingHistoryView(TrainingRunsModel* runs, QWidget* parent)
    : QWidget(parent), runs_(runs) {
    auto* layout = new QVBoxLayout(this);
    note_ = new QLabel(this);
    note_->setWordWrap(true);
    layout->addWidget(note_);
    table_ = new QTableView(this);
    table_->setObjectName("TrainHistory");
    table_->setModel(runs_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(table_, 1);
    auto* buttons = new QHBoxLayout();
    curves_ = new QPushButton(tr("Show curves"), this);
    settings_ = new QPushButton(tr("Use its settings"), this);
    auto* refresh = new QPushButton(tr("Refresh"), this);
    buttons->addWidget(curves_);
    buttons->addWidget(settings_);
    buttons->addStretch();
    buttons->addWidget(refresh);
    layout->addLayout(buttons);

    connect(refresh, &QPushButton::clicked, this, &TrainingHistoryView::refreshRequested);
    connect(curves_, &QPushButton::clicked, this, [this] { emit curvesRequested(selectedRun()); });
    connect(table_, &QTableView::doubleClicked, this, [this] {
        if (!running_)
            emit curvesRequested(selectedRun());
    });
    connect(settings_, &QPushButton::clicked, this,
            [this] { emit settingsRequested(selectedRun()); });
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        updateButtons();
        if (selectedRun() != 0)
            emit runSelected(selectedRun());
    });
    // A refresh replaces the rows: the selected run stays selected.
    connect(runs_, &QAbstractItemModel::modelAboutToBeReset, this,
            [this] { selected_before_reset_ = selectedRun(); });
    connect(runs_, &QAbstractItemModel::modelReset, this, [this] {
        const int row = runs_->rowOf(selected_before_reset_);
        if (row >= 0)
            table_->selectRow(row);
        updateButtons();
    });
    updateButtons();
}

qint64 TrainingHistoryView::selectedRun() const {
    const QModelIndex current = table_->currentIndex();
    return current.isValid() ? current.data(TrainingRunsModel::RunIdRole).toLongLong() : 0;
}

void TrainingHistoryView::setNote(const QString& text) {
    note_->setText(text);
}

void TrainingHistoryView::setRunning(bool running) {
    running_ = running;
    updateButtons();
}

void TrainingHistoryView::updateButtons() {
    const bool any = selectedRun() != 0;
    curves_->setEnabled(any && !running_);
    settings_->setEnabled(any);
}

}  // namespace facellava::ui
