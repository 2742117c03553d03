#!/usr/bin/env python3
"""Checks a COCO keypoints JSON against the official field rules
(cocodataset.org/#format-data): images {id, width, height, file_name},
annotations {id, image_id, category_id, bbox [x, y, w, h], area, iscrowd,
keypoints [x, y, v] * K, num_keypoints}, categories {id, name, keypoints,
skeleton}; ids unique, references resolving; every file_name an existing
image (relative to the JSON's folder) that FFmpeg decodes at the stated size.

    coco_check.py FILE.json [--expect-images N]

Exit 0 when it holds, 1 with every problem listed otherwise.
"""
import json
import os
import subprocess
import sys

problems = []


def need(condition, message):
    if not condition:
        problems.append(message)
    return condition


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def decoded_size(path):
    """Width and height as ffprobe decodes the file (FFmpeg, an independent reader)."""
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "stream=width,height", "-of", "json", path],
        capture_output=True, text=True)
    if out.returncode != 0:
        return None
    streams = json.loads(out.stdout).get("streams", [])
    return (streams[0]["width"], streams[0]["height"]) if streams else None


def unique_ids(items, what):
    ids = [item.get("id") for item in items]
    need(all(isinstance(i, int) and not isinstance(i, bool) for i in ids), f"{what}: ids not integers")
    need(len(ids) == len(set(ids)), f"{what}: ids repeated")
    return set(ids)


def main():
    path = sys.argv[1]
    expect = None
    if "--expect-images" in sys.argv:
        expect = int(sys.argv[sys.argv.index("--expect-images") + 1])
    base = os.path.dirname(os.path.abspath(path))
    with open(path) as f:
        coco = json.load(f)
    for key in ("images", "annotations", "categories"):
        need(isinstance(coco.get(key), list), f"'{key}' missing or not a list")
    images = coco.get("images", [])
    annotations = coco.get("annotations", [])
    categories = coco.get("categories", [])

    image_ids = unique_ids(images, "images")
    sizes = {}
    for image in images:
        for key in ("id", "width", "height", "file_name"):
            need(key in image, f"image {image.get('id')}: no '{key}'")
        name = image.get("file_name", "")
        need(isinstance(name, str) and name, f"image {image.get('id')}: file_name empty")
        file = name if os.path.isabs(name) else os.path.join(base, name)
        if need(os.path.isfile(file), f"image {image.get('id')}: {file} does not exist"):
            size = decoded_size(file)
            need(size == (image.get("width"), image.get("height")),
                 f"image {image.get('id')}: {file} decodes as {size}, the JSON says "
                 f"{image.get('width')}x{image.get('height')}")
        sizes[image.get("id")] = (image.get("width", 0), image.get("height", 0))
    if expect is not None:
        need(len(images) == expect, f"{len(images)} images, expected {expect}")

    category_ids = unique_ids(categories, "categories")
    keypoint_count = {}
    for category in categories:
        for key in ("id", "name", "keypoints", "skeleton"):
            need(key in category, f"category {category.get('id')}: no '{key}'")
        names = category.get("keypoints", [])
        keypoint_count[category.get("id")] = len(names)
        for edge in category.get("skeleton", []):
            need(isinstance(edge, list) and len(edge) == 2 and
                 all(isinstance(i, int) and 1 <= i <= len(names) for i in edge),
                 f"category {category.get('id')}: skeleton edge {edge} is not two 1-based indices")

    unique_ids(annotations, "annotations")
    for a in annotations:
        aid = a.get("id")
        for key in ("id", "image_id", "category_id", "bbox", "area", "iscrowd", "keypoints",
                    "num_keypoints"):
            need(key in a, f"annotation {aid}: no '{key}'")
        need(a.get("image_id") in image_ids, f"annotation {aid}: image_id does not resolve")
        need(a.get("category_id") in category_ids, f"annotation {aid}: category_id does not resolve")
        bbox = a.get("bbox", [])
        if need(isinstance(bbox, list) and len(bbox) == 4 and all(is_number(v) for v in bbox),
                f"annotation {aid}: bbox is not 4 numbers"):
            need(bbox[2] >= 0 and bbox[3] >= 0, f"annotation {aid}: bbox has negative size")
            need(is_number(a.get("area")) and abs(a["area"] - bbox[2] * bbox[3]) <=
                 1e-3 * max(1.0, a["area"]), f"annotation {aid}: area is not w * h")
        need(a.get("iscrowd") in (0, 1), f"annotation {aid}: iscrowd not 0 or 1")
        keypoints = a.get("keypoints", [])
        k = keypoint_count.get(a.get("category_id"), 0)
        if need(isinstance(keypoints, list) and len(keypoints) == 3 * k,
                f"annotation {aid}: {len(keypoints)} keypoint values, expected 3 * {k}"):
            visible = [keypoints[i + 2] for i in range(0, len(keypoints), 3)]
            need(all(v in (0, 1, 2) for v in visible), f"annotation {aid}: visibility not 0/1/2")
            need(a.get("num_keypoints") == sum(1 for v in visible if v > 0),
                 f"annotation {aid}: num_keypoints is not the labelled points' count")
    if problems:
        print("\n".join(f"{path}: {p}" for p in problems))
        return 1
    print(f"{path}: COCO ok ({len(images)} images, {len(annotations)} annotations)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
