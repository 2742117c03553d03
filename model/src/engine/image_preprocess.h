// Pixels → the tensors the vision towers expect, as the authors' processors
// make them (FACELLAVA_SPEC §6; docs/MODELS.md "Preprocessing").
//
// What the authors' code does (github ihp-lab/Face-LLaVA at acecbec; paths
// under facellava/ unless named; LanguageBind's processors are copied there):
//   image (model/multimodal_encoder/languagebind/image/processing_image.py):
//     1. pad, only when image_aspect_ratio == "pad" (train/train.py:768-769,
//        mm_utils.py:28-40; the released finetune script passes `pad`,
//        inference.py:127 calls the processor directly and never pads):
//        expand2square (mm_utils.py:14-25) pastes the 8-bit image on a square
//        of tuple(int(x * 255) for x in image_mean) = (122, 116, 104), at
//        offset (long − short) // 2;
//     2. ToTensor (:20): uint8 → float32 / 255;
//     3. Resize(224, BICUBIC) (:21) on that float tensor: short side 224, long
//        side int(224 · long / short); skipped when the size is unchanged.
//        README.md:107 installs torch 2.5.1 with its torchvision (0.20), where
//        Resize antialiases tensors by default: torch's antialiased bicubic,
//        Keys' cubic a = −0.5 with the support widened by the downscale factor
//        (Pillow's filter), computed on floats, no clamping, no 8-bit rounding;
//     4. CenterCrop(224) (:22): offset int(round((len − 224) / 2)) (half to even);
//     5. Normalize(OPENAI mean, std) (:23): (x − mean) / std.
//   video (…/languagebind/video/processing_video.py, decord backend, the
//   tower's config: num_frames 8):
//     1. frames = np.linspace(0, n − 1, num_frames, dtype=int) over the n
//        frames of the (already face-cropped) video (:132): always num_frames,
//        indices repeat when n < num_frames;
//     2. / 255 (:48), NormalizeVideo (:49) — before the resize;
//     3. ShortSideScale(224) (:50, pytorchvideo): long side
//        floor((long / short) · 224), torch bilinear, align_corners = False,
//        no antialias;
//     4. CenterCropVideo(224) (:51): same half-to-even offset as above.
//   face crop (tools/crop_face.py): every frame at 24 fps (:36-49), frames
//     with one detected face only (:59-78), square crop resized to 256 with
//     cv2 (:115-141), the face frames re-encoded as the video (:162-173),
//     clip skipped when over 30 % fail (:185-189). So a video's num_frames
//     frames are spread over the frames that have a face (video_frames.h).
//
// Here: ImageResize::Authors does steps 1-5 exactly (LibTorch's antialiased
// bicubic is the kernel torchvision calls); video likewise. The
// FaceLLaVA-Nano tower (face-api nets, 112 px) was trained on the older path
// — the same resize on 0..255, pixels rounded to 8 bits, crop offset rounded
// down — and keeps it (ImageResize::RoundTo8Bit). "square" / "none" aspect
// ratios do not pad.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "facellava/core/image.h"
#include "torch_pch.h"
#include "vision/clip_hparams.h"

namespace facellava::model {

// CLIP's values by default; towers carry theirs (ImageTowerHParams::normalisation()).
using ClipNormalisation = PixelNormalisation;

// What happens to the resized image before normalising.
enum class ImageResize {
    Authors,      // floats throughout (the authors' image processor)
    RoundTo8Bit,  // resized on 0..255, rounded and clamped to 8 bits (Nano tower)
};

// (3, S, S) float32. pad_to_square: LLaVA's image_aspect_ratio == "pad".
torch::Tensor preprocess_image(const ImageRGB& image, int64_t size, bool pad_to_square,
                               const PixelNormalisation& norm = {},
                               ImageResize resize = ImageResize::Authors);
// (3, T, S, S) float32 from T frames (choose them with video_frames.h).
torch::Tensor preprocess_video(const std::vector<ImageRGB>& frames, int64_t size,
                               const PixelNormalisation& norm = {});

// (H, W, 3) uint8 → (3, H, W) float32 in [0, 255].
torch::Tensor image_to_chw_float(const ImageRGB& image);

// expand2square's fill: int(mean · 255) per channel, as LLaVA computes it.
std::array<uint8_t, 3> pad_colour(const PixelNormalisation& norm);

}  // namespace facellava::model
