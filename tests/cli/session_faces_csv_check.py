#!/usr/bin/env python3
"""Checks `session export --format faces-csv` on the session that
tests/core/test_export_files.cpp (ExportSession) makes from known values:
one row per face and analysed frame of the video (face 0 at frames 0, 2, 4;
face 1 at 2 and 4), a no-face row for frame 5, one row for the still; box,
time, expression, age and gender as stored (happy = 0.1·frame + 0.05·face).

With --frame-base 1 every frame number is one more than stored (OpenFace's
numbering; the timestamps stay); with --expression-names pyfeat|rafdb the
expression columns carry py-feat's / RAF-DB's words (happiness for happy, …).

    session_faces_csv_check.py faces.csv VIDEO STILL [--frame-base N]
                               [--expression-names faceapi|pyfeat|rafdb]
"""
import argparse
import csv
import sys

problems = []


def need(condition, message):
    if not condition:
        problems.append(message)


def close(cell, value, tolerance):
    return cell != "" and abs(float(cell) - value) <= tolerance


# The three expressions the session stores values for, in each vocabulary
# (docs/CSV.md, "Expression names").
WORDS = {
    "faceapi": {"happy": "happy", "neutral": "neutral", "sad": "sad"},
    "pyfeat": {"happy": "happiness", "neutral": "neutral", "sad": "sadness"},
    "rafdb": {"happy": "happiness", "neutral": "neutral", "sad": "sadness"},
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("video")
    parser.add_argument("still")
    parser.add_argument("--frame-base", type=int, default=0)
    parser.add_argument("--expression-names", choices=sorted(WORDS), default="faceapi")
    args = parser.parse_args()
    path, video, still, base = args.path, args.video, args.still, args.frame_base
    words = WORDS[args.expression_names]
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    header = list(rows[0].keys()) if rows else []
    for word in words.values():
        need(word in header, f"no expression column {word}")
    others = set().union(*WORDS.values()) - set(words.values())
    need(not others & set(header), f"columns of another vocabulary: {sorted(others & set(header))}")
    if problems:
        print("\n".join(f"{path}: {p}" for p in problems))
        return 1
    got = sorted((r["input"], int(r["frame"]), int(r["face_id"]), int(r["success"])) for r in rows)
    want = sorted((name, frame + base, face, ok) for name, frame, face, ok in [
        (video, 0, 0, 1), (video, 2, 0, 1), (video, 2, 1, 1), (video, 4, 0, 1),
        (video, 4, 1, 1), (video, 5, -1, 0), (still, 0, 0, 1)])
    need(got == want, f"rows (input, frame, face_id, success) are {got}, expected {want}")
    for r in rows:
        where = f"{r['input']} frame {r['frame']} face {r['face_id']}"
        frame = int(r["frame"]) - base  # the stored frame
        if r["success"] != "1":
            need(r[words["happy"]] == "" and r["face_x"] == "",
                 f"{where}: a no-face row has values")
            need(close(r["timestamp"], frame / 10.0, 1e-3), f"{where}: timestamp")
            continue
        face = int(r["face_id"])
        happy = 0.1 * frame + 0.05 * face
        cell = r[words["happy"]]
        need(close(cell, happy, 1e-4), f"{where}: {words['happy']} {cell}, expected {happy}")
        need(close(r[words["neutral"]], 1 - happy, 1e-4),
             f"{where}: neutral {r[words['neutral']]}")
        need(close(r[words["sad"]], 0.0, 1e-4), f"{where}: {words['sad']} {r[words['sad']]}")
        need(close(r["face_x"], 10 + 30 * face, 0.05) and close(r["face_w"], 24, 0.05),
             f"{where}: box {r['face_x']} {r['face_w']}")
        need(close(r["x_0"], 10 + 30 * face, 0.05), f"{where}: x_0 {r['x_0']}")
        need(close(r["confidence"], 0.9, 0.005), f"{where}: confidence {r['confidence']}")
        need(close(r["age"], 31.5, 0.05), f"{where}: age {r['age']}")
        need(r["gender"] == "female" and close(r["gender_probability"], 0.75, 1e-4),
             f"{where}: gender {r['gender']} {r['gender_probability']}")
        if r["input"] == video:
            need(close(r["timestamp"], frame / 10.0, 1e-3), f"{where}: timestamp {r['timestamp']}")
    if problems:
        print("\n".join(f"{path}: {p}" for p in problems))
        return 1
    print(f"{path}: {len(rows)} rows as stored in the session")
    return 0


if __name__ == "__main__":
    sys.exit(main())
