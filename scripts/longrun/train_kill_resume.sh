#!/usr/bin/env bash
# Long-run check: a training run killed (SIGKILL) at random points always
# resumes, and the resumed run ends where an uninterrupted one does.
#
#   bash scripts/longrun/train_kill_resume.sh [--kills N] [--steps S] [--save-every K]
#                                             [--work DIR] [--seed R]
#
# 1. Generates a small FaceInstruct-Nano set (make-demo-data from one demo
#    photo) unless WORK/data/train.json exists.
# 2. Trains the packaged demo model for S steps on the CPU without
#    interruption (the reference).
# 3. Trains the same run again, SIGKILLs it N times at random moments
#    (during steps, during checkpoint writes, during start-up) and restarts it
#    each time with --resume latest (or fresh while no checkpoint exists yet).
# 4. Checks: the last attempt exits 0 at step S; checkpoints/latest names an
#    existing step-S checkpoint; metrics.jsonl has every step 1…S; each step's
#    last logged loss equals the reference's (a resumed CPU run reproduces the
#    uninterrupted one) and the final trainable weights are byte-identical.
# Prints one JSON line {kills, resumes, steps, seconds, identical_weights,
# max_loss_diff} and exits 0 on success, 1 on a failed check.
# Environment: FACELLAVA (binary, default build/ci/bin/facellava), PHOTO.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FACELLAVA="${FACELLAVA:-$ROOT/build/ci/bin/facellava}"
PHOTO="${PHOTO:-$HOME/.cache/facellava/npm/face-api-1.7.15/package/demo/sample1.jpg}"
KILLS=5
STEPS=40
SAVE_EVERY=3
WORK=""
SEED="${RANDOM}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --kills) KILLS="$2"; shift 2 ;;
    --steps) STEPS="$2"; shift 2 ;;
    --save-every) SAVE_EVERY="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    *) echo "usage: $0 [--kills N] [--steps S] [--save-every K] [--work DIR] [--seed R]" >&2; exit 2 ;;
  esac
done
[[ -n "$WORK" ]] || WORK="$(mktemp -d /tmp/facellava-killresume.XXXXXX)"
[[ -x "$FACELLAVA" ]] || { echo "train_kill_resume: no facellava binary at $FACELLAVA" >&2; exit 2; }
[[ -r "$PHOTO" ]] || { echo "train_kill_resume: no demo photo at $PHOTO (run scripts/bootstrap.sh)" >&2; exit 2; }
RANDOM=$SEED
mkdir -p "$WORK"
fail() { echo "train_kill_resume: FAILED: $*" >&2; exit 1; }

if [[ ! -s "$WORK/data/train.json" ]]; then
  "$FACELLAVA" make-demo-data -o "$WORK/data" --source "$PHOTO" --variants 3 >"$WORK/make-demo-data.log" 2>&1 ||
    { tail -5 "$WORK/make-demo-data.log" >&2; fail "make-demo-data"; }
fi

# The command line of a run into OUTPUT_DIR (extra flags appended). The
# program is started directly, never through a shell function: `fn &` forks a
# subshell, and SIGKILL to $! would kill that subshell and leave the trainer
# running on as an orphan beside the next attempt.
train_args() {  # train_args OUTPUT_DIR [--resume latest] → TRAIN_ARGS
  local out="$1"; shift
  TRAIN_ARGS=(train --checkpoint "$ROOT/resources/models/facellava-nano" \
    --train-files "$WORK/data/train.json" --image-root "$WORK/data" --output "$out" \
    --max-steps "$STEPS" --save-every "$SAVE_EVERY" --keep-last 2 --batch-size 2 \
    --device cpu --threads 1 --num-workers 1 --save-final-model false --eval-every 0 \
    --log-every 1 --seed 7 "$@")
}

start=$(date +%s.%N)
rm -rf "$WORK/reference" "$WORK/killed"
ref_start=$(date +%s.%N)
train_args "$WORK/reference"
"$FACELLAVA" "${TRAIN_ARGS[@]}" >"$WORK/reference.log" 2>&1 || { tail -5 "$WORK/reference.log" >&2; fail "reference run"; }
ref_seconds=$(echo "$(date +%s.%N) - $ref_start" | bc)

resumes=0
kills_done=0
attempt=0
while :; do
  attempt=$((attempt + 1))
  args=()
  if [[ -e "$WORK/killed/checkpoints/latest" ]]; then
    args=(--resume latest)
    resumes=$((resumes + 1))
  fi
  log="$WORK/killed.attempt$attempt.log"
  train_args "$WORK/killed" "${args[@]}"
  "$FACELLAVA" "${TRAIN_ARGS[@]}" >"$log" 2>&1 &
  pid=$!
  if [[ $kills_done -lt $KILLS ]]; then
    # Between 20 % and 100 % of the reference's run time: start-up, steps,
    # checkpoint writes (each attempt resumes, so later ones are shorter).
    delay=$(echo "scale=3; $ref_seconds * (200 + 8 * ($((RANDOM % 1000)) / 10)) / 1000" | bc)
    sleep "$delay"
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      kills_done=$((kills_done + 1))
      echo "train_kill_resume: attempt $attempt killed after ${delay}s" >&2
      continue
    fi
  fi
  set +e
  wait "$pid"
  rc=$?
  set -e
  if [[ $rc -ne 0 ]]; then
    tail -5 "$log" >&2
    fail "attempt $attempt exited with $rc"
  fi
  if [[ $kills_done -lt $KILLS ]]; then
    # Finished before the kill: start over so every requested kill happens.
    echo "train_kill_resume: attempt $attempt finished before its kill; starting over" >&2
    rm -rf "$WORK/killed"
    continue
  fi
  break
done
seconds=$(echo "$(date +%s.%N) - $start" | bc)

latest="$WORK/killed/checkpoints/$(cat "$WORK/killed/checkpoints/latest" | tr -d '\n')"
[[ -d "$latest" ]] || fail "checkpoints/latest names a missing folder ($latest)"
[[ "$(basename "$latest")" == "$(printf 'step-%08d' "$STEPS")" ]] || fail "latest is $latest, expected step $STEPS"
ref_latest="$WORK/reference/checkpoints/$(printf 'step-%08d' "$STEPS")"
identical=false
if cmp -s "$latest/trainable.safetensors" "$ref_latest/trainable.safetensors"; then
  identical=true
fi

# Last logged loss of every step, killed run against the reference.
python3 - "$WORK/reference/metrics.jsonl" "$WORK/killed/metrics.jsonl" "$STEPS" "$KILLS" \
  "$resumes" "$seconds" "$identical" <<'EOF'
import json, sys
ref_path, run_path, steps, kills, resumes, seconds, identical = sys.argv[1:]
steps = int(steps)
def last_losses(path):
    losses = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                j = json.loads(line)
            except json.JSONDecodeError:
                sys.exit(f"train_kill_resume: FAILED: a torn line in {path}: {line[:80]!r}")
            if "step" in j and "loss" in j:
                losses[j["step"]] = j["loss"]
    return losses
ref, run = last_losses(ref_path), last_losses(run_path)
missing = [s for s in range(1, steps + 1) if s not in run]
if missing:
    sys.exit(f"train_kill_resume: FAILED: metrics.jsonl lacks steps {missing}")
diff = max(abs(run[s] - ref[s]) for s in range(1, steps + 1))
print(json.dumps({"kills": int(kills), "resumes": int(resumes), "steps": steps,
                  "seconds": round(float(seconds), 1), "identical_weights": identical == "true",
                  "max_loss_diff": diff}))
if diff > 1e-5 or identical != "true":
    sys.exit("train_kill_resume: FAILED: the resumed run differs from the uninterrupted one")
EOF
