// The selected face's optional outputs (Settings ▸ Per-face outputs) in the
// Analysis panel: identity with its similarity, gaze angles, eye openness,
// and the presentation-attack scores. A row shows only when the face has
// that value, so with no optional output measured the panel is empty and
// hidden.
#pragma once

#include <QWidget>

class QFormLayout;
class QLabel;

namespace facellava::ui {

struct FaceResult;

class FaceOutputsPanel : public QWidget {
    Q_OBJECT
  public:
    explicit FaceOutputsPanel(QWidget* parent = nullptr);

    // nullptr: no face (every row hidden).
    void setFace(const FaceResult* face);

    // The value fields (tests read them); hidden rows keep their last text cleared.
    QLabel* identityField() const { return identity_; }
    QLabel* gazeField() const { return gaze_; }
    QLabel* eyesField() const { return eyes_; }
    QLabel* padField() const { return pad_; }
    // Whether the row of `field` is shown (QFormLayout's own row visibility).
    bool rowShown(QLabel* field) const;

  private:
    void showRow(QLabel* field, const QString& text);

    QFormLayout* form_ = nullptr;
    QLabel* identity_ = nullptr;
    QLabel* gaze_ = nullptr;
    QLabel* eyes_ = nullptr;
    QLabel* pad_ = nullptr;
};

}  // namespace facellava::ui
