// The analysis panel: overlay controls, the faces of the frame (table, by
// identity when measured), the selected face's expression bars, age, gender,
// pose and optional outputs (identity, gaze, eye openness, presentation-attack
// scores), and the plots of values along the video (computed on demand for
// sampled frames).
#pragma once

#include <QDockWidget>
#include <memory>

#include "dialogs/error_reporter.h"
#include "models/time_series.h"

class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;

namespace facellava::ui {

class AnalysisState;
class ExpressionBars;
class FaceOutputsPanel;
class FacesModel;
class MediaPlayer;
class OverlayControls;
class PerceptionModels;
class SeriesChart;
class SeriesJob;
class Settings;
class ModelService;
class TaskAnswersPanel;
struct MediaInfo;

class AnalysisDock : public QDockWidget {
    Q_OBJECT
  public:
    AnalysisDock(AnalysisState& state, Settings& settings, std::shared_ptr<PerceptionModels> models,
                 MediaPlayer& player, ModelService& model, QWidget* parent = nullptr);
    ~AnalysisDock() override;

    OverlayControls* overlayControls() const { return overlays_; }
    ExpressionBars* expressionBars() const { return bars_; }
    FaceOutputsPanel* faceOutputs() const { return face_outputs_; }
    SeriesChart* chart() const { return chart_; }
    QTableView* facesTable() const { return table_; }
    QPushButton* analyseVideoButton() const { return analyse_video_; }
    TaskAnswersPanel* taskAnswers() const { return answers_; }
    void setStatus(const QString& text);

    // Starts the over-time analysis of the open video (the button's action).
    void analyseVideo();

  signals:
    void failed(const facellava::ui::UserError& error);

  private:
    void showSelected();
    void onOpened(const MediaInfo& info);

    AnalysisState& state_;
    Settings& settings_;
    std::shared_ptr<PerceptionModels> models_;
    MediaPlayer& player_;
    FacesModel* faces_ = nullptr;
    OverlayControls* overlays_ = nullptr;
    QTableView* table_ = nullptr;
    ExpressionBars* bars_ = nullptr;
    QLabel* details_ = nullptr;
    FaceOutputsPanel* face_outputs_ = nullptr;
    QLabel* status_ = nullptr;
    QSpinBox* samples_ = nullptr;
    QPushButton* analyse_video_ = nullptr;
    QProgressBar* progress_ = nullptr;
    SeriesChart* chart_ = nullptr;
    SeriesJob* job_ = nullptr;
    TaskAnswersPanel* answers_ = nullptr;
};

}  // namespace facellava::ui
