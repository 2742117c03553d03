#!/usr/bin/env python3
"""Writes a synthetic Face-LLaVA checkpoint the way the released one sits on disk.

Random weights with the released key names (LLaMA + the Face-LLaVA adapter:
mm_projector, landmarks_projector, global_landmarks_projector,
landmarks_cross_attn), saved with Python's torch.save as transformers 4.x
shards (pytorch_model-0000K-of-0000N.bin + pytorch_model.bin.index.json), a
transformers-4.x-style LlavaLlamaForCausalLM config.json and the tokenizer
files. The config says "mm_image_tower": null and "mm_video_tower": null, so
no tower is needed: the checkpoint tests the loader, memory and speed at a
real shape (7b = Vicuna-7B) without downloading anything.

Tensors are generated shard by shard and each shard is freed once written,
so memory stays near one shard (--shard-gb) whatever the shape.

  /usr/bin/python3 scripts/make_synthetic_checkpoint.py --shape tiny \\
      --tokenizer resources/models/facellava-nano/tokenizer.model --out /tmp/synthetic-tiny

Needs PyTorch: Debian's python3-torch (`apt-get install python3-torch`, then
run with /usr/bin/python3 when another python3 comes first on PATH) or pip's.
"""
import argparse
import json
import os
import shutil
import sys

# --shape presets: hidden, layers, intermediate, heads, vocab.
SHAPES = {
    "7b": (4096, 32, 11008, 32, 32000),  # Vicuna-7B v1.5, Face-LLaVA's LLM
    "tiny": (256, 4, 688, 4, 32000),  # `facellava bench --synthetic tiny`
}
MM_HIDDEN = 1024  # LanguageBind ViT-L/14 features (FACELLAVA_SPEC §3)
LANDMARKS = 136  # 68 (x, y) points
# iBUG-68 regions, in the released module order, and their point counts
# (FACELLAVA_SPEC §3): each region layer takes 2 · points inputs.
REGIONS = [
    ("face", 17),
    ("eyebrow1", 5),
    ("eyebrow2", 5),
    ("nose", 4),
    ("nostril", 5),
    ("eye1", 6),
    ("eye2", 6),
    ("lips", 12),
    ("teeth", 8),
]
INIT_STD = 0.02  # LLaMA's initializer_range


def parse_shape(text):
    if text in SHAPES:
        return SHAPES[text]
    try:
        values = tuple(int(v) for v in text.split(","))
    except ValueError:
        values = ()
    if len(values) != 5 or min(values) < 1:
        raise SystemExit(
            f"--shape {text!r}: use 7b, tiny or HIDDEN,LAYERS,INTERMEDIATE,HEADS,VOCAB"
        )
    hidden, _, _, heads, _ = values
    if hidden % heads:
        raise SystemExit(f"--shape {text!r}: hidden size {hidden} is not a multiple of {heads} heads")
    return values


def tensor_specs(hidden, layers, intermediate, vocab):
    """(name, shape, kind) in the released checkpoint's order; kind picks the
    initial values: "weight" random, "bias" small random, "norm" ones."""
    specs = [("model.embed_tokens.weight", (vocab, hidden), "weight")]
    for n in range(layers):
        p = f"model.layers.{n}."
        for proj in ("q", "k", "v", "o"):
            specs.append((f"{p}self_attn.{proj}_proj.weight", (hidden, hidden), "weight"))
        specs.append((f"{p}mlp.gate_proj.weight", (intermediate, hidden), "weight"))
        specs.append((f"{p}mlp.up_proj.weight", (intermediate, hidden), "weight"))
        specs.append((f"{p}mlp.down_proj.weight", (hidden, intermediate), "weight"))
        specs.append((f"{p}input_layernorm.weight", (hidden,), "norm"))
        specs.append((f"{p}post_attention_layernorm.weight", (hidden,), "norm"))
    specs.append(("model.norm.weight", (hidden,), "norm"))
    specs.append(("lm_head.weight", (vocab, hidden), "weight"))
    # mlp2x_gelu: Linear(mm_hidden → hidden) · GELU · Linear(hidden → hidden).
    specs += [
        ("model.mm_projector.0.weight", (hidden, MM_HIDDEN), "weight"),
        ("model.mm_projector.0.bias", (hidden,), "bias"),
        ("model.mm_projector.2.weight", (hidden, hidden), "weight"),
        ("model.mm_projector.2.bias", (hidden,), "bias"),
    ]
    for region, points in REGIONS:
        p = f"model.landmarks_projector.region_layers.{region}."
        specs.append((p + "weight", (hidden, 2 * points), "weight"))
        specs.append((p + "bias", (hidden,), "bias"))
    specs += [
        ("model.global_landmarks_projector.weight", (hidden, LANDMARKS), "weight"),
        ("model.global_landmarks_projector.bias", (hidden,), "bias"),
    ]
    # FRGCA ("simple"): nn.MultiheadAttention's packed q/k/v, its out_proj,
    # the LayerNorm after the residual, linear_proj and the unused ln.
    p = "model.landmarks_cross_attn."
    specs += [
        (p + "cross_attn.attn.in_proj_weight", (3 * hidden, hidden), "weight"),
        (p + "cross_attn.attn.in_proj_bias", (3 * hidden,), "bias"),
        (p + "cross_attn.attn.out_proj.weight", (hidden, hidden), "weight"),
        (p + "cross_attn.attn.out_proj.bias", (hidden,), "bias"),
        (p + "cross_attn.ln.weight", (hidden,), "norm"),
        (p + "cross_attn.ln.bias", (hidden,), "bias"),
        (p + "linear_proj.weight", (hidden, hidden), "weight"),
        (p + "linear_proj.bias", (hidden,), "bias"),
        (p + "ln.weight", (hidden,), "norm"),
        (p + "ln.bias", (hidden,), "bias"),
    ]
    return specs


def numel(shape):
    count = 1
    for d in shape:
        count *= d
    return count


def plan_shards(specs, element_bytes, shard_bytes):
    """Groups the tensors, in order, into shards of at most shard_bytes (a
    tensor larger than that gets a shard of its own), as save_pretrained does."""
    shards, current, size = [], [], 0
    for spec in specs:
        nbytes = numel(spec[1]) * element_bytes
        if current and size + nbytes > shard_bytes:
            shards.append(current)
            current, size = [], 0
        current.append(spec)
        size += nbytes
    if current:
        shards.append(current)
    return shards


def make_tensor(torch, shape, kind, dtype, generator):
    if kind == "norm":
        return torch.ones(shape, dtype=dtype)
    std = INIT_STD if kind == "weight" else INIT_STD / 10
    # float32 first: the same seed gives the same values in either dtype.
    return (torch.randn(shape, generator=generator) * std).to(dtype)


def config_json(hidden, layers, intermediate, heads, vocab, dtype_name):
    """LlavaLlamaForCausalLM as transformers 4.37 saves it (compare
    shared/fixtures/checkpoint_layouts/released_bin/config.json), towers null."""
    return {
        "_name_or_path": "lmsys/vicuna-7b-v1.5",
        "architectures": ["LlavaLlamaForCausalLM"],
        "attention_bias": False,
        "attention_dropout": 0.0,
        "bos_token_id": 1,
        "eos_token_id": 2,
        "hidden_act": "silu",
        "hidden_size": hidden,
        "initializer_range": INIT_STD,
        "intermediate_size": intermediate,
        "max_position_embeddings": 4096,
        "model_type": "llava",
        "num_attention_heads": heads,
        "num_hidden_layers": layers,
        "num_key_value_heads": heads,
        "pad_token_id": 0,
        "pretraining_tp": 1,
        "rms_norm_eps": 1e-05,
        "rope_scaling": None,
        "rope_theta": 10000.0,
        "tie_word_embeddings": False,
        "torch_dtype": dtype_name,
        "transformers_version": "4.37.2",
        "use_cache": True,
        "vocab_size": vocab,
        "mm_projector_type": "mlp2x_gelu",
        "mm_hidden_size": MM_HIDDEN,
        "mm_vision_select_layer": -2,
        "mm_vision_select_feature": "patch",
        "mm_image_tower": None,
        "mm_video_tower": None,
        "landmarks_projector_type": "landmarks_region_projector",
        "global_landmarks_projector_type": "linear",
        "cross_attn_type": "simple",
        "landmarks_hidden_size": LANDMARKS,
        "use_landmark_tokens": False,
        "image_aspect_ratio": "pad",
        "mm_use_im_start_end": False,
        "mm_use_im_patch_token": False,
        "tune_mm_mlp_adapter": False,
        "freeze_mm_mlp_adapter": False,
        "use_mm_proj": True,
        "tokenizer_model_max_length": 2048,
        "tokenizer_padding_side": "right",
        "X": ["Video", "Image"],
    }


# The tokenizer and generation files as the released checkpoint has them.
TOKENIZER_CONFIG = {
    "add_bos_token": True,
    "add_eos_token": False,
    "legacy": True,
    "model_max_length": 2048,
    "pad_token": "<unk>",
    "padding_side": "right",
    "tokenizer_class": "LlamaTokenizer",
    "bos_token": "<s>",
    "eos_token": "</s>",
    "unk_token": "<unk>",
}
SPECIAL_TOKENS = {"bos_token": "<s>", "eos_token": "</s>", "pad_token": "<unk>", "unk_token": "<unk>"}
GENERATION_CONFIG = {
    "bos_token_id": 1,
    "eos_token_id": 2,
    "pad_token_id": 0,
    "temperature": 0.9,
    "top_p": 0.6,
    "do_sample": True,
    "max_length": 4096,
    "transformers_version": "4.37.2",
}


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=2)
        f.write("\n")


def main():
    parser = argparse.ArgumentParser(
        description="Write a synthetic Face-LLaVA checkpoint (random weights, released layout)."
    )
    parser.add_argument("--shape", default="tiny",
                        help="7b, tiny or HIDDEN,LAYERS,INTERMEDIATE,HEADS,VOCAB (default: tiny)")
    parser.add_argument("--dtype", choices=["bfloat16", "float16"], default="bfloat16")
    parser.add_argument("--shard-gb", type=float, default=5.0,
                        help="largest shard in GB (10^9 bytes; default 5, as save_pretrained)")
    parser.add_argument("--tokenizer", required=True,
                        help="tokenizer.model to copy (its vocabulary should match the shape's)")
    parser.add_argument("--out", required=True, help="output folder (created; must be empty)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    try:
        import torch
    except ImportError:
        raise SystemExit(
            "PyTorch is missing: apt-get install python3-torch (then run this with "
            "/usr/bin/python3) or pip install torch"
        )
    hidden, layers, intermediate, heads, vocab = parse_shape(args.shape)
    if args.shard_gb <= 0:
        raise SystemExit("--shard-gb must be positive")
    if not os.path.isfile(args.tokenizer):
        raise SystemExit(f"--tokenizer {args.tokenizer}: no such file")
    if os.path.isdir(args.out) and os.listdir(args.out):
        raise SystemExit(f"--out {args.out}: the folder is not empty")
    os.makedirs(args.out, exist_ok=True)

    dtype = getattr(torch, args.dtype)
    element_bytes = torch.tensor([], dtype=dtype).element_size()
    specs = tensor_specs(hidden, layers, intermediate, vocab)
    shards = plan_shards(specs, element_bytes, int(args.shard_gb * 1e9))
    generator = torch.Generator().manual_seed(args.seed)
    weight_map, total_bytes, parameters = {}, 0, 0
    scratch = os.path.join(args.out, ".partial")
    os.makedirs(scratch, exist_ok=True)
    for k, shard in enumerate(shards, 1):
        name = f"pytorch_model-{k:05d}-of-{len(shards):05d}.bin"
        tensors = {}
        for tensor_name, shape, kind in shard:
            tensors[tensor_name] = make_tensor(torch, shape, kind, dtype, generator)
            weight_map[tensor_name] = name
            total_bytes += numel(shape) * element_bytes
            parameters += numel(shape)
        # Written in a scratch folder first, so an interrupted run leaves no
        # shard that looks complete; same file name, because torch.save names
        # the archive's inner folder after it (as in the released shards).
        partial = os.path.join(scratch, name)
        torch.save(tensors, partial)
        os.replace(partial, os.path.join(args.out, name))
        del tensors
        print(f"wrote {name} ({len(shard)} tensors)", file=sys.stderr)

    os.rmdir(scratch)
    write_json(os.path.join(args.out, "pytorch_model.bin.index.json"),
               {"metadata": {"total_size": total_bytes}, "weight_map": weight_map})
    write_json(os.path.join(args.out, "config.json"),
               config_json(hidden, layers, intermediate, heads, vocab, args.dtype))
    write_json(os.path.join(args.out, "generation_config.json"), GENERATION_CONFIG)
    write_json(os.path.join(args.out, "tokenizer_config.json"), TOKENIZER_CONFIG)
    write_json(os.path.join(args.out, "special_tokens_map.json"), SPECIAL_TOKENS)
    shutil.copyfile(args.tokenizer, os.path.join(args.out, "tokenizer.model"))
    print(f"{args.out}: {len(specs)} tensors, {parameters / 1e6:.1f} M parameters, "
          f"{total_bytes / 1e9:.2f} GB in {len(shards)} shards ({args.dtype})")


if __name__ == "__main__":
    main()
