#!/usr/bin/env python3
"""PyTorch-eager reference for `facellava bench` (issue 9), run on the GPU
machine in the same call: transformers' LlamaForCausalLM and CLIPVisionModel
with the same shapes, dtype and token counts as our JSON, random weights,
eager attention. Prints one JSON document with the reference times and the
ratios ours/reference (decode and prefill: reference_ms / our_ms, so > 1 means
we are faster; train: our tokens/s / reference tokens/s, and both MFUs against
the matmul peak our run measured)."""
import argparse
import json
import statistics
import time

import torch

SHAPES = {  # app/bench/src/synthetic_shapes.cpp
    "tiny": (256, 688, 4, 4, 4),
    "200m": (1024, 2816, 12, 16, 16),
    "1b": (2048, 5632, 22, 32, 4),
    "7b": (4096, 11008, 32, 32, 32),
}
DTYPES = {"bfloat16": torch.bfloat16, "float16": torch.float16, "float32": torch.float32}


def timed(fn, repeats, warmup=1):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        torch.cuda.synchronize()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def llama_reference(shape, dtype, prefill, decode, batches, repeats):
    from transformers import LlamaConfig, LlamaForCausalLM
    hidden, inter, layers, heads, kv = SHAPES[shape]
    config = LlamaConfig(vocab_size=32000, hidden_size=hidden, intermediate_size=inter,
                         num_hidden_layers=layers, num_attention_heads=heads,
                         num_key_value_heads=kv, max_position_embeddings=4096,
                         eos_token_id=None, attn_implementation="eager")
    torch.set_default_dtype(dtype)
    with torch.device("cuda"):
        model = LlamaForCausalLM(config).eval()
    torch.set_default_dtype(torch.float32)
    torch.manual_seed(2)
    prompt = torch.randn(1, prefill, hidden, device="cuda", dtype=dtype) * 0.02
    out = {"shape": shape}
    with torch.no_grad():
        def run_prefill(embeds):
            try:
                return model(inputs_embeds=embeds, use_cache=True, logits_to_keep=1)
            except TypeError:  # older transformers
                return model(inputs_embeds=embeds, use_cache=True)
        out["prefill_ms"] = timed(lambda: run_prefill(prompt), repeats)
        decode_rows = []
        for batch in batches:
            embeds = prompt.expand(batch, -1, -1).contiguous()

            def run_decode():
                result = run_prefill(embeds)
                past = result.past_key_values
                ids = result.logits[:, -1:].argmax(-1)
                torch.cuda.synchronize()
                start = time.perf_counter()
                for _ in range(decode):
                    if batch == 1:
                        ids = torch.tensor([[ids.item()]], device="cuda")  # host sampling, as chat
                    result = model(input_ids=ids, past_key_values=past, use_cache=True)
                    past = result.past_key_values
                    ids = result.logits[:, -1:].argmax(-1)
                torch.cuda.synchronize()
                return (time.perf_counter() - start) * 1e3 / decode

            run_decode()
            decode_rows.append({"batch": batch,
                                "ms_per_step": statistics.median(run_decode() for _ in range(repeats))})
        out["decode"] = decode_rows
    del model
    torch.cuda.empty_cache()
    return out


def vision_reference(dtype, repeats):
    from transformers import CLIPVisionConfig, CLIPVisionModel
    config = CLIPVisionConfig(hidden_size=1024, intermediate_size=4096, num_hidden_layers=24,
                              num_attention_heads=16, image_size=224, patch_size=14,
                              attn_implementation="eager")
    torch.set_default_dtype(dtype)
    with torch.device("cuda"):
        model = CLIPVisionModel(config).eval()
    torch.set_default_dtype(torch.float32)
    rows = []
    with torch.no_grad():
        for batch in (1, 8):
            pixels = torch.randn(batch, 3, 224, 224, device="cuda", dtype=dtype)
            ms = timed(lambda: model(pixel_values=pixels, output_hidden_states=True).hidden_states[-2], repeats, 2)
            rows.append({"batch": batch, "ms": ms})
    return rows


def train_reference(shape, batch, seq, precision, optimizer, repeats, peak_tflop_s):
    """One training step as a PyTorch user writes it: forward with labels,
    backward, gradient clipping, AdamW; the precision and optimiser settings
    of our row (float32 master weights with bf16 autocast on CUDA). Attention
    is SDPA (eager mode, no torch.compile): transformers' "eager" attention
    would hold 4 x 32 x 2048^2 scores per layer and not fit beside AdamW."""
    from transformers import LlamaConfig, LlamaForCausalLM
    hidden, inter, layers, heads, kv = SHAPES[shape]
    config = LlamaConfig(vocab_size=32000, hidden_size=hidden, intermediate_size=inter,
                         num_hidden_layers=layers, num_attention_heads=heads,
                         num_key_value_heads=kv, max_position_embeddings=4096,
                         eos_token_id=None, attn_implementation="sdpa")
    with torch.device("cuda"):
        model = LlamaForCausalLM(config).train()
    betas = tuple(optimizer["betas"])
    opt = torch.optim.AdamW(model.parameters(), lr=optimizer["lr"], betas=betas,
                            eps=optimizer["eps"], weight_decay=optimizer["weight_decay"])
    torch.manual_seed(2)
    ids = torch.randint(0, 32000, (batch, seq), device="cuda")
    autocast = precision == "bf16 autocast"
    losses = []

    def step():
        with torch.autocast("cuda", dtype=torch.bfloat16, enabled=autocast):
            loss = model(input_ids=ids, labels=ids).loss
        loss.backward()
        if optimizer["max_grad_norm"] > 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), optimizer["max_grad_norm"])
        opt.step()
        opt.zero_grad(set_to_none=True)
        losses.append(loss.item())

    torch.cuda.reset_peak_memory_stats()
    step_ms = timed(step, repeats)
    # Our formula (training/src/bench/train_flops.h): 6 x every parameter but
    # the input embedding, + 12 x layers x hidden x seq.
    matmul_params = sum(p.numel() for p in model.parameters()) - 32000 * hidden
    flops_per_token = 6 * matmul_params + 12 * layers * hidden * seq
    tokens_per_s = batch * seq / (step_ms / 1e3)
    tflop_s = flops_per_token * tokens_per_s / 1e12
    out = {"shape": shape, "batch": batch, "seq": seq, "precision": precision,
           "attention": "sdpa", "step_ms": step_ms, "tokens_per_s": tokens_per_s,
           "flops_per_token": flops_per_token, "tflop_s": tflop_s,
           "mfu": tflop_s / peak_tflop_s if peak_tflop_s > 0 else 0.0,
           "loss_first_step": losses[0], "loss_last_step": losses[-1],
           "peak_memory_bytes": torch.cuda.max_memory_allocated()}
    del model, opt
    torch.cuda.empty_cache()
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ours", required=True, help="JSON printed by facellava bench")
    args = parser.parse_args()
    ours = json.load(open(args.ours))
    dtype = DTYPES[ours["dtype"]]
    repeats = 3
    report = {"reference": "transformers eager", "torch": torch.__version__,
              "gpu": torch.cuda.get_device_name(0), "llm": [], "ratios": {}}
    import transformers
    report["transformers"] = transformers.__version__
    for entry in ours.get("llm", []):
        if "prefill" not in entry:
            continue
        prefill = entry["prefill"]["tokens"]
        batches = [row["batch"] for row in entry["decode"]]
        # decode steps: ours measured decode_tokens steps; 64 is plenty for a median
        ref = llama_reference(entry["shape"], dtype, prefill, 64, batches, repeats)
        report["llm"].append(ref)
        shape = entry["shape"]
        report["ratios"][f"{shape}/prefill_speedup"] = ref["prefill_ms"] / entry["prefill"]["ms"]
        for ours_row, ref_row in zip(entry["decode"], ref["decode"]):
            report["ratios"][f"{shape}/decode_b{ours_row['batch']}_speedup"] = (
                ref_row["ms_per_step"] / ours_row["ms_per_step"])
    if "vision" in ours:
        ref = vision_reference(dtype, repeats)
        report["vision"] = ref
        for ours_row, ref_row in zip(ours["vision"], ref):
            report["ratios"][f"vision_b{ours_row['batch']}_ours_over_reference_time"] = (
                ours_row["ms"] / ref_row["ms"])
    for entry in ours.get("train", []):
        if "step_ms" not in entry:  # skipped shape
            continue
        ref = train_reference(entry["shape"], entry["batch"], entry["seq"], entry["precision"],
                              entry["optimizer"], repeats, ours["roofline"]["matmul_tflop_s"])
        report.setdefault("train", []).append(ref)
        shape = entry["shape"]
        report["ratios"][f"{shape}/train_tokens_per_s_speedup"] = (
            entry["tokens_per_s"] / ref["tokens_per_s"])
        report["ratios"][f"{shape}/train_mfu_ours"] = entry["mfu"]
        report["ratios"][f"{shape}/train_mfu_reference"] = ref["mfu"]
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
