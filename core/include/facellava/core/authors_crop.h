// Where the Face-LLaVA authors' tools/crop_face.py cuts a face out of a frame
// (get_cropped_image_from_bb with its default margin_pct = 0), line by line:
//
//   MARGIN_X = int(0 · w);  MARGIN_Y = int(0 · h)
//   MARGIN_X = min(MARGIN_X, x, W − x − w);  MARGIN_Y = min(MARGIN_Y, y, H − y − h)
//   MARGIN   = min(MARGIN_X, MARGIN_Y)        (≤ 0: negative when the box
//                                              leaves the frame)
//   avg = (w + h) / 2
//   start_x = int(max(0, x − MARGIN));  start_y = int(max(0, y − MARGIN))
//   end_x = int(min(x + avg + MARGIN, W − 1));  end_y = int(min(y + avg + MARGIN, H − 1))
//   crop = image[start_y:end_y, start_x:end_x], resized to 256 × 256
//
// so the region is a square of side avg from the box's corner, one pixel short
// of the right and bottom borders, shrunk (and shifted) by the overhang when
// the box leaves the frame. Python's int() truncates toward zero.
//
// Thread-safety: pure function.
#pragma once

#include <optional>

#include "facellava/core/face_types.h"

namespace facellava {

// Columns [x0, x1) and rows [y0, y1) of the frame, as the slice above.
struct CropRegion {
    int x0 = 0;
    int y0 = 0;
    int x1 = 0;
    int y1 = 0;
    int width() const { return x1 - x0; }
    int height() const { return y1 - y0; }
};

// The region for a detector box in a W × H frame; nullopt when it is empty
// (the box lies outside the frame), where the authors' tool would fail.
std::optional<CropRegion> authors_crop_region(const FaceBox& box, int image_width,
                                              int image_height);

}  // namespace facellava
