#!/usr/bin/env python3
"""Summarise a Chrome trace written by `facellava bench --train-trace FILE`
(LibTorch's Kineto profiler) as one JSON object: where one step's GPU time
goes, by kernel and by the LibTorch operator that launched it, so the next
fusion is chosen from measurements. Standard library only.

Usage: trace_summary.py TRACE.json [--top N]
"""
import argparse
import collections
import json
import re
import sys


def short(name, limit=110):
    # Template arguments make kernel names unreadable; keep the head and the
    # functor (MulFunctor, CUDAFunctor_add, ...) that says what the kernel does.
    functors = re.findall(r"(\w+Functor\w*|\w+_kernel\w*|\w+Op\b)", name)
    head = re.sub(r"<.*", "", name).replace("void ", "")
    text = head + (" [" + ",".join(dict.fromkeys(functors)) + "]" if functors else "")
    return text[:limit]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("trace")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    try:
        events = json.load(open(args.trace))["traceEvents"]
    except (OSError, ValueError, KeyError) as e:
        print(json.dumps({"error": f"cannot read {args.trace}: {e}"}))
        return 1
    ops = {}  # External id -> the operator's name
    for e in events:
        if e.get("cat") == "cpu_op" and "External id" in e.get("args", {}):
            ops[e["args"]["External id"]] = e["name"]
    by_kernel = collections.defaultdict(lambda: [0.0, 0])
    by_op = collections.defaultdict(lambda: [0.0, 0])
    by_kind = collections.Counter()
    first, last, busy = None, None, 0.0
    for e in events:
        cat = e.get("cat", "")
        if cat not in ("kernel", "gpu_memcpy", "gpu_memset"):
            continue
        dur = float(e.get("dur", 0))
        start = float(e.get("ts", 0))
        first = start if first is None else min(first, start)
        last = start + dur if last is None else max(last, start + dur)
        busy += dur
        by_kind[cat] += dur
        k = by_kernel[short(e["name"])]
        k[0] += dur
        k[1] += 1
        op = ops.get(e.get("args", {}).get("External id"), "(no operator)")
        o = by_op[op]
        o[0] += dur
        o[1] += 1

    def table(d):
        rows = sorted(d.items(), key=lambda kv: -kv[1][0])[: args.top]
        return [{"name": n, "ms": round(t / 1e3, 3), "share": round(t / busy, 4) if busy else 0,
                 "launches": c, "us_per_launch": round(t / c, 2) if c else 0}
                for n, (t, c) in rows]

    span = (last - first) if first is not None else 0.0
    print(json.dumps({
        "gpu_span_ms": round(span / 1e3, 3),
        "gpu_busy_ms": round(busy / 1e3, 3),
        "gpu_busy_share_of_span": round(busy / span, 4) if span else 0,
        "launches": sum(c for _, c in by_kernel.values()),
        "ms_by_kind": {k: round(v / 1e3, 3) for k, v in by_kind.items()},
        "by_operator": table(by_op),
        "by_kernel": table(by_kernel),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
