// The face a chat question or an attention map is about: the authors' square
// crop (256 px) of the selected face with its 68 landmarks normalised to the
// crop, exactly as Face-LLaVA's preprocessing builds them (core/faces.h).
#pragma once

#include <QImage>
#include <QRectF>
#include <optional>

#include "facellava/model/engine.h"
#include "models/decoded_frame.h"

namespace facellava::ui {

struct FaceAttachment {
    FrameKey key;
    int face_id = -1;
    QRectF crop_rect;  // in image pixels
    QImage thumbnail;  // the crop as the model sees it
    model::FaceFrame frame;
    bool isValid() const { return face_id >= 0 && !frame.crop.empty(); }
};

// Cheap (a crop and one resize to 256 px): fine on the GUI thread. nullopt
// when the face box lies outside the frame.
std::optional<FaceAttachment> make_face_attachment(const DecodedFrame& frame,
                                                   const FaceResult& face);

}  // namespace facellava::ui
