#!/usr/bin/env python3
"""Checks `session export --format faces-csv` on the session that
tests/core/test_export_files.cpp (ExportSession) makes from known values:
one row per face and analysed frame of the video (face 0 at frames 0, 2, 4;
face 1 at 2 and 4), a no-face row for frame 5, one row for the still; box,
time, expression, age and gender as stored (happy = 0.1·frame + 0.05·face).

    session_faces_csv_check.py faces.csv VIDEO STILL
"""
import csv
import sys

problems = []


def need(condition, message):
    if not condition:
        problems.append(message)


def close(cell, value, tolerance):
    return cell != "" and abs(float(cell) - value) <= tolerance


def main():
    path, video, still = sys.argv[1:4]
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    got = sorted((r["input"], int(r["frame"]), int(r["face_id"]), int(r["success"])) for r in rows)
    want = sorted([(video, 0, 0, 1), (video, 2, 0, 1), (video, 2, 1, 1), (video, 4, 0, 1),
                   (video, 4, 1, 1), (video, 5, -1, 0), (still, 0, 0, 1)])
    need(got == want, f"rows (input, frame, face_id, success) are {got}, expected {want}")
    for r in rows:
        where = f"{r['input']} frame {r['frame']} face {r['face_id']}"
        if r["success"] != "1":
            need(r["happy"] == "" and r["face_x"] == "", f"{where}: a no-face row has values")
            need(close(r["timestamp"], int(r["frame"]) / 10.0, 1e-3), f"{where}: timestamp")
            continue
        frame, face = int(r["frame"]), int(r["face_id"])
        happy = 0.1 * frame + 0.05 * face
        need(close(r["happy"], happy, 1e-4), f"{where}: happy {r['happy']}, expected {happy}")
        need(close(r["neutral"], 1 - happy, 1e-4), f"{where}: neutral {r['neutral']}")
        need(close(r["sad"], 0.0, 1e-4), f"{where}: sad {r['sad']}")
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
