#!/usr/bin/env python3
"""Checks a `facellava convert --quantize` output folder against its source
folder from the safetensors headers alone (no torch): the layout of
docs/MODELS.md "Quantized weights", written down here independently.

    convert_quantize_check.py SOURCE_DIR OUT_DIR int8|int4 GROUP ZERO_POINTS(0|1)
"""
import json
import os
import re
import struct
import sys

# The LLM's linear layers (attention and MLP projections, lm_head); towers
# and adapters are not quantized.
QUANTIZABLE = re.compile(
    r"^(lm_head\.weight|model\.layers\.\d+\.(self_attn\.[qkvo]_proj|mlp\.(gate|up|down)_proj)\.weight)$")


def header(path):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        return json.loads(f.read(n))


def weight_files(folder):
    names = os.listdir(folder)
    return sorted(n for n in names if n.endswith(".safetensors") or
                  (n.startswith("pytorch_model") and n.endswith(".bin")) or n.endswith(".index.json"))


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def main():
    source, out, scheme, group, zero_points = sys.argv[1:6]
    group, zero_points = int(group), zero_points == "1"
    if weight_files(out) != ["model.safetensors"]:
        fail(f"{out} holds weight files {weight_files(out)}, expected model.safetensors alone")
    others = sorted(set(os.listdir(source)) - set(weight_files(source)))
    missing = [n for n in others if not os.path.exists(os.path.join(out, n))]
    if missing:
        fail(f"not copied from {source}: {missing}")
    for name in others:
        a, b = os.path.join(source, name), os.path.join(out, name)
        if os.path.isfile(a) and open(a, "rb").read() != open(b, "rb").read():
            fail(f"{name} differs from the source's")

    src = {}
    for name in weight_files(source):
        if name.endswith(".safetensors"):
            src.update({k: v for k, v in header(os.path.join(source, name)).items()
                        if k != "__metadata__"})
    if not src:
        fail(f"{source} has no safetensors weights to compare with")
    dst = header(os.path.join(out, "model.safetensors"))
    meta = json.loads(dst.get("__metadata__", {}).get("facellava.quantization", "null"))
    expected_meta = {"format": "facellava-quant/1", "scheme": scheme,
                     "group": group if scheme == "int4" else 0, "zero_points": zero_points,
                     "scale_dtype": "float16", "towers": False}
    if meta != expected_meta:
        fail(f"metadata {meta}, expected {expected_meta}")

    expected = {}
    quantized = 0
    for key, entry in src.items():
        shape = entry["shape"]
        if not QUANTIZABLE.match(key):
            expected[key] = (entry["dtype"], shape)
            continue
        quantized += 1
        rows, cols = shape
        groups = 1 if scheme == "int8" else -(-cols // group)
        if scheme == "int8":
            expected[key] = ("I8", [rows, cols])
        else:
            expected[key] = ("U8", [rows, (cols + 1) // 2])  # two nibbles a byte
        expected[key + "_scale"] = ("F16", [rows, groups])
        if zero_points:
            expected[key + "_zero"] = ("U8", [rows, groups])
    actual = {k: (v["dtype"], v["shape"]) for k, v in dst.items() if k != "__metadata__"}
    if actual != expected:
        extra = sorted(set(actual) - set(expected))[:5]
        lacking = sorted(set(expected) - set(actual))[:5]
        wrong = sorted(k for k in set(actual) & set(expected) if actual[k] != expected[k])[:5]
        fail(f"keys/dtypes differ: extra {extra}, missing {lacking}, wrong "
             f"{[(k, actual[k], expected[k]) for k in wrong]}")
    if quantized == 0:
        fail("no LLM linear weight in the source")
    # Data offsets cover the data section without gaps or overlaps.
    spans = sorted(tuple(v["data_offsets"]) for k, v in dst.items() if k != "__metadata__")
    end = 0
    for begin, stop in spans:
        if begin != end:
            fail(f"data offsets leave a gap or overlap at {begin}")
        end = stop
    print(f"ok: {quantized} linear weights {scheme}"
          f"{'' if scheme == 'int8' else f' g{group}'}{' zp' if zero_points else ''}, "
          f"{len(actual) - quantized * (2 + zero_points)} other tensors kept, "
          f"{len(others)} files copied")


if __name__ == "__main__":
    main()
