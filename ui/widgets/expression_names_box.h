// The choice of expression vocabulary (pipeline::ExpressionNames: face-api's,
// py-feat's or RAF-DB's words and column order, docs/CSV.md), one widget for
// the Settings dialog and the batch dialog, so both offer the same choices
// with the same words. Each item lists the names in faces.csv's column order.
#pragma once

#include <QComboBox>

#include "facellava/pipeline/analysis_options.h"

namespace facellava::ui {

class ExpressionNamesBox : public QComboBox {
    Q_OBJECT
  public:
    explicit ExpressionNamesBox(QWidget* parent = nullptr);

    pipeline::ExpressionNames names() const;
    void setNames(pipeline::ExpressionNames names);
};

}  // namespace facellava::ui
