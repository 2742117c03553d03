#!/usr/bin/env python3
"""Face-LLaVA's crop of BlazeFace boxes, checked against the authors' script.

Runs `facellava analyze --detector blazeface` on each photo and, for every
face, renders the crop arithmetic of the Face-LLaVA authors'
tools/crop_face.py (get_cropped_image_from_bb, margin_pct=0; github.com/
ihp-lab/Face-LLaVA) line by line from the reported MediaPipe pixel box, then
compares start_x, start_y, end_x, end_y with the "authors_crop" analyze
reports (our crop_face_square region) within 2 px.

The authors' tool keeps a frame only when MediaPipe finds exactly one face
(get_bb_from_image returns None otherwise); we crop every face, so photos with
several faces are checked face by face and the script says which ones the
authors' tool would have skipped.

usage: authors_crop_check.py FACELLAVA PHOTO [PHOTO ...]
"""
import json
import math
import subprocess
import sys

TOLERANCE_PX = 2


def authors_crop(width, height, face_bb_width, face_bb_height, face_bb_origin_x,
                 face_bb_origin_y, margin_pct=0):
    """tools/crop_face.py, get_cropped_image_from_bb, without the image I/O."""
    MARGIN_X = int((margin_pct / 100.) * face_bb_width)
    MARGIN_Y = int((margin_pct / 100.) * face_bb_height)
    MARGIN_X = min(MARGIN_X, face_bb_origin_x, width - face_bb_origin_x - face_bb_width)
    MARGIN_Y = min(MARGIN_Y, face_bb_origin_y, height - face_bb_origin_y - face_bb_height)
    MARGIN = min(MARGIN_X, MARGIN_Y)

    avg_size = (face_bb_width + face_bb_height) / 2
    start_x = int(max(0, face_bb_origin_x - MARGIN))
    start_y = int(max(0, face_bb_origin_y - MARGIN))
    end_x = int(min(face_bb_origin_x + avg_size + MARGIN, width - 1))
    end_y = int(min(face_bb_origin_y + avg_size + MARGIN, height - 1))
    return start_x, start_y, end_x, end_y  # image[start_y:end_y, start_x:end_x]


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    facellava, photos = sys.argv[1], sys.argv[2:]
    failures = []
    faces_checked = 0
    for photo in photos:
        run = subprocess.run([facellava, "analyze", "--detector", "blazeface", "--quiet", photo],
                             capture_output=True, text=True, timeout=300)
        if run.returncode != 0:
            failures.append(f"{photo}: analyze exited {run.returncode}: {run.stderr.strip()}")
            continue
        doc = json.loads(run.stdout)
        if doc["settings"].get("detector") not in (None, "blazeface"):
            failures.append(f"{photo}: settings name detector {doc['settings'].get('detector')}")
        width, height = doc["summary"]["width"], doc["summary"]["height"]
        faces = [f for frame in doc["frames"] for f in frame["faces"]]
        rule = "kept" if len(faces) == 1 else "skipped (the authors' tool needs exactly 1 face)"
        print(f"{photo}: {width}x{height}, {len(faces)} BlazeFace face(s); authors' tool: {rule}")
        for i, face in enumerate(faces):
            box = face["box"]
            x, y, w, h = box["x"], box["y"], box["w"], box["h"]
            # MediaPipe Tasks reports integer pixels (bounding_box.origin_x …).
            if not all(float(v).is_integer() for v in (x, y, w, h)):
                failures.append(f"{photo} face {i}: box {box} is not in whole pixels")
                continue
            x, y, w, h = int(x), int(y), int(w), int(h)
            expected = authors_crop(width, height, w, h, x, y)
            reported = face.get("authors_crop")
            print(f"  face {i}: box ({x}, {y}, {w}, {h}) score {face['confidence']}; "
                  f"crop_face.py {expected}, ours {reported}")
            if reported is None:
                failures.append(f"{photo} face {i}: no authors_crop reported")
                continue
            ours = (reported["x0"], reported["y0"], reported["x1"], reported["y1"])
            worst = max(abs(a - b) for a, b in zip(ours, expected))
            if worst > TOLERANCE_PX:
                failures.append(f"{photo} face {i}: crop {ours} vs crop_face.py {expected} "
                                f"({worst} px apart)")
            if not (expected[2] > expected[0] and expected[3] > expected[1]):
                failures.append(f"{photo} face {i}: crop_face.py gives an empty crop {expected}")
            faces_checked += 1
    if faces_checked == 0:
        failures.append("no face found on any photo")
    for f in failures:
        print("FAIL:", f)
    print(f"{faces_checked} face crop(s) checked, {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
