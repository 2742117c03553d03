// Annotation panel: label the selected face, the frame, or a time range
// (mark start, then end) on a tier; relabel or delete rows. Every edit is an
// AnnotationCommand on the undo stack and is saved to the session at once.
#pragma once

#include <QDockWidget>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QUndoStack;

namespace facellava::ui {

class AnalysisState;
class AnnotationModel;
class MediaPlayer;
class SessionContext;
class Settings;

class AnnotationDock : public QDockWidget {
    Q_OBJECT
  public:
    AnnotationDock(AnnotationModel& model, QUndoStack& undo, SessionContext& session,
                   AnalysisState& analysis, MediaPlayer& player, Settings& settings,
                   QWidget* parent = nullptr);

    // Loads the rows of the media just registered in the session.
    void loadMedia(qint64 media_id);

    QString currentLabel() const;
    void setCurrentLabel(const QString& label);
    QString tier() const;
    QTableView* table() const { return table_; }
    bool rangeStarted() const { return range_start_ms_.has_value(); }

  public slots:
    void labelFace(const QString& label);
    void labelFrame(const QString& label);
    void markRangeStart();
    void markRangeEnd(const QString& label);
    // What a single-key label shortcut does: ends a started range, else labels
    // the selected face, else the frame.
    void applyShortcutLabel(const QString& label);
    void relabelSelected(const QString& label);
    void removeSelected();
    void refreshLabels();

  signals:
    void statusMessage(const QString& text);

  private:
    int64_t currentMs() const;
    QString mediaPath() const;

    AnnotationModel& model_;
    QUndoStack& undo_;
    SessionContext& session_;
    AnalysisState& analysis_;
    MediaPlayer& player_;
    Settings& settings_;
    QComboBox* label_ = nullptr;
    QLineEdit* tier_ = nullptr;
    QPushButton* range_ = nullptr;
    QTableView* table_ = nullptr;
    QLabel* hint_ = nullptr;
    std::optional<int64_t> range_start_ms_;
};

}  // namespace facellava::ui
