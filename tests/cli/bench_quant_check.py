"""Checks `facellava bench` JSON with quantized weights (bench_quant_check.cmake).

    python3 bench_quant_check.py llm|accuracy FILE.json
"""
import json
import math
import sys


def positive(record, key, where):
    value = record.get(key)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        sys.exit(f"{where}: {key} is not a number: {value!r}")
    if not math.isfinite(value) or value <= 0:
        sys.exit(f"{where}: {key} = {value} is not a positive finite number")
    return value


def check_llm(doc):
    bandwidth = positive(doc["roofline"], "bandwidth_gb_s", "roofline")
    (shape,) = doc["llm"]
    records = {r["weights"]: r for r in shape["weights"]}
    if sorted(records) != ["fp32", "int4", "int8"]:
        sys.exit(f"expected records for fp32, int8 and int4, got {sorted(records)}")
    for name, r in records.items():
        where = f"llm tiny {name}"
        for key in ("llm_weight_bytes", "weight_bytes_per_token", "kv_bytes_per_token",
                    "bytes_per_token", "decode_ms_per_token", "tokens_per_s",
                    "decode_bandwidth_gb_s", "fraction_of_bandwidth_floor",
                    "decode_speedup_vs_baseline", "prefill_speedup_vs_baseline"):
            positive(r, key, where)
        positive(r["prefill"], "ms", where + " prefill")
        if r["quantized"] != (name != "fp32"):
            sys.exit(f"{where}: quantized = {r['quantized']}")
        if r["baseline"] != "fp32":
            sys.exit(f"{where}: the baseline is {r['baseline']}, not the list's float fp32")
        if not r.get("cpu_kernel_path"):
            sys.exit(f"{where}: no cpu_kernel_path")
        # The fraction is the decode's own bandwidth over the run's copy bandwidth.
        measured = r["bytes_per_token"] / (r["decode_ms_per_token"] * 1e-3) / 1e9
        if not math.isclose(measured / bandwidth, r["fraction_of_bandwidth_floor"], rel_tol=1e-6):
            sys.exit(f"{where}: fraction {r['fraction_of_bandwidth_floor']} is not "
                     f"{measured / bandwidth} (bytes per token / time / copy bandwidth)")
        print(f"{where}: {r['bytes_per_token'] / 1e6:.2f} MB/token, "
              f"{r['decode_ms_per_token']:.3f} ms/token, "
              f"{r['fraction_of_bandwidth_floor']:.3f} of the copy bandwidth, "
              f"{r['decode_speedup_vs_baseline']:.2f}x fp32, kernels {r['cpu_kernel_path']}")
    # The stored sizes follow from the formats: int8 ≈ ¼ and int4 ≈ ⅛ of the
    # fp32 linear weights (plus scales, the float embedding and norms).
    fp32, int8, int4 = (records[k]["weight_bytes_per_token"] for k in ("fp32", "int8", "int4"))
    if not (int4 < int8 < fp32 and int8 < 0.3 * fp32 and int4 < 0.17 * fp32):
        sys.exit(f"weight bytes per token fp32 {fp32}, int8 {int8}, int4 {int4}: "
                 "not the formats' sizes")
    # Backward compatible: the top level is the first precision's (fp32).
    if shape["decode"] != records["fp32"]["decode"]:
        sys.exit("the top-level decode rows are not the first precision's")


def check_accuracy(doc):
    (shape,) = doc["accuracy"]
    records = {r["weights"]: r for r in shape["weights"]}
    if sorted(records) != ["int4", "int8"]:
        sys.exit(f"expected int8 and int4, got {sorted(records)}")
    for name, r in records.items():
        where = f"accuracy tiny {name}"
        for key in ("top1_agreement", "greedy_token_agreement"):
            value = r[key]
            if not 0 <= value <= 1:
                sys.exit(f"{where}: {key} = {value} outside [0, 1]")
        if not (r["mean_kl"] >= 0 and r["max_kl"] >= r["mean_kl"]):
            sys.exit(f"{where}: mean KL {r['mean_kl']}, max {r['max_kl']}")
        print(f"{where}: top-1 {r['top1_agreement']:.4f}, mean KL {r['mean_kl']:.3e}, "
              f"greedy tokens {r['greedy_token_agreement']:.3f}, identical "
              f"{r['identical_continuations']}/{r['continuations']}")
    int8 = records["int8"]
    if int8["top1_agreement"] < 0.9:
        sys.exit(f"int8 top-1 agreement {int8['top1_agreement']} < 0.9")
    # Small against the flatness of the random model's predictions.
    if int8["mean_kl"] > 1e-3:
        sys.exit(f"int8 mean KL {int8['mean_kl']} > 1e-3 nats")
    if records["int4"]["mean_kl"] < int8["mean_kl"]:
        sys.exit("int4 (coarser) is closer to float32 than int8")


def main():
    suite, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    {"llm": check_llm, "accuracy": check_accuracy}[suite](doc)


if __name__ == "__main__":
    main()
