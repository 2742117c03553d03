// Burns what the analysis found into a frame: the face box, the 68 landmarks
// and a caption (face id and labels), for overlay videos (`batch
// --overlay-video`) that play in any player. Plain raster drawing in core, so
// the command line needs no Qt; the GUI draws its own interactive overlay.
//
// Thread-safety: reentrant (draws only into the image given).
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "facellava/core/face_types.h"
#include "facellava/core/image.h"

namespace facellava {

// An RGB colour per face id, so a face keeps its colour through a video.
std::array<uint8_t, 3> face_overlay_colour(int face_id);

// Draws `box` (a 2-px outline), the landmarks (a dot each, when given) and
// `caption` above the box (below it when the box touches the top), clipped
// to the image. Lines scale with the image so a 4K frame stays readable.
void draw_face_overlay(ImageRGB& image, const FaceBox& box, const Landmarks68* landmarks,
                       const std::string& caption, const std::array<uint8_t, 3>& colour);

}  // namespace facellava
