#include "models/face_attachment.h"

#include "facellava/core/error.h"
#include "facellava/core/faces.h"
#include "support/image_convert.h"

namespace facellava::ui {

std::optional<FaceAttachment> make_face_attachment(const DecodedFrame& frame,
                                                   const FaceResult& face) {
    if (frame.isNull())
        return std::nullopt;
    try {
        const FaceBox box{float(face.box.x()), float(face.box.y()), float(face.box.width()),
                          float(face.box.height()), face.score};
        FaceCrop crop = crop_face_square(*frame.rgb, box, 256);
        Landmarks68 landmarks;
        for (int i = 0; i < 68; ++i) {
            landmarks.xy[size_t(2 * i)] = float(face.landmarks[size_t(i)].x());
            landmarks.xy[size_t(2 * i + 1)] = float(face.landmarks[size_t(i)].y());
        }
        FaceAttachment attachment;
        attachment.key = frame.key;
        attachment.face_id = face.face_id;
        attachment.crop_rect = QRectF(crop.x0, crop.y0, crop.width, crop.height);
        attachment.frame.landmarks = landmarks_in_crop_normalised(landmarks, crop);
        auto shared = std::make_shared<const ImageRGB>(crop.image);
        attachment.thumbnail = to_qimage(shared).copy();
        attachment.frame.crop = std::move(crop.image);
        return attachment;
    } catch (const facellava::Error&) {
        return std::nullopt;
    }
}

}  // namespace facellava::ui
