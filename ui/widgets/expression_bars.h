// The seven expression probabilities of one face as labelled bars.
#pragma once

#include <QWidget>
#include <array>

#include "models/frame_analysis.h"

class QProgressBar;

namespace facellava::ui {

class ExpressionBars : public QWidget {
    Q_OBJECT
  public:
    explicit ExpressionBars(QWidget* parent = nullptr);

    void setValues(const std::array<float, kExpressionCount>& probabilities);
    void clear();
    // Percent shown for expression `index` (tests, accessibility).
    int percent(int index) const;

  private:
    std::array<QProgressBar*, kExpressionCount> bars_{};
};

}  // namespace facellava::ui
