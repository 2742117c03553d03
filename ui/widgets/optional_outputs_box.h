// The optional per-face outputs (pipeline::OptionalOutputs: face mesh, gaze,
// identity, presentation-attack scores; docs/CSV.md "Optional outputs") as
// four checkboxes, one widget for the Settings dialog and the batch dialog, so
// both offer the same choices with the same words.
#pragma once

#include <QWidget>

#include "facellava/pipeline/analysis_options.h"

class QCheckBox;

namespace facellava::ui {

class OptionalOutputsBox : public QWidget {
    Q_OBJECT
  public:
    explicit OptionalOutputsBox(QWidget* parent = nullptr);

    pipeline::OptionalOutputs outputs() const;
    void setOutputs(const pipeline::OptionalOutputs& outputs);
    // "mesh", "gaze", "identity" or "pad" (the CLI's --outputs words); also
    // the checkboxes' object names.
    QCheckBox* checkBox(const QString& name) const;

  private:
    QCheckBox* mesh_ = nullptr;
    QCheckBox* gaze_ = nullptr;
    QCheckBox* identity_ = nullptr;
    QCheckBox* pad_ = nullptr;
};

}  // namespace facellava::ui
