#!/usr/bin/env python3
"""Peer reference for `facellava bench --suite answers` (issue 26), run on the
GPU machine after it (scripts/gpu-check.sh): HF transformers' batched
generate() on a random-init LlamaForCausalLM of each synthetic shape in our
JSON, in its dtype, with the same prompts — the system prompt, 256 image
tokens and an 18-token question per answer (random embeddings), 24 new tokens
(greedy, min_new_tokens = max_new_tokens so eos cannot stop an answer) — at
each of our batch limits. transformers batches statically and shares no
prefix: every answer carries its whole prompt, as in a plain
`model.generate(inputs_embeds=…)` loop over (face, question) pairs.

Prints one JSON document: answers/s per batch size, and the ratios
ours/reference of answers/s at the same batch (> 1: we are faster), both on
our wall time (our 7b CUDA runs include a ViT-L/14 tower per face, which the
reference has not) and on our LLM time alone (tower excluded).

    python3 scripts/reference/answers_transformers.py --ours bench_answers.json
"""
import argparse
import json
import math
import statistics
import time

SHAPES = {  # app/bench/src/synthetic_shapes.cpp
    "tiny": (256, 688, 4, 4, 4),
    "200m": (1024, 2816, 12, 16, 16),
    "1b": (2048, 5632, 22, 32, 4),
    "7b": (4096, 11008, 32, 32, 32),
}
DTYPES = {"bfloat16": "bfloat16", "float16": "float16", "float32": "float32"}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ours", required=True,
                        help="JSON printed by facellava bench --suite answers")
    parser.add_argument("--repeats", type=int, default=2,
                        help="timed generate() calls per batch size (the median is kept)")
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    return args


def synthetic_records(ours):
    """Our measured synthetic records (the nano one and skipped ones have no peer)."""
    return [r for r in ours.get("answers", [])
            if r.get("model") == "synthetic" and "batched" in r and r.get("shape") in SHAPES]


def load_model(torch, shape, dtype):
    from transformers import LlamaConfig, LlamaForCausalLM
    hidden, inter, layers, heads, kv = SHAPES[shape]
    # eos 2 as LLaMA's; min_new_tokens keeps it from ending an answer early.
    config = LlamaConfig(vocab_size=32000, hidden_size=hidden, intermediate_size=inter,
                         num_hidden_layers=layers, num_attention_heads=heads,
                         num_key_value_heads=kv, max_position_embeddings=4096,
                         bos_token_id=1, eos_token_id=2, pad_token_id=0,
                         attn_implementation="sdpa")
    torch.set_default_dtype(dtype)
    with torch.device("cuda"):
        model = LlamaForCausalLM(config).eval()
    torch.set_default_dtype(torch.float32)
    return model


def generate_seconds(torch, model, embeds, new_tokens):
    """One batched generate() of every row of embeds (B, T, H): seconds, new tokens per row."""
    mask = torch.ones(embeds.shape[:2], dtype=torch.long, device=embeds.device)
    torch.cuda.synchronize()
    start = time.perf_counter()
    out = model.generate(inputs_embeds=embeds, attention_mask=mask, do_sample=False,
                         max_new_tokens=new_tokens, min_new_tokens=new_tokens,
                         pad_token_id=0, use_cache=True)
    torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    # With inputs_embeds alone, decoder-only generate() returns the new ids only.
    return seconds, out.shape[1]


def reference_record(torch, record, dtype, repeats):
    shape = record["shape"]
    prompt = record["prompt"]
    prompt_tokens = prompt["prefix_tokens"] + prompt["question_tokens"]
    new_tokens = record["answer_tokens"]
    hidden = SHAPES[shape][0]
    model = load_model(torch, shape, dtype)
    torch.manual_seed(2)
    out = {"shape": shape, "prompt_tokens": prompt_tokens, "answer_tokens": new_tokens,
           "rows": []}
    with torch.no_grad():
        for row in record["batched"]:
            # Our limit, or fewer when our run had fewer answers than that.
            batch = max(1, min(row["batch_limit"], row["answers"]))
            embeds = None
            try:
                embeds = torch.randn(batch, prompt_tokens, hidden, device="cuda",
                                     dtype=dtype) * 0.02
                generate_seconds(torch, model, embeds, new_tokens)  # warm-up
                runs = [generate_seconds(torch, model, embeds, new_tokens)
                        for _ in range(repeats)]
            except torch.cuda.OutOfMemoryError:
                out["rows"].append({"batch": batch, "error": "CUDA out of memory"})
                del embeds
                torch.cuda.empty_cache()
                continue
            seconds = statistics.median(s for s, _ in runs)
            tokens = runs[0][1]
            if tokens > new_tokens:  # a transformers that returns the prompt's positions too
                tokens -= prompt_tokens
            out["rows"].append({"batch": batch, "batch_limit": row["batch_limit"],
                                "seconds_per_generate": seconds,
                                "tokens_per_answer": tokens,
                                "eos_stopped": tokens != new_tokens,
                                "answers_per_s": batch / seconds})
            del embeds
            torch.cuda.empty_cache()
    del model
    torch.cuda.empty_cache()
    return out


def ratios(record, reference):
    """ours / reference answers/s at each batch limit; our sequential against HF batch 1."""
    result = {}
    shape = record["shape"]
    by_limit = {r["batch_limit"]: r for r in reference["rows"] if "answers_per_s" in r}
    for row in record["batched"]:
        ref = by_limit.get(row["batch_limit"])
        if not ref or row.get("seconds", 0) <= 0:
            continue
        llm_seconds = row["seconds"] - row.get("tower_ms", 0.0) / 1e3
        key = f"{shape}/b{row['batch_limit']}"
        result[key + "_ours_over_reference_answers_per_s"] = (
            row["answers_per_s"] / ref["answers_per_s"])
        if llm_seconds > 0:
            result[key + "_ours_llm_only_over_reference_answers_per_s"] = (
                row["answers"] / llm_seconds / ref["answers_per_s"])
    one = by_limit.get(1)
    sequential = record.get("sequential", {})
    if one and sequential.get("answers_per_s"):
        result[f"{shape}/sequential_ours_over_reference_b1_answers_per_s"] = (
            sequential["answers_per_s"] / one["answers_per_s"])
    best_ref = max((r["answers_per_s"] for r in by_limit.values()), default=0.0)
    best_ours = max((r["answers_per_s"] for r in record["batched"]), default=0.0)
    if best_ref > 0:
        result[f"{shape}/best_ours_over_best_reference_answers_per_s"] = best_ours / best_ref
    return {k: v for k, v in result.items() if math.isfinite(v)}


def main(argv=None):
    args = parse_args(argv)
    with open(args.ours) as f:
        ours = json.load(f)
    records = synthetic_records(ours)
    if not records:
        raise SystemExit(f"{args.ours}: no synthetic answers record to compare with")
    import torch
    import transformers
    dtype = getattr(torch, DTYPES[ours["dtype"]])
    report = {"reference": "transformers generate(), static batches, sdpa attention, "
                           "no shared prefix, no tower",
              "torch": torch.__version__, "transformers": transformers.__version__,
              "gpu": torch.cuda.get_device_name(0), "dtype": ours["dtype"],
              "answers": [], "ratios": {}}
    for record in records:
        reference = reference_record(torch, record, dtype, args.repeats)
        report["answers"].append(reference)
        report["ratios"].update(ratios(record, reference))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
