// Inputs of the face-api nets built from an RGB image, reproducing face-api's
// NetInput.toBatchTensor on a tensor input bit for bit:
// - face nets (112): crop (box clipped to the image, floored) → zero-pad to a
//   square, centred, the odd pixel at the end → legacy bilinear resize →
//   − mean (122.782, 117.001, 104.298) → /255;
// - tiny face detector (416): the whole image zero-padded bottom/right to a
//   square → legacy bilinear resize → − mean (117.001, 114.697, 97.404) → /255.
// The padding is virtual (never materialised), so a 4K frame costs no more
// memory than the output.
//
// Thread-safety: free functions; safe to call concurrently.
#pragma once

#include <vector>

#include "facellava/core/image.h"
#include "torch_pch.h"

namespace facellava::perception {

inline constexpr int kFaceInputSize = 112;
inline constexpr int kDetectorInputSize = 416;
inline constexpr float kFaceMeanRgb[3] = {122.782f, 117.001f, 104.298f};
inline constexpr float kDetectorMeanRgb[3] = {117.001f, 114.697f, 97.404f};

// An integer pixel rectangle of the image.
struct CropRect {
    int x = 0;
    int y = 0;
    int width = 0;
    int height = 0;
    bool empty() const { return width <= 0 || height <= 0; }
};

// face-api's Box.clipAtImageBorders: clip the box to the image, then floor
// x, y, width and height each. Empty when the box misses the image.
CropRect clip_box_to_image(double x, double y, double width, double height, int image_width,
                           int image_height);

// face-api's toBatchTensor step: the padded, resized pixels (0…255) of one
// face, [3,112,112] float32. Throws facellava::Error when the image is
// malformed or the crop is empty or outside it.
torch::Tensor face_pixels(const ImageRGB& image, const CropRect& crop);
// (pixels − mean) / 255 per channel, [N,3,H,W], rounded as TF.js rounds.
torch::Tensor normalize_input(const torch::Tensor& pixels, const float mean[3]);

// The normalised 112 input of one face: [3,112,112] float32.
torch::Tensor face_input(const ImageRGB& image, const CropRect& crop);
// Several faces of one image as one batch: [N,3,112,112].
torch::Tensor face_batch(const ImageRGB& image, const std::vector<CropRect>& crops);

// The whole image padded and resized for the detector: [1,3,S,S] pixel values
// (S a multiple of 32), and the same normalised.
torch::Tensor detector_pixels(const ImageRGB& image, int input_size = kDetectorInputSize);
torch::Tensor detector_input(const ImageRGB& image, int input_size = kDetectorInputSize);

}  // namespace facellava::perception
