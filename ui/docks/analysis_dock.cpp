#include "docks/analysis_dock.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>
#include <cmath>

#include "jobs/series_job.h"
#include "media/media_player.h"
#include "models/analysis_state.h"
#include "models/faces_model.h"
#include "settings/settings.h"
#include "widgets/expression_bars.h"
#include "widgets/face_outputs_panel.h"
#include "widgets/overlay_controls.h"
#include "widgets/series_chart.h"
#include "widgets/task_answers_panel.h"

namespace facellava::ui {

AnalysisDock::AnalysisDock(AnalysisState& state, Settings& settings,
                           std::shared_ptr<PerceptionModels> models, MediaPlayer& player,
                           ModelService& model, QWidget* parent)
    : QDockWidget(tr("Analysis"), parent),
      state_(state),
      settings_(settings),
      models_(std::move(models)),
      player_(player) {
    setObjectName("AnalysisDock");
    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);

    auto* overlay_box = new QGroupBox(tr("Overlays"), body);
    auto* overlay_layout = new QVBoxLayout(overlay_box);
    overlays_ = new OverlayControls(settings_, overlay_box);
    overlay_layout->addWidget(overlays_);
    layout->addWidget(overlay_box);

    status_ = new QLabel(tr("Open a photo or video to analyse its faces."), body);
    status_->setObjectName("AnalysisStatus");
    status_->setWordWrap(true);
    layout->addWidget(status_);

    faces_ = new FacesModel(state_, this);
    table_ = new QTableView(body);
    table_->setObjectName("FacesTable");
    table_->setModel(faces_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->setMaximumHeight(140);
    layout->addWidget(table_);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid())
                    state_.setSelectedFace(faces_->data(current, FacesModel::FaceIdRole).toInt());
            });

    auto* face_box = new QGroupBox(tr("Selected face"), body);
    auto* face_layout = new QVBoxLayout(face_box);
    bars_ = new ExpressionBars(face_box);
    details_ = new QLabel(face_box);
    details_->setObjectName("FaceDetails");
    details_->setWordWrap(true);
    face_layout->addWidget(bars_);
    face_layout->addWidget(details_);
    face_outputs_ = new FaceOutputsPanel(face_box);
    face_layout->addWidget(face_outputs_);
    auto* credit =
        new QLabel(tr("<small>Expression, age and gender: face-api nets (MIT), trained on research "
                      "data sets; estimates, not facts about the person.</small>"),
                   face_box);
    credit->setWordWrap(true);
    face_layout->addWidget(credit);
    layout->addWidget(face_box);

    auto* answers_box = new QGroupBox(tr("Face-LLaVA answers"), body);
    auto* answers_layout = new QVBoxLayout(answers_box);
    answers_ = new TaskAnswersPanel(model, answers_box);
    answers_layout->addWidget(answers_);
    connect(answers_, &TaskAnswersPanel::failed, this, &AnalysisDock::failed);
    // Expression labels in faces.csv's words (Settings, batch dialog).
    const auto show_expression_names = [this] {
        answers_->setExpressionNames(settings_.outputConventions().expression_names);
    };
    show_expression_names();
    connect(&settings_, &Settings::outputConventionsChanged, answers_, show_expression_names);
    layout->addWidget(answers_box);

    auto* time_box = new QGroupBox(tr("Over time"), body);
    auto* time_layout = new QVBoxLayout(time_box);
    auto* row = new QHBoxLayout();
    samples_ = new QSpinBox(time_box);
    samples_->setObjectName("SeriesSamples");
    samples_->setRange(2, 2000);
    samples_->setValue(60);
    samples_->setSuffix(tr(" frames"));
    samples_->setToolTip(tr("How many frames, evenly spaced, to analyse"));
    analyse_video_ = new QPushButton(tr("Analyse video"), time_box);
    analyse_video_->setObjectName("AnalyseVideo");
    analyse_video_->setEnabled(false);
    analyse_video_->setToolTip(tr("Open a video to plot its values over time"));
    progress_ = new QProgressBar(time_box);
    progress_->setVisible(false);
    row->addWidget(samples_);
    row->addWidget(analyse_video_);
    row->addWidget(progress_, 1);
    time_layout->addLayout(row);
    chart_ = new SeriesChart(time_box);
    time_layout->addWidget(chart_, 1);
    layout->addWidget(time_box, 1);

    auto* scroll = new QScrollArea(this);
    scroll->setWidget(body);
    scroll->setWidgetResizable(true);
    setWidget(scroll);

    connect(analyse_video_, &QPushButton::clicked, this, [this] {
        if (job_)
            job_->cancel();
        else
            analyseVideo();
    });
    connect(&state_, &AnalysisState::analysisChanged, this, &AnalysisDock::showSelected);
    connect(&state_, &AnalysisState::selectionChanged, this, [this](int face_id) {
        const int row = faces_->rowOfFace(face_id);
        if (row >= 0 && table_->currentIndex().row() != row)
            table_->selectRow(row);
        showSelected();
    });
    connect(&player_, &MediaPlayer::opened, this, &AnalysisDock::onOpened);
    connect(&player_, &MediaPlayer::positionChanged, this,
            [this](qint64 frame) { chart_->setPlayhead(player_.timestampOf(frame)); });
    connect(chart_, &SeriesChart::seekRequested, this, [this](double seconds) {
        player_.seek(qint64(std::floor(seconds * player_.info().fps)));
    });
    showSelected();
}

AnalysisDock::~AnalysisDock() = default;

void AnalysisDock::setStatus(const QString& text) {
    status_->setText(text);
}

void AnalysisDock::onOpened(const MediaInfo& info) {
    if (job_)
        job_->cancel();
    chart_->clear();
    chart_->setPlayhead(0);
    analyse_video_->setEnabled(info.is_video);
    analyse_video_->setToolTip(info.is_video
                                   ? tr("Analyse evenly spaced frames and plot the values")
                                   : tr("Open a video to plot its values over time"));
}

void AnalysisDock::analyseVideo() {
    if (job_ || !player_.isVideo())
        return;
    // The plots show none of the optional outputs: don't pay for their nets.
    pipeline::AnalysisOptions options = settings_.analysisOptions();
    options.output.outputs = {};
    job_ = new SeriesJob(models_, player_.info().path, samples_->value(), options, this);
    progress_->setRange(0, samples_->value());
    progress_->setValue(0);
    progress_->setVisible(true);
    analyse_video_->setText(tr("Cancel"));
    auto done = [this] {
        job_->deleteLater();
        job_ = nullptr;
        progress_->setVisible(false);
        analyse_video_->setText(tr("Analyse video"));
    };
    connect(job_, &SeriesJob::framesDone, this, [this](int n, int total) {
        progress_->setRange(0, total);
        progress_->setValue(n);
    });
    // The series arrives just before finished(); every run ends with exactly
    // one of finished, cancelled or failed.
    connect(job_, &SeriesJob::seriesReady, this,
            [this](const TimeSeries& series) { chart_->setSeries(series); });
    connect(job_, &SeriesJob::finished, this, done);
    connect(job_, &SeriesJob::cancelled, this, done);
    connect(job_, &SeriesJob::failed, this, [this, done](const UserError& error) {
        done();
        emit failed(error);
    });
    job_->start();
}

void AnalysisDock::showSelected() {
    const FaceResult* face = state_.selected();
    face_outputs_->setFace(face);
    if (!face) {
        bars_->clear();
        details_->setText(state_.hasAnalysis() ? tr("No face found in this frame.") : QString());
        return;
    }
    bars_->setValues(face->expression);
    QString text = tr("Face %1 · age ≈ %2 · %3 (%4%)")
                       .arg(face->face_id)
                       .arg(std::lround(face->age))
                       .arg(face->gender)
                       .arg(std::lround(100 * face->gender_probability));
    if (face->pose) {
        text += tr("<br>Head pose: yaw %1°, pitch %2°, roll %3°")
                    .arg(face->pose->yaw, 0, 'f', 1)
                    .arg(face->pose->pitch, 0, 'f', 1)
                    .arg(face->pose->roll, 0, 'f', 1);
        if (face->pose->reprojection_error > 0.1)
            text += tr(" <i>(landmarks fit poorly: angles uncertain)</i>");
    }
    details_->setText(text);
}

}  // namespace facellava::ui
