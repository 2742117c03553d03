#include "widgets/training_history_view.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>
#include <exception>

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
    connect(settings_, &QPushButton::clicked, this, [this] { useSettings(selectedRun()); });
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        updateButtons();
        const store::TrainingRunEntry* entry = runs_->run(selectedRun());
        if (entry != nullptr && !entry->details.final_model_dir.empty())
            emit modelSelected(QString::fromStdString(entry->details.final_model_dir));
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

void TrainingHistoryView::refresh(bool session_open) {
    if (!session_open) {
        note_->setText(tr("Open a session to keep a history of training runs."));
        return;
    }
    note_->setText(tr("Training runs started from this session, newest first."));
    runs_->refresh();
}

void TrainingHistoryView::useSettings(qint64 run_id) {
    const store::TrainingRunEntry* entry = runs_->run(run_id);
    if (entry == nullptr)
        return;
    training::TrainConfig config;
    try {
        config = training::parse_train_config(entry->run.config_json,
                                              tr("training run %1").arg(run_id).toStdString());
    } catch (...) {
        emit failed(ErrorReporter::describe(tr("The run's settings cannot be used"),
                                            std::current_exception()));
        return;
    }
    emit settingsRequested(config);
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
