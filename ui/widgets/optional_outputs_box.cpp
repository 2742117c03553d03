#include "widgets/optional_outputs_box.h"

#include <QCheckBox>
#include <QHBoxLayout>

namespace facellava::ui {

OptionalOutputsBox::OptionalOutputsBox(QWidget* parent) : QWidget(parent) {
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    const auto add = [this, row](const char* name, const QString& text, const QString& tip) {
        auto* box = new QCheckBox(text, this);
        box->setObjectName(QString::fromUtf8(name));
        box->setToolTip(tip);
        row->addWidget(box);
        return box;
    };
    mesh_ = add("mesh", tr("Face mesh"),
                tr("MediaPipe's 478-point face mesh with the irises (slower: one more net per "
                   "face)"));
    gaze_ = add("gaze", tr("Gaze"),
                tr("Each eye's gaze direction and openness, OpenFace's convention (needs the "
                   "face mesh's irises, measured even when the mesh itself is not kept)"));
    identity_ = add("identity", tr("Identity"),
                    tr("Who is who: faces with similar identity embeddings get the same name, "
                       "person_1, person_2, … within one photo or video"));
    pad_ = add("pad", tr("Presentation attack"),
               tr("Presentation-attack scores (antispoof, liveness): a live face, or a photo or "
                  "screen held up? Not deepfake detection."));
    row->addStretch(1);
}

pipeline::OptionalOutputs OptionalOutputsBox::outputs() const {
    pipeline::OptionalOutputs outputs;
    outputs.mesh = mesh_->isChecked();
    outputs.gaze = gaze_->isChecked();
    outputs.identity = identity_->isChecked();
    outputs.pad = pad_->isChecked();
    return outputs;
}

void OptionalOutputsBox::setOutputs(const pipeline::OptionalOutputs& outputs) {
    mesh_->setChecked(outputs.mesh);
    gaze_->setChecked(outputs.gaze);
    identity_->setChecked(outputs.identity);
    pad_->setChecked(outputs.pad);
}

QCheckBox* OptionalOutputsBox::checkBox(const QString& name) const {
    return findChild<QCheckBox*>(name, Qt::FindDirectChildrenOnly);
}

}  // namespace facellava::ui
