// ELAN-style lanes under the video: one lane per tier, labelled time ranges
// as bars, frame labels as ticks, and the playhead. A click moves the playhead.
#pragma once

#include <QWidget>

namespace facellava::ui {

class AnnotationModel;

class AnnotationLanes : public QWidget {
    Q_OBJECT
  public:
    AnnotationLanes(AnnotationModel& model, QWidget* parent = nullptr);

    void setTimeline(double duration_s, double fps);
    void setPlayhead(double seconds);
    // Shows the start of a range being marked (nullopt-like: negative = none).
    void setPendingRangeStart(double seconds);
    QStringList tiers() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

  signals:
    void seekRequested(double seconds);

  protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

  private:
    double xOf(double seconds) const;
    void relayout();

    AnnotationModel& model_;
    double duration_s_ = 0;
    double fps_ = 0;
    double playhead_s_ = 0;
    double pending_start_s_ = -1;
    static constexpr int kLaneHeight = 20;
    static constexpr int kNameWidth = 80;
};

}  // namespace facellava::ui
