#!/usr/bin/env python3
"""Probe, on the GPU machine, what a 7B bf16 decode step's kernels cost and
what the alternatives would save, before they are written in C++: GEMV
variants (linear, mv, cuBLASLt) against the copy bandwidth, the cost of one
tiny kernel inside a CUDA graph, a whole graphed step mirroring
LlamaModel::decode_static with and without its small kernels, and whether the
wheel ships runtime compilation (NVRTC) for fused kernels. Prints one JSON.

Usage: decode_probe.py [--layers 32] [--window 768]
"""
import argparse
import glob
import json
import os
import sys
import traceback

import torch
import torch.nn.functional as F

H, I, HEADS, D, V = 4096, 11008, 32, 128, 32000
BF = torch.bfloat16
DEV = "cuda"


def graph_ms(fn, replays=20):
    """ms per fn() call, fn captured once in a CUDA graph and replayed."""
    s = torch.cuda.Stream()
    s.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(s):
        for _ in range(2):
            fn()
    torch.cuda.current_stream().wait_stream(s)
    g = torch.cuda.CUDAGraph()
    with torch.cuda.graph(g):
        fn()
    for _ in range(3):
        g.replay()
    torch.cuda.synchronize()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    best = float("inf")
    for _ in range(3):
        start.record()
        for _ in range(replays):
            g.replay()
        end.record()
        end.synchronize()
        best = min(best, start.elapsed_time(end) / replays)
    return best


def copy_bandwidth():
    n = 1 << 30
    a = torch.empty(n, dtype=torch.uint8, device=DEV)
    b = torch.empty_like(a)
    ms = graph_ms(lambda: b.copy_(a), replays=10)
    return 2 * n / (ms * 1e-3) / 1e9


def gemv_variants(bw):
    """One GEMV shape at a time over 16 distinct matrices (more than L2)."""
    out = {}
    x = torch.randn(1, 1, H, dtype=BF, device=DEV)
    for name, rows, cols in [("qkv", 3 * H, H), ("o", H, H), ("gate_up", 2 * I, H),
                             ("down", H, I), ("lm_head", V, H)]:
        ws = [torch.randn(rows, cols, dtype=BF, device=DEV) * 0.02 for _ in range(16)]
        xin = x if cols == H else torch.randn(1, 1, cols, dtype=BF, device=DEV)
        xv = xin.view(-1)
        bytes_ = 16 * rows * cols * 2
        row = {}
        variants = {
            "linear": lambda: [F.linear(xin, w) for w in ws],
            "mv": lambda: [torch.mv(w, xv) for w in ws],
            "matmul_t": lambda: [xin.view(1, -1) @ w.t() for w in ws],
        }
        for vname, fn in variants.items():
            ms = graph_ms(fn)
            row[vname] = {"us": round(ms * 1e3 / 16, 2), "share_of_copy_bw": round(bytes_ / (ms * 1e-3) / 1e9 / bw, 3)}
        try:
            torch.backends.cuda.preferred_blas_library("cublaslt")
            ms = graph_ms(variants["linear"])
            row["linear_cublaslt"] = {"us": round(ms * 1e3 / 16, 2), "share_of_copy_bw": round(bytes_ / (ms * 1e-3) / 1e9 / bw, 3)}
        except Exception as e:  # noqa: BLE001
            row["linear_cublaslt"] = str(e)[:200]
        finally:
            torch.backends.cuda.preferred_blas_library("cublas")
        out[name] = row
        del ws
    return out


def tiny_kernel_us():
    a = torch.randn(1, 1, H, dtype=BF, device=DEV)
    b = torch.randn_like(a)
    ms = graph_ms(lambda: [torch.add(a, b) for _ in range(200)])
    return round(ms * 1e3 / 200, 3)


class Layer:
    def __init__(self, window):
        self.qkv = torch.randn(3 * H, H, dtype=BF, device=DEV) * 0.02
        self.o = torch.randn(H, H, dtype=BF, device=DEV) * 0.02
        self.gate_up = torch.randn(2 * I, H, dtype=BF, device=DEV) * 0.02
        self.down = torch.randn(H, I, dtype=BF, device=DEV) * 0.02
        self.n1 = torch.ones(H, dtype=BF, device=DEV)
        self.n2 = torch.ones(H, dtype=BF, device=DEV)
        self.k = torch.zeros(1, HEADS, window, D, dtype=BF, device=DEV)
        self.v = torch.zeros_like(self.k)


def swap_halves(x):
    return torch.cat([x[..., D // 2:], x[..., : D // 2]], -1)


def step(layers, x, pos, window, inv_freq, variant):
    """Mirror of decode_static for one token; `variant` drops parts."""
    slots = torch.arange(window, device=DEV)
    visible = slots <= pos
    bias = torch.zeros(window, dtype=BF, device=DEV).masked_fill_(visible.logical_not(), float("-inf")).view(1, 1, 1, -1)
    freqs = pos.to(torch.float32).unsqueeze(1) * inv_freq.unsqueeze(0)
    cos, sin = freqs.cos(), freqs.sin()
    cos_t = torch.cat([cos, cos], -1).to(BF).unsqueeze(-2)
    sin_t = torch.cat([-sin, sin], -1).to(BF).unsqueeze(-2)
    cur = x
    for L in layers:
        h = F.rms_norm(cur, (H,), L.n1, 1e-6)
        qkv = F.linear(h, L.qkv).view(1, 1, 3 * HEADS, D)
        if variant == "gemv_only":
            a = qkv.narrow(2, 0, HEADS).reshape(1, 1, H)
        else:
            qk = qkv.narrow(2, 0, 2 * HEADS)
            qk = qk * cos_t + swap_halves(qk) * sin_t
            q = qk.narrow(2, 0, HEADS).transpose(1, 2)
            k = qk.narrow(2, HEADS, HEADS).transpose(1, 2)
            v = qkv.narrow(2, 2 * HEADS, HEADS).transpose(1, 2)
            L.k.index_copy_(2, pos, k)
            L.v.index_copy_(2, pos, v)
            a = F.scaled_dot_product_attention(q, L.k, L.v, attn_mask=bias)
            a = a.transpose(1, 2).reshape(1, 1, H)
        hh = cur + F.linear(a, L.o)
        m = F.rms_norm(hh, (H,), L.n2, 1e-6)
        gu = F.linear(m, L.gate_up)
        cur = hh + F.linear(F.silu(gu[..., :I]) * gu[..., I:], L.down)
    return cur


def whole_step(bw, layers_n, window):
    layers = [Layer(window) for _ in range(layers_n)]
    weight_bytes = layers_n * 2 * (3 * H * H + H * H + 2 * I * H + I * H)
    x = torch.randn(1, 1, H, dtype=BF, device=DEV)
    pos = torch.tensor([600], device=DEV)
    inv_freq = 1.0 / (10000 ** (torch.arange(0, D, 2, device=DEV).float() / D))
    out = {"weight_bytes_floor_ms": round(weight_bytes / bw / 1e6, 3)}
    for variant in ("ours", "gemv_only"):
        ms = graph_ms(lambda: step(layers, x, pos, window, inv_freq, variant), replays=10)
        out[variant + "_ms"] = round(ms, 3)
    # Kernel times of one eager step (the same kernels a graph replays).
    from torch.profiler import profile, ProfilerActivity
    step(layers, x, pos, window, inv_freq, "ours")
    torch.cuda.synchronize()
    with profile(activities=[ProfilerActivity.CUDA]) as prof:
        step(layers, x, pos, window, inv_freq, "ours")
        torch.cuda.synchronize()
    rows = []
    for e in prof.key_averages():
        if e.device_type.name == "CUDA" or getattr(e, "self_device_time_total", 0):
            t = getattr(e, "self_device_time_total", None) or getattr(e, "self_cuda_time_total", 0)
            if t:
                rows.append((e.key[:100], round(t / 1e3, 3), e.count))
    rows.sort(key=lambda r: -r[1])
    out["eager_kernels_ms"] = rows[:25]
    del layers
    return out


def runtime_compile():
    root = os.path.dirname(torch.__file__)
    inc = os.path.join(root, "include")
    found = {
        "jiterator_h": os.path.exists(os.path.join(inc, "ATen/cuda/jiterator.h")),
        "nvrtc_stub_h": os.path.exists(os.path.join(inc, "ATen/cuda/nvrtc_stub/ATenNVRTC.h")),
        "libnvrtc": sorted({os.path.basename(p) for p in glob.glob(os.path.join(root, "lib", "*nvrtc*"))
                            + glob.glob(os.path.join(os.path.dirname(root), "nvidia", "*", "lib", "*nvrtc*"))
                            + glob.glob(os.path.join(os.path.dirname(root), "nvidia", "cu*", "lib", "*nvrtc*"))}),
        "nvcc": bool(os.popen("command -v nvcc").read().strip()),
    }
    try:
        fn = torch.cuda.jiterator._create_jit_fn(
            "template <typename T> T swiglu(T g, T u) { return g / (T(1) + exp(-g)) * u; }")
        g = torch.randn(1, 1, I, dtype=BF, device=DEV)
        u = torch.randn_like(g)
        got = fn(g, u)
        ref = F.silu(g) * u
        found["jiterator_max_err"] = float((got.float() - ref.float()).abs().max())
        found["jiterator_swiglu_us"] = round(graph_ms(lambda: [fn(g, u) for _ in range(100)]) * 10, 3)
        found["aten_silu_mul_us"] = round(graph_ms(lambda: [F.silu(g) * u for _ in range(100)]) * 10, 3)
    except Exception as e:  # noqa: BLE001
        found["jiterator_error"] = str(e)[:300]
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--layers", type=int, default=32)
    parser.add_argument("--window", type=int, default=768)
    args = parser.parse_args()
    result = {"gpu": torch.cuda.get_device_name(0), "torch": torch.__version__}
    bw = copy_bandwidth()
    result["copy_gb_s"] = round(bw, 1)
    for name, fn in [("runtime_compile", runtime_compile), ("tiny_kernel_us_in_graph", tiny_kernel_us),
                     ("gemv", lambda: gemv_variants(bw)),
                     ("whole_step", lambda: whole_step(bw, args.layers, args.window))]:
        try:
            result[name] = fn()
        except Exception:  # noqa: BLE001
            result[name] = {"error": traceback.format_exc()[-600:]}
        torch.cuda.empty_cache()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
