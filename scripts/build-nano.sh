#!/usr/bin/env bash
# Builds the embedded demo model FaceLLaVA-Nano from nothing but packages:
#   1. FaceInstruct-Nano: face crops of package-shipped photos, labelled by the
#      face-api teacher nets (facellava make-demo-data);
#   2. a SentencePiece tokenizer trained on its conversations;
#   3. a freshly initialised Face-LLaVA checkpoint (recipe/model_config.json);
#   4. training with our own trainer (recipe/train_config.json, fixed seed, CPU);
#   5. evaluation on the held-out photos (facellava eval);
#   6. the result (fp16 weights, tokenizer, config, metrics) copied into
#      resources/models/facellava-nano, next to the recipe.
# Usage: scripts/build-nano.sh [BUILD_DIR (default build/release)] [WORK_DIR (default build/nano)]
# Re-running resumes an interrupted training run; delete WORK_DIR to start over.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build/release}"
WORK="${2:-$ROOT/build/nano}"
RECIPE="$ROOT/resources/models/facellava-nano/recipe"
DEST="$ROOT/resources/models/facellava-nano"
FL="$BUILD/bin/facellava"
[ -x "$FL" ] || { echo "no $FL: build first (bash scripts/bootstrap.sh --run)" >&2; exit 1; }
mkdir -p "$WORK"
step() { echo; echo "== $* ($(date +%H:%M:%S))"; }

step "1/6 FaceInstruct-Nano"
# Held out: two face-api photos and four of dlib's (a mix of happy and
# neutral faces, both genders, ages 10–89); 24 crops per training face.
[ -f "$WORK/data/manifest.json" ] ||
    "$FL" make-demo-data --output "$WORK/data" --seed 1234 --variants 24 \
        --eval-photos sample3.jpg,sample6.jpg,2007_007763,2008_002470,2009_004587,bald_guys

step "2/6 tokenizer"
[ -f "$WORK/tokenizer.model" ] ||
    "$FL" train-tokenizer --data "$WORK/data/train.json" --vocab-size 1024 --seed 0 --output "$WORK/tokenizer.model"

step "3/6 initial checkpoint"
[ -f "$WORK/init/config.json" ] ||
    "$FL" init-model --config "$RECIPE/model_config.json" --tokenizer "$WORK/tokenizer.model" --output "$WORK/init" --seed 0

step "4/6 training"
resume=()
[ -f "$WORK/run/checkpoints/latest" ] && resume=(--resume latest)
[ -f "$WORK/run/final/config.json" ] ||
    "$FL" train --config "$RECIPE/train_config.json" --checkpoint "$WORK/init" \
        --train-files "$WORK/data/train.json" --eval-files "$WORK/data/eval.json" \
        --image-root "$WORK/data" --output "$WORK/run" "${resume[@]}"

step "5/6 evaluation on the held-out photos"
"$FL" eval --checkpoint "$WORK/run/final" --data "$WORK/data/eval.json" --image-root "$WORK/data" \
    --device cpu --json "$WORK/eval.json"

step "6/6 into $DEST"
"$FL" convert --dtype float16 --output "$DEST/model.safetensors" "$WORK/run/final"
cp "$WORK/run/final/config.json" "$WORK/run/final/tokenizer.model" "$DEST/"
cp "$WORK/eval.json" "$DEST/eval_metrics.json"
cp "$WORK/data/manifest.json" "$DEST/data_manifest.json"
du -sh "$DEST"
echo "done: update $DEST/MODEL_CARD.md with the numbers in $DEST/eval_metrics.json"
