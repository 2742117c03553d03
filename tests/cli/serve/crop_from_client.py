"""`facellava serve --crop-from blazeface` cuts Face-LLaVA's crop where
`facellava analyze --crop-from blazeface` does: for every demo photo, the
"authors_crop" of each face /v1/faces reports equals analyze's for the same
face (the crop the answers are asked about; docs/CSV.md, Face-LLaVA columns).

usage: crop_from_client.py FACELLAVA PHOTO_DIR   (FACELLAVA_SERVE_URL set)
"""
import glob
import json
import os
import subprocess
import sys

import serve_common as sc


def crops(doc):
    faces = [f for frame in doc["frames"] for f in frame["faces"] if f.get("success", True)]
    return [(f["face_id"], f.get("authors_crop")) for f in faces]


def analyze(facellava, photo, crop_from):
    run = subprocess.run([facellava, "analyze", "--quiet", "--crop-from", crop_from, photo],
                         capture_output=True, text=True, timeout=300, check=True)
    return crops(json.loads(run.stdout))


def main():
    facellava = sys.argv[1]
    photos = sorted(glob.glob(os.path.join(sys.argv[2], "*.jpg")))
    assert photos, f"no photos in {sys.argv[2]}"
    compared = moved = 0
    for photo in photos:
        with open(photo, "rb") as f:
            status, served = sc.request("POST", "/v1/faces", f.read(),
                                        {"Content-Type": "image/jpeg"})
        assert status == 200, f"/v1/faces {photo}: {status} {served}"
        ours, theirs = crops(served), analyze(facellava, photo, "blazeface")
        assert ours == theirs, f"{photo}: serve {ours} != analyze {theirs}"
        detector = analyze(facellava, photo, "detector")
        moved += sum(a != b for a, b in zip(ours, detector))
        compared += len(ours)
    # Some crops differ from the detector's: the option took effect in both.
    assert compared > 0 and moved > 0, f"{compared} faces, {moved} crops from BlazeFace boxes"
    print(f"{compared} faces, {moved} cut from BlazeFace boxes: serve and analyze agree")


if __name__ == "__main__":
    main()
