#include "widgets/expression_bars.h"

#include <QFormLayout>
#include <QProgressBar>
#include <cmath>

namespace facellava::ui {

ExpressionBars::ExpressionBars(QWidget* parent) : QWidget(parent) {
    setObjectName("ExpressionBars");
    auto* layout = new QFormLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (int i = 0; i < kExpressionCount; ++i) {
        auto* bar = new QProgressBar(this);
        bar->setRange(0, 100);
        bar->setFormat("%p%");
        bar->setTextVisible(true);
        bar->setMaximumHeight(16);
        bar->setAccessibleName(expression_display_name(i));
        bars_[size_t(i)] = bar;
        layout->addRow(expression_display_name(i), bar);
    }
    clear();
}

void ExpressionBars::setValues(const std::array<float, kExpressionCount>& probabilities) {
    for (int i = 0; i < kExpressionCount; ++i)
        bars_[size_t(i)]->setValue(int(std::lround(100.0 * probabilities[size_t(i)])));
    setEnabled(true);
}

void ExpressionBars::clear() {
    for (auto* bar : bars_)
        bar->setValue(0);
    setEnabled(false);
}

int ExpressionBars::percent(int index) const {
    return bars_[size_t(index)]->value();
}

}  // namespace facellava::ui
