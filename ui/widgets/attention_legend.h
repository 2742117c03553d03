// The key to the FRGCA attention overlay, shown under the heatmap controls:
// for the dominant-region view the nine region colours with their names and
// what opacity means; for one region a colour bar of the fixed 0–1 scale.
#pragma once

#include <QWidget>

class QLabel;
class QStackedWidget;

namespace facellava::ui {

class AttentionLegend : public QWidget {
    Q_OBJECT
  public:
    explicit AttentionLegend(QWidget* parent = nullptr);

    // -1: the dominant-region view; 0…8: that region's map on the 0–1 scale.
    void setRegion(int region);
    bool showsRegionColors() const;  // else the colour bar

  private:
    QStackedWidget* pages_ = nullptr;
    QLabel* scale_caption_ = nullptr;
};

// The 0…1 gradient of attention_scale_color with its ends labelled.
class AttentionColorBar : public QWidget {
    Q_OBJECT
  public:
    explicit AttentionColorBar(QWidget* parent = nullptr);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

  protected:
    void paintEvent(QPaintEvent* event) override;
};

}  // namespace facellava::ui
