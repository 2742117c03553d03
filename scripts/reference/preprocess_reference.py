#!/usr/bin/env python3
"""Reference values for tests/model/test_image_preprocess.cpp.

Written from the authors' processors (Face-LLaVA facellava/mm_utils.py,
facellava/model/multimodal_encoder/languagebind/{image,video}/processing_*.py)
with only Pillow and numpy, so the C++ test checks LibTorch against an
independent implementation:
  * torch's antialiased bicubic (torchvision >= 0.17 Resize on a float tensor)
    is Keys' cubic with a = -0.5 and support scaled by the downscale factor,
    the same filter as Pillow's BICUBIC; Pillow's 'F' mode resizes float32
    planes without any 8-bit rounding, so it stands in for it here;
  * torch's bilinear (align_corners=False, no antialias) is written out below;
  * sizes, crop offsets and frame indices follow the Python sources literally.
Run with Debian's interpreter: /usr/bin/python3 scripts/reference/preprocess_reference.py
"""
import math

import numpy as np
from PIL import Image

MEAN = (0.48145466, 0.4578275, 0.40821073)  # OPENAI_DATASET_MEAN
STD = (0.26862954, 0.26130258, 0.27577711)  # OPENAI_DATASET_STD


def pixel(y, x, c):
    """Deterministic test pattern; the C++ test builds the same images."""
    return (y * 53 + x * 29 + c * 71 + ((x * y) % 7) * 17) % 256


def rgb_image(h, w):
    a = np.zeros((h, w, 3), np.uint8)
    for y in range(h):
        for x in range(w):
            for c in range(3):
                a[y, x, c] = pixel(y, x, c)
    return a


def torchvision_short_side(h, w, size):
    # torchvision.transforms.functional._compute_resized_output_size
    short, long = (w, h) if w <= h else (h, w)
    new_short, new_long = size, int(size * long / short)
    new_w, new_h = (new_short, new_long) if w <= h else (new_long, new_short)
    return new_h, new_w


def pytorchvideo_short_side(h, w, size):
    # pytorchvideo.transforms.functional.short_side_scale
    if w < h:
        return int(math.floor((float(h) / w) * size)), size
    return size, int(math.floor((float(w) / h) * size))


def centre_offset(length, crop):
    # torchvision center_crop / _functional_video.center_crop: Python's round
    return int(round((length - crop) / 2.0))


def bicubic_aa(plane, new_h, new_w):
    img = Image.fromarray(np.asarray(plane, np.float32), mode="F")
    return np.asarray(img.resize((new_w, new_h), Image.BICUBIC), np.float32)


def bilinear(plane, new_h, new_w):
    # torch upsample_bilinear2d, align_corners=False, size given (no scale)
    def axis(n_in, n_out):
        scale = np.float32(n_in) / np.float32(n_out)
        src = (np.arange(n_out, dtype=np.float32) + np.float32(0.5)) * scale - np.float32(0.5)
        src = np.maximum(src, 0)
        i0 = src.astype(np.int64)
        lam = src - i0
        i1 = np.minimum(i0 + 1, n_in - 1)
        return i0, i1, lam

    y0, y1, ly = axis(plane.shape[0], new_h)
    x0, x1, lx = axis(plane.shape[1], new_w)
    p = np.asarray(plane, np.float64)
    top = p[y0][:, x0] * (1 - lx) + p[y0][:, x1] * lx
    bottom = p[y1][:, x0] * (1 - lx) + p[y1][:, x1] * lx
    return (top * (1 - ly)[:, None] + bottom * ly[:, None]).astype(np.float32)


def expand2square(pil_img, background_color):  # facellava/mm_utils.py
    width, height = pil_img.size
    if width == height:
        return pil_img
    if width > height:
        result = Image.new(pil_img.mode, (width, width), background_color)
        result.paste(pil_img, (0, (width - height) // 2))
        return result
    result = Image.new(pil_img.mode, (height, height), background_color)
    result.paste(pil_img, ((height - width) // 2, 0))
    return result


def normalise(chw):
    m = np.asarray(MEAN, np.float32)[:, None, None]
    s = np.asarray(STD, np.float32)[:, None, None]
    return (chw - m) / s


def authors_image(rgb, size, pad):
    img = Image.fromarray(rgb, "RGB")
    if pad:
        img = expand2square(img, tuple(int(x * 255) for x in MEAN))
    chw = np.asarray(img, np.float32).transpose(2, 0, 1) / np.float32(255)  # ToTensor
    h, w = chw.shape[1:]
    nh, nw = torchvision_short_side(h, w, size)
    if (nh, nw) != (h, w):
        chw = np.stack([bicubic_aa(p, nh, nw) for p in chw])
    t, l = centre_offset(nh, size), centre_offset(nw, size)
    return normalise(chw[:, t:t + size, l:l + size])


def authors_video(frames, size):
    # frames: list of (H, W, 3) uint8 → (3, T, S, S)
    x = np.stack(frames).astype(np.float32).transpose(3, 0, 1, 2) / np.float32(255)
    m = np.asarray(MEAN, np.float32)[:, None, None, None]
    s = np.asarray(STD, np.float32)[:, None, None, None]
    x = (x - m) / s  # NormalizeVideo comes before the resize
    h, w = x.shape[2:]
    nh, nw = pytorchvideo_short_side(h, w, size)
    x = np.stack([np.stack([bilinear(p, nh, nw) for p in c]) for c in x])
    t, l = centre_offset(nh, size), centre_offset(nw, size)
    return x[:, :, t:t + size, l:l + size]


def show(name, a):
    flat = ", ".join(f"{v:.7g}f" for v in np.asarray(a, np.float64).ravel())
    print(f"// {name}: shape {tuple(np.shape(a))}\n{{{flat}}}\n")


def main():
    print("pad colour", tuple(int(x * 255) for x in MEAN))
    sq = np.asarray(expand2square(Image.fromarray(rgb_image(2, 4), "RGB"),
                                  tuple(int(x * 255) for x in MEAN)))
    show("expand2square(2x4) channel 0", sq[:, :, 0])
    sq = np.asarray(expand2square(Image.fromarray(rgb_image(5, 2), "RGB"),
                                  tuple(int(x * 255) for x in MEAN)))
    show("expand2square(5x2) channel 1", sq[:, :, 1])

    plane = rgb_image(7, 11)[:, :, 0].astype(np.float32) / np.float32(255)
    print("downscale 7x11 -> short side 4:", torchvision_short_side(7, 11, 4))
    show("bicubic_aa(7x11 plane)", bicubic_aa(plane, *torchvision_short_side(7, 11, 4)))
    plane = rgb_image(3, 2)[:, :, 2].astype(np.float32) / np.float32(255)
    print("upscale 3x2 -> short side 5:", torchvision_short_side(3, 2, 5))
    show("bicubic_aa(3x2 plane)", bicubic_aa(plane, *torchvision_short_side(3, 2, 5)))

    show("authors_image(8x15, 4, pad=False)", authors_image(rgb_image(8, 15), 4, False))
    show("authors_image(5x3, 4, pad=True)", authors_image(rgb_image(5, 3), 4, True))
    frames = [rgb_image(4, 9), np.roll(rgb_image(4, 9), 1, axis=1)]
    show("authors_video(2 x 4x9, 3)", authors_video(frames, 3))

    for length, crop in [(7, 4), (8, 4), (9, 4), (10, 4), (11, 4), (229, 224), (231, 224)]:
        print("centre_offset", length, crop, centre_offset(length, crop))
    for h, w, s in [(7, 11, 4), (11, 7, 4), (480, 640, 224), (256, 455, 224), (49, 100, 224)]:
        print("sizes", h, w, s, "tv", torchvision_short_side(h, w, s),
              "ptv", pytorchvideo_short_side(h, w, s))
    # A shape where the two short-side formulas disagree (float rounding).
    for w in range(1, 400):
        for h in range(w + 1, 2 * w):
            if torchvision_short_side(h, w, 224) != pytorchvideo_short_side(h, w, 224):
                print("differ", h, w, torchvision_short_side(h, w, 224),
                      pytorchvideo_short_side(h, w, 224))
                break
        else:
            continue
        break
    for n, k in [(3, 8), (8, 8), (20, 8), (1, 8), (6, 8)]:
        print("linspace", n, k, list(np.linspace(0, n - 1, k, dtype=int)))


if __name__ == "__main__":
    main()
