#include "docks/annotation_dock.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QUndoStack>
#include <QVBoxLayout>
#include <cmath>

#include "commands/annotation_command.h"
#include "facellava/core/store/session_store.h"
#include "media/media_player.h"
#include "models/analysis_state.h"
#include "models/annotation_model.h"
#include "models/session_context.h"
#include "settings/settings.h"

namespace facellava::ui {

AnnotationDock::AnnotationDock(AnnotationModel& model, QUndoStack& undo, SessionContext& session,
                               AnalysisState& analysis, MediaPlayer& player, Settings& settings,
                               QWidget* parent)
    : QDockWidget(tr("Annotations"), parent),
      model_(model),
      undo_(undo),
      session_(session),
      analysis_(analysis),
      player_(player),
      settings_(settings) {
    setObjectName("AnnotationDock");
    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);
    auto* form = new QFormLayout();
    label_ = new QComboBox(body);
    label_->setObjectName("AnnotationLabel");
    label_->setEditable(true);
    label_->setInsertPolicy(QComboBox::NoInsert);
    tier_ = new QLineEdit(QStringLiteral("default"), body);
    tier_->setObjectName("AnnotationTier");
    tier_->setToolTip(tr("The lane (ELAN tier) the label goes on"));
    form->addRow(tr("Label"), label_);
    form->addRow(tr("Tier"), tier_);
    layout->addLayout(form);

    auto* buttons = new QGridLayout();
    auto make = [&](const QString& name, const QString& text, const QString& tip, int r, int c) {
        auto* b = new QPushButton(text, body);
        b->setObjectName(name);
        b->setToolTip(tip);
        buttons->addWidget(b, r, c);
        return b;
    };
    auto* face =
        make("LabelFace", tr("Label face"), tr("Label the selected face at this frame"), 0, 0);
    auto* frame =
        make("LabelFrame", tr("Label frame"), tr("Label the whole frame (or the image)"), 0, 1);
    range_ = make("LabelRange", tr("Start range"),
                  tr("Mark the start of a time range at the playhead; press "
                     "again (or a label key) to end it"),
                  1, 0);
    auto* relabel =
        make("Relabel", tr("Relabel"), tr("Give the selected row the current label"), 1, 1);
    auto* remove =
        make("RemoveAnnotation", tr("Delete"), tr("Delete the selected row (undoable)"), 2, 0);
    layout->addLayout(buttons);

    table_ = new QTableView(body);
    table_->setObjectName("AnnotationTable");
    table_->setModel(&model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(table_, 1);

    hint_ = new QLabel(body);
    hint_->setWordWrap(true);
    layout->addWidget(hint_);
    setWidget(body);

    connect(face, &QPushButton::clicked, this, [this] { labelFace(currentLabel()); });
    connect(frame, &QPushButton::clicked, this, [this] { labelFrame(currentLabel()); });
    connect(range_, &QPushButton::clicked, this,
            [this] { rangeStarted() ? markRangeEnd(currentLabel()) : markRangeStart(); });
    connect(relabel, &QPushButton::clicked, this, [this] { relabelSelected(currentLabel()); });
    connect(remove, &QPushButton::clicked, this, &AnnotationDock::removeSelected);
    connect(table_, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        const AnnotationRow& row = model_.rowAt(index.row());
        if (row.annotation.frame)
            player_.seek(*row.annotation.frame);
        else if (row.annotation.start_ms && player_.info().fps > 0)
            player_.seek(
                qint64(std::floor(*row.annotation.start_ms / 1000.0 * player_.info().fps)));
    });
    connect(&settings_, &Settings::labelShortcutsChanged, this, &AnnotationDock::refreshLabels);
    connect(&model_, &AnnotationModel::annotationsChanged, this, &AnnotationDock::refreshLabels);
    refreshLabels();
}

void AnnotationDock::refreshLabels() {
    const QString current = currentLabel();
    QStringList labels;
    const auto shortcuts = settings_.labelShortcuts();
    QString help;
    for (auto it = shortcuts.begin(); it != shortcuts.end(); ++it) {
        labels << it.key();
        help += tr("%1 = %2  ").arg(it.value().toString(QKeySequence::NativeText), it.key());
    }
    for (const auto& row : model_.rows()) {
        const QString label = QString::fromStdString(row.annotation.label);
        if (!labels.contains(label))
            labels << label;
    }
    label_->clear();
    label_->addItems(labels);
    setCurrentLabel(current.isEmpty() && !labels.isEmpty() ? labels.front() : current);
    hint_->setText(tr("Keys: %1(Edit ▸ Label shortcuts… to change)").arg(help));
}

QString AnnotationDock::currentLabel() const {
    return label_->currentText().trimmed();
}

void AnnotationDock::setCurrentLabel(const QString& label) {
    const int index = label_->findText(label);
    if (index >= 0)
        label_->setCurrentIndex(index);
    else
        label_->setEditText(label);
}

QString AnnotationDock::tier() const {
    const QString t = tier_->text().trimmed();
    return t.isEmpty() ? QStringLiteral("default") : t;
}

QString AnnotationDock::mediaPath() const {
    return player_.info().path;
}

int64_t AnnotationDock::currentMs() const {
    return std::llround(player_.timestampOf(player_.position()) * 1000.0);
}

void AnnotationDock::loadMedia(qint64 media_id) {
    const double fps = player_.info().fps;
    session_.run(
        [media_id](store::SessionStore& store, WriterState&) {
            std::vector<AnnotationRow> rows;
            for (const auto& a : store.annotations().list(media_id)) {
                AnnotationRow row{a, -1};
                if (a.track_id)
                    if (auto track = store.faces().find_track(*a.track_id))
                        row.face_index = track->face_index;
                rows.push_back(row);
            }
            return rows;
        },
        [this, media_id, fps](const std::vector<AnnotationRow>& rows) {
            model_.reset(media_id, fps, rows);
        },
        this);
}

static store::Annotation base_annotation(const QString& label, const QString& tier) {
    store::Annotation a;
    a.label = label.toStdString();
    a.tier = tier.toStdString();
    a.author = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME")).toStdString();
    return a;
}

void AnnotationDock::labelFace(const QString& label) {
    if (label.isEmpty() || !player_.isOpen())
        return;
    const FaceResult* face = analysis_.selected();
    if (!face) {
        emit statusMessage(
            tr("Select a face first (click it in the view or in the Analysis panel)."));
        return;
    }
    store::Annotation a = base_annotation(label, tier());
    a.target = store::AnnotationTarget::Face;
    a.frame = player_.position();
    undo_.push(new AnnotationCommand(session_, model_,
                                     tr("Label face %1 “%2”").arg(face->face_id).arg(label),
                                     AnnotationCommand::add(a, face->face_id, mediaPath())));
}

void AnnotationDock::labelFrame(const QString& label) {
    if (label.isEmpty() || !player_.isOpen())
        return;
    store::Annotation a = base_annotation(label, tier());
    a.target = store::AnnotationTarget::Frame;
    a.frame = player_.position();
    undo_.push(new AnnotationCommand(session_, model_,
                                     tr("Label frame %1 “%2”").arg(*a.frame).arg(label),
                                     AnnotationCommand::add(a, -1, mediaPath())));
}

void AnnotationDock::markRangeStart() {
    if (!player_.isVideo()) {
        emit statusMessage(tr("Time ranges need a video."));
        return;
    }
    range_start_ms_ = currentMs();
    range_->setText(tr("End range"));
    emit statusMessage(
        tr("Range starts at the playhead; move to its end and press a label key or End range."));
}

void AnnotationDock::markRangeEnd(const QString& label) {
    if (!range_start_ms_ || label.isEmpty())
        return;
    const int64_t a_ms = *range_start_ms_, b_ms = currentMs();
    range_start_ms_.reset();
    range_->setText(tr("Start range"));
    store::Annotation a = base_annotation(label, tier());
    a.target = store::AnnotationTarget::Range;
    a.start_ms = std::min(a_ms, b_ms);
    a.end_ms = std::max(a_ms, b_ms);
    undo_.push(new AnnotationCommand(session_, model_, tr("Label range “%1”").arg(label),
                                     AnnotationCommand::add(a, -1, mediaPath())));
}

void AnnotationDock::applyShortcutLabel(const QString& label) {
    setCurrentLabel(label);
    if (rangeStarted())
        markRangeEnd(label);
    else if (analysis_.selected())
        labelFace(label);
    else
        labelFrame(label);
}

void AnnotationDock::relabelSelected(const QString& label) {
    const QModelIndex index = table_->currentIndex();
    if (!index.isValid() || label.isEmpty())
        return;
    store::Annotation a = model_.rowAt(index.row()).annotation;
    if (QString::fromStdString(a.label) == label)
        return;
    a.label = label.toStdString();
    undo_.push(new AnnotationCommand(session_, model_, tr("Relabel as “%1”").arg(label),
                                     AnnotationCommand::update(a)));
}

void AnnotationDock::removeSelected() {
    const QModelIndex index = table_->currentIndex();
    if (!index.isValid())
        return;
    const store::Annotation& a = model_.rowAt(index.row()).annotation;
    undo_.push(new AnnotationCommand(session_, model_,
                                     tr("Delete “%1”").arg(QString::fromStdString(a.label)),
                                     AnnotationCommand::remove(a.id)));
}

}  // namespace facellava::ui
