#include "widgets/face_outputs_panel.h"

#include <QFormLayout>
#include <QLabel>

#include "models/frame_analysis.h"

namespace facellava::ui {
namespace {

QString value(const std::optional<float>& v) {
    return v ? QString::number(*v, 'f', 2) : QStringLiteral("–");  // one eye not measured
}

}  // namespace

FaceOutputsPanel::FaceOutputsPanel(QWidget* parent) : QWidget(parent) {
    setObjectName("FaceOutputs");
    form_ = new QFormLayout(this);
    form_->setContentsMargins(0, 0, 0, 0);
    const auto add = [this](const char* name, const QString& label, const QString& tip) {
        auto* field = new QLabel(this);
        field->setObjectName(QString::fromUtf8(name));
        field->setWordWrap(true);
        field->setToolTip(tip);
        form_->addRow(label, field);
        return field;
    };
    identity_ = add("FaceIdentity", tr("Identity"),
                    tr("Faces whose identity embeddings are alike (cosine similarity ≥ 0.8 to "
                       "the person's mean) share a name. The window names the people of the "
                       "frame on screen; a batch names them across a whole video."));
    gaze_ = add("FaceGaze", tr("Gaze"),
                tr("OpenFace's gaze angles of the two eyes' mean direction: 0°, 0° looks "
                   "into the camera; horizontal > 0 towards the image's right, vertical "
                   "> 0 down. Expect several degrees of error (docs/CSV.md)."));
    eyes_ = add("FaceEyeOpenness", tr("Eye openness"),
                tr("Eye aspect ratio of the subject's own right and left eye: about "
                   "0.25–0.35 open, towards 0 closed."));
    pad_ = add("FacePresentationAttack", tr("Presentation attack"),
               tr("Is this a live face in front of the camera, or a photo or screen held up? "
                  "Higher: more like a live face. These nets do not detect deepfakes: ask "
                  "Face-LLaVA's deepfake task for that."));
    setFace(nullptr);
}

void FaceOutputsPanel::showRow(QLabel* field, const QString& text) {
    field->setText(text);
    form_->setRowVisible(field, !text.isEmpty());
}

bool FaceOutputsPanel::rowShown(QLabel* field) const {
    return form_->isRowVisible(field);
}

void FaceOutputsPanel::setFace(const FaceResult* face) {
    QString identity, gaze, eyes, pad;
    if (face && !face->identity.isEmpty())
        identity =
            tr("%1 (similarity %2)").arg(face->identity).arg(face->identity_similarity, 0, 'f', 2);
    if (face && face->gaze)
        gaze = tr("horizontal %1°, vertical %2°")
                   .arg(face->gaze->angle_x, 0, 'f', 1)
                   .arg(face->gaze->angle_y, 0, 'f', 1);
    if (face && (face->eye_openness_right || face->eye_openness_left)) {
        eyes = tr("right %1 · left %2")
                   .arg(value(face->eye_openness_right), value(face->eye_openness_left));
    }
    if (face && (face->antispoof || face->liveness)) {
        pad = tr("antispoof %1 · liveness %2<br><small>presentation-attack scores (not deepfake "
                 "detection)</small>")
                  .arg(value(face->antispoof), value(face->liveness));
    }
    showRow(identity_, identity);
    showRow(gaze_, gaze);
    showRow(eyes_, eyes);
    showRow(pad_, pad);
    setVisible(!(identity.isEmpty() && gaze.isEmpty() && eyes.isEmpty() && pad.isEmpty()));
}

}  // namespace facellava::ui
