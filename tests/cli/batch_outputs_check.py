#!/usr/bin/env python3
"""Checks the pictures of `batch --save-crops --overlay-video` against the
job's faces.csv, decoding everything with the FFmpeg command-line tools (an
independent reader):
  - crops: one OUT/crops/<stem>/frame<NNNNNN>_face<ID>.jpg per faces.csv row
    with success 1, each a 256 x 256 image;
  - overlay: OUT/overlay/<video stem>.mp4 has the source's frame count and
    size; along the first face's box its pixels differ from the source's (the
    box is drawn), far from every face they do not (a copy, not a new picture);
  - with --jsonl FILE: `analyze --jsonl` output, one frame object per line.

    batch_outputs_check.py OUT VIDEO [--jsonl FILE FRAMES [--frame-base N]
                                      [--expression-names faceapi|pyfeat]]

With --frame-base 1 the lines' frames count from 1 (OpenFace's numbering);
with --expression-names pyfeat each face's expression keys are py-feat's
words in its column order (docs/CSV.md).
"""
import csv
import glob
import json
import os
import subprocess
import sys

problems = []


def need(condition, message):
    if not condition:
        problems.append(message)
    return condition


# The seven expression keys in column order (docs/CSV.md, "Expression names").
EXPRESSION_KEYS = {
    "faceapi": ["neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised"],
    "pyfeat": ["anger", "disgust", "fear", "happiness", "sadness", "surprise", "neutral"],
}


def option(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def probe(path, count_frames=False):
    args = ["ffprobe", "-v", "error", "-select_streams", "v:0"]
    if count_frames:
        args += ["-count_frames"]
    args += ["-show_entries", "stream=width,height,nb_read_frames", "-of", "json", path]
    out = subprocess.run(args, capture_output=True, text=True)
    if out.returncode != 0:
        return None
    return json.loads(out.stdout)["streams"][0]


def frame_rgb(path, index, width, height):
    out = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", path, "-vf", f"select=eq(n\\,{index})", "-vframes", "1",
         "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True)
    data = out.stdout
    return data if len(data) == width * height * 3 else None


def mean_difference(a, b, width, pixels):
    total = 0
    for x, y in pixels:
        i = (y * width + x) * 3
        total += sum(abs(a[i + c] - b[i + c]) for c in range(3)) / 3
    return total / max(1, len(pixels))


def main():
    out_dir, video = sys.argv[1], sys.argv[2]
    with open(os.path.join(out_dir, "faces.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    faces = [r for r in rows if r["success"] == "1"]
    need(faces, "faces.csv has no face")

    # Crops: exactly one per face row, 256 x 256, decodable.
    expected = set()
    for r in faces:
        stem = os.path.splitext(r["input"])[0]
        expected.add(os.path.join(out_dir, "crops", stem,
                                  f"frame{int(r['frame']):06d}_face{int(r['face_id'])}.jpg"))
    found = set(glob.glob(os.path.join(out_dir, "crops", "**", "*.jpg"), recursive=True))
    need(found == expected, f"crops {sorted(found - expected)[:3]} not in faces.csv, "
                            f"{sorted(expected - found)[:3]} missing")
    for path in sorted(found & expected):
        s = probe(path)
        need(s and (s["width"], s["height"]) == (256, 256), f"{path}: decodes as {s}")
    need(not glob.glob(os.path.join(out_dir, "**", "*.partial*"), recursive=True),
         "a .partial file or folder was left behind")

    # Overlay: same frames and size as the source; the box drawn, the rest a copy.
    stem = os.path.splitext(os.path.basename(video))[0]
    overlay = os.path.join(out_dir, "overlay", stem + ".mp4")
    source_info, overlay_info = probe(video, True), probe(overlay, True)
    if need(source_info and overlay_info, f"cannot probe {video} or {overlay}"):
        for key in ("width", "height", "nb_read_frames"):
            need(source_info[key] == overlay_info[key],
                 f"overlay {key} {overlay_info[key]}, source {source_info[key]}")
        width, height = source_info["width"], source_info["height"]
        first = [r for r in faces if r["input"] == os.path.basename(video) and r["frame"] == "0"]
        if need(first, f"no face in frame 0 of {video} in faces.csv"):
            r = first[0]
            x0, y0 = int(float(r["face_x"])), int(float(r["face_y"]))
            x1, y1 = x0 + int(float(r["face_w"])), y0 + int(float(r["face_h"]))
            inside = lambda x, y: 0 <= x < width and 0 <= y < height
            edge = [(x, y) for x in range(x0, x1 + 1) for y in (y0, y1) if inside(x, y)]
            edge += [(x, y) for y in range(y0, y1 + 1) for x in (x0, x1) if inside(x, y)]
            # Far from every face of frame 0 and its caption (above or below the
            # box, up to ~200 px wide), with a margin for the codec's blocks.
            boxes = [(float(f["face_x"]), float(f["face_y"]), float(f["face_w"]),
                      float(f["face_h"])) for f in first]
            far = [(x, y) for y in range(0, height, 4) for x in range(0, width, 4)
                   if all(not (bx - bw - 16 <= x <= bx + 2 * bw + 200 and
                               by - bh - 48 <= y <= by + 2 * bh + 48)
                          for bx, by, bw, bh in boxes)]
            a, b = frame_rgb(video, 0, width, height), frame_rgb(overlay, 0, width, height)
            if need(a and b and edge and far, "cannot decode frame 0 of both videos"):
                on_box = mean_difference(a, b, width, edge)
                away = mean_difference(a, b, width, far)
                need(on_box > 40, f"along the face box the overlay differs by {on_box:.1f} only")
                need(away < 8, f"far from the faces the overlay differs by {away:.1f}")
                print(f"overlay vs source, mean |difference|: box outline {on_box:.1f}, "
                      f"away from faces {away:.1f}")

    if "--jsonl" in sys.argv:
        i = sys.argv.index("--jsonl")
        path, frames = sys.argv[i + 1], int(sys.argv[i + 2])
        with open(path) as f:
            lines = [line for line in f.read().split("\n") if line]
        need(len(lines) == frames, f"{path}: {len(lines)} lines, expected {frames} frames")
        base = int(option("--frame-base", "0"))
        expression_keys = EXPRESSION_KEYS[option("--expression-names", "faceapi")]
        faces_seen = 0
        for n, line in enumerate(lines):
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                need(False, f"{path} line {n + 1}: not JSON ({e})")
                continue
            need(isinstance(obj, dict) and obj.get("frame") == n + base and "faces" in obj,
                 f"{path} line {n + 1}: not frame {n + base}'s object")
            for face in obj.get("faces", []) if isinstance(obj, dict) else []:
                faces_seen += 1
                keys = list(face.get("expression", {}).keys())
                need(keys == expression_keys,
                     f"{path} line {n + 1}: expression keys {keys}, expected {expression_keys}")
        need(faces_seen > 0, f"{path}: no face, so the expression names went unchecked")
    if problems:
        print("\n".join(problems))
        return 1
    print(f"{out_dir}: {len(found)} crops and the overlay decode as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
