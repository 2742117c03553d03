#!/usr/bin/env python3
"""faces.csv as OpenFace-trained pandas scripts read it (docs/CSV.md, issue #27).

Runs `facellava batch` on the demo photos twice: with the defaults, and with
--frame-base 1 --expression-names pyfeat. Reads faces.csv with pandas, selects
the columns OpenFace scripts select by name, and checks units and ranges:
radians within ±π, the head centre 200–5000 mm in front of the camera, frames
from 1; pose_R* rebuild the rotation our degrees describe (explicit matrices
here, both conventions); pose_Tz agrees with the eye-corner distance seen
through OpenFace's focal-length guess; the two runs differ only in the frame
number and the expression names; metadata.json records both settings, and a
rerun with another frame base is refused (it would mix numberings).

usage: openface_pandas_check.py FACELLAVA PHOTO_DIR WORK_DIR
Exit 77 (ctest: skipped) when pandas is missing.
"""
import json
import math
import os
import shutil
import subprocess
import sys

try:
    import numpy as np
    import pandas as pd
except ImportError as e:  # pragma: no cover
    print(f"skipped: {e} (install Debian's python3-pandas)")
    sys.exit(77)

# OpenFace 2.2's action units with a presence column.
OPENFACE_AUS = [1, 2, 4, 5, 6, 7, 9, 10, 12, 14, 15, 17, 20, 23, 25, 26, 28, 45]
FACEAPI_TO_PYFEAT = {"neutral": "neutral", "happy": "happiness", "sad": "sadness",
                     "angry": "anger", "fearful": "fear", "disgusted": "disgust",
                     "surprised": "surprise"}
PYFEAT_ORDER = ["anger", "disgust", "fear", "happiness", "sadness", "surprise", "neutral"]
# Outer eye corners of our mean face (core/src/faces/head_pose.cpp), mm.
EYE_CORNERS_MM = 90.0

failures = []


def check(ok, message):
    if not ok:
        failures.append(message)


def batch(facellava, photos, out, *extra):
    cmd = [facellava, "batch", photos, "-o", out, "--glob", "*.jpg", "--quiet", *extra]
    return subprocess.run(cmd, capture_output=True, text=True)


def rx(a):
    c, s = math.cos(a), math.sin(a)
    return np.array([[1, 0, 0], [0, c, -s], [0, s, c]])


def ry(a):
    c, s = math.cos(a), math.sin(a)
    return np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])


def rz(a):
    c, s = math.cos(a), math.sin(a)
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])


def main():
    facellava, photos, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    plain_dir = os.path.join(work, "plain")
    openface_dir = os.path.join(work, "openface")
    for out, extra in ((plain_dir, []),
                       (openface_dir, ["--frame-base", "1", "--expression-names", "pyfeat"])):
        run = batch(facellava, photos, out, *extra)
        if run.returncode != 0:
            sys.exit(f"facellava batch {' '.join(extra)} exited {run.returncode}:\n"
                     f"{run.stdout}{run.stderr}")

    # As OpenFace-trained scripts read it (skipinitialspace also reads the
    # " frame, face_id" headers of older OpenFace files).
    df = pd.read_csv(os.path.join(openface_dir, "faces.csv"), skipinitialspace=True)
    landmarks = [f"x_{i}" for i in range(68)] + [f"y_{i}" for i in range(68)]
    pose_t = ["pose_Tx", "pose_Ty", "pose_Tz"]
    pose_r = ["pose_Rx", "pose_Ry", "pose_Rz"]
    selected = df[["frame", "face_id", "timestamp", "confidence", "success",
                   *pose_t, *pose_r, *landmarks]]
    aus = df.filter(regex=r"^AU\d+_c$")
    if "llava_action_units" in df.columns:
        check(list(aus.columns) == [f"AU{n:02d}_c" for n in OPENFACE_AUS],
              f"AU presence columns {list(aus.columns)}")
        check((aus.isin([0, 1]) | aus.isna()).all().all(), "AU cells not 0, 1 or empty")
    else:
        check(aus.empty, f"AU columns without the action-units task: {list(aus.columns)}")

    meta = json.load(open(os.path.join(openface_dir, "metadata.json")))
    check(meta["settings"]["frame_base"] == 1, "metadata settings.frame_base is not 1")
    check(meta["settings"]["expression_names"] == "pyfeat", "settings.expression_names")
    sizes = {f["input"]: (f["width"], f["height"]) for f in meta["files"] if "width" in f}
    check(meta["counts"]["analysed"] == len(sizes) > 0, "no demo photo analysed")

    check((selected.frame >= 1).all(), "a frame number below 1 with --frame-base 1")
    check(set(selected.success.unique()) <= {0, 1}, "success is not 0/1")
    faces = df[df.success == 1]
    check(len(faces) > 0, "no face found in the demo photos")
    fitted = faces.dropna(subset=pose_r + ["pose_yaw"])
    check(len(fitted) > 0, "no face has a pose")
    # Failed frames and failed fits leave every pose cell empty.
    check(df[df.success == 0][pose_t + pose_r].isna().all().all(), "pose on a no-face row")
    check(faces[faces.pose_yaw.isna()][pose_t + pose_r].isna().all().all(),
          "OpenFace pose without our pose")

    worst_rebuild = worst_mapping = 0.0
    one_axis = 0
    for _, f in fitted.iterrows():
        r = [f.pose_Rx, f.pose_Ry, f.pose_Rz]
        check(all(-math.pi <= a <= math.pi for a in r), f"radians out of ±π: {r}")
        check(abs(f.pose_Ry) <= math.pi / 2 + 1e-4, f"|Ry| > π/2: {f.pose_Ry}")
        check(200.0 <= f.pose_Tz <= 5000.0, f"pose_Tz {f.pose_Tz} mm is no head distance")
        check(abs(f.pose_Tx) < 5000 and abs(f.pose_Ty) < 5000, "pose_Tx/Ty out of range")
        # Ours: R = Ry(−yaw) · Rx(−pitch) · Rz(roll); OpenFace: Rx · Ry · Rz.
        yaw, pitch, roll = (math.radians(f[c]) for c in ("pose_yaw", "pose_pitch", "pose_roll"))
        ours = ry(-yaw) @ rx(-pitch) @ rz(roll)
        theirs = rx(f.pose_Rx) @ ry(f.pose_Ry) @ rz(f.pose_Rz)
        worst_rebuild = max(worst_rebuild, float(np.abs(ours - theirs).max()))
        # The documented mapping: OpenFace's angles are those of R read as
        # Rx · Ry · Rz (Utilities::RotationMatrix2Euler).
        want = (math.atan2(-ours[1, 2], ours[2, 2]), math.asin(ours[0, 2]),
                math.atan2(-ours[0, 1], ours[0, 0]))
        for got, expected in zip(r, want):
            worst_mapping = max(worst_mapping, abs(got - expected))
        # A turn about mainly one axis: Rx = −pitch, Ry = −yaw, Rz = +roll.
        for got, angle, sign, others in ((f.pose_Rx, pitch, -1, (yaw, roll)),
                                         (f.pose_Ry, yaw, -1, (pitch, roll)),
                                         (f.pose_Rz, roll, 1, (yaw, pitch))):
            if max(abs(o) for o in others) < math.radians(8) and abs(angle) > math.radians(3):
                one_axis += 1
                check(abs(got - sign * angle) < 0.05, f"one-axis turn {angle}: pose_R {got}")
        # Millimetres through OpenFace's lens: a face whose outer eye corners
        # lie d px apart is about f · 90 mm / d away (less as it turns).
        width, height = sizes[f["input"]]
        focal = (500.0 * width / 640.0 + 500.0 * height / 480.0) / 2.0
        d = math.hypot(f.x_45 - f.x_36, f.y_45 - f.y_36)
        if abs(f.pose_yaw) < 30 and abs(f.pose_pitch) < 30 and d > 0:
            ratio = f.pose_Tz / (focal * EYE_CORNERS_MM / d)
            check(0.7 <= ratio <= 1.5, f"pose_Tz {f.pose_Tz} vs eye corners: ratio {ratio:.2f}")
    check(worst_rebuild < 2e-3, f"pose_R* rebuild our rotation only within {worst_rebuild}")
    check(worst_mapping < 1e-3, f"pose_R* differ from the mapped degrees by {worst_mapping}")

    # Against the default run: only the frame number and the expression names differ.
    plain = pd.read_csv(os.path.join(plain_dir, "faces.csv"), dtype=str, keep_default_na=False)
    other = pd.read_csv(os.path.join(openface_dir, "faces.csv"), dtype=str,
                        keep_default_na=False)
    check(len(plain) == len(other), "the two runs have different row counts")
    check((other.frame.astype(int) == plain.frame.astype(int) + 1).all(), "frame base 1 ≠ 0 + 1")
    block = list(other.columns[list(other.columns).index("brow_raise_left") + 1:][:7])
    check(block == PYFEAT_ORDER, f"pyfeat expression columns {block}")
    renamed = plain.rename(columns=FACEAPI_TO_PYFEAT)
    for column in plain.columns:
        if column == "frame":
            continue
        name = FACEAPI_TO_PYFEAT.get(column, column)
        check((renamed[name] == other[name]).all(), f"column {column} differs between runs")
    plain_meta = json.load(open(os.path.join(plain_dir, "metadata.json")))
    check(plain_meta["settings"]["frame_base"] == 0, "default frame_base is not 0")

    # Resuming with another numbering is refused, naming the setting.
    again = batch(facellava, photos, openface_dir, "--expression-names", "pyfeat")
    check(again.returncode != 0 and "frame_base" in again.stderr,
          f"a rerun with frame base 0 into a frame-base-1 job: exit {again.returncode}, "
          f"{again.stderr.strip()}")

    print(f"{len(df)} rows, {len(fitted)} fitted faces from {len(sizes)} photos; "
          f"OpenFace R rebuilds ours within {worst_rebuild:.1e}, mapped degrees within "
          f"{worst_mapping:.1e} rad; {one_axis} one-axis turns")
    if failures:
        print("\n".join(f"FAIL: {m}" for m in failures[:40]))
        sys.exit(1)


if __name__ == "__main__":
    main()
