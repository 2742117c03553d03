// The crops of one face: v0 is Face-LLaVA's own square crop (crop_face_square,
// spec §6); v1… are augmented copies drawn from (seed, sample id): mirror,
// rotation, scale and shift of the square, then brightness, contrast and
// saturation jitter.
#pragma once

#include <cstdint>
#include <string>

#include "facellava/core/face_types.h"
#include "facellava/core/image.h"

namespace facellava::training::demo {

struct AugmentParams {
    bool flip = false;     // mirror left-right
    double angle_deg = 0;  // rotation of the square about its centre, ±12°
    double scale = 1;      // side × scale, 0.9…1.1
    double shift_x = 0;    // centre moved by this × side, ±0.1
    double shift_y = 0;
    double brightness = 1;  // factors, 0.8…1.2 (torchvision ColorJitter's meaning)
    double contrast = 1;
    double saturation = 1;
};

// Parameters for variant `key` (the sample id); pure function of its inputs.
AugmentParams draw_augment_params(uint64_t seed, const std::string& key);

// The face's square (side (w + h) / 2 from the box origin, as crop_face_square)
// transformed by `params`, sampled bilinearly from the photo (edge pixels
// repeated outside it) into size × size, then colour-jittered.
ImageRGB augmented_crop(const ImageRGB& photo, const FaceBox& box, const AugmentParams& params,
                        int size);

}  // namespace facellava::training::demo
