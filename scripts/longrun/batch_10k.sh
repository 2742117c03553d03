#!/usr/bin/env bash
# Long-run check: `facellava batch` over many small generated images must keep
# a flat memory profile.
#
#   bash scripts/longrun/batch_10k.sh [COUNT] [WORK]
#
# COUNT (default 10000) images of 160 px are generated from one demo photo
# with ffmpeg (temporal noise makes every image different), then analysed by
# face detection + landmarks only (no --checkpoint: the LLM would make 10 000
# images take days on a CPU). VmRSS of the batch process is sampled every
# $SAMPLE_S seconds (default 2). Prints one JSON line:
#   {"images", "seconds", "rss_mb_first" (first sample after the warm-up), "rss_mb_max", "rss_mb_last",
#    "slope_mb_per_1000", "rows", "errors"}
# slope_mb_per_1000 is the least-squares slope of RSS against the images done
# (estimated from elapsed time at the run's mean rate), over the samples after
# the first 10 % of the run (warm-up: model loading, allocator pools).
# Exits 1 when the batch fails or the slope exceeds $MAX_SLOPE_MB (default 10;
# RSS swings by ~60 MB between samples, and leaking one 160-px image per input
# would show as ~50 MB per 1000).
# Environment: FACELLAVA (binary, default build/ci/bin/facellava), PHOTO.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=rss_sampler.sh
source "$ROOT/scripts/longrun/rss_sampler.sh"
COUNT="${1:-10000}"
WORK="${2:-$(mktemp -d /tmp/facellava-batch10k.XXXXXX)}"
FACELLAVA="${FACELLAVA:-$ROOT/build/ci/bin/facellava}"
PHOTO="${PHOTO:-$HOME/.cache/facellava/npm/face-api-1.7.15/package/demo/sample1.jpg}"
SAMPLE_S="${SAMPLE_S:-2}"
MAX_SLOPE_MB="${MAX_SLOPE_MB:-10}"

[[ -x "$FACELLAVA" ]] || { echo "batch_10k: no facellava binary at $FACELLAVA" >&2; exit 2; }
[[ -r "$PHOTO" ]] || { echo "batch_10k: no demo photo at $PHOTO (run scripts/bootstrap.sh)" >&2; exit 2; }
mkdir -p "$WORK/images"
existing=$(find "$WORK/images" -name '*.jpg' | wc -l)
if [[ "$existing" -lt "$COUNT" ]]; then
  echo "batch_10k: generating $COUNT images in $WORK/images" >&2
  ffmpeg -v error -y -loop 1 -i "$PHOTO" \
    -vf "scale=160:-2,noise=alls=12:allf=t" -frames:v "$COUNT" -q:v 4 \
    "$WORK/images/img_%05d.jpg"
fi

OUT="$WORK/out"
RSS_LOG="$WORK/rss.tsv"
rc=0
run_sampling_rss "$RSS_LOG" "$WORK/batch.log" \
  "$FACELLAVA" batch "$WORK/images" -o "$OUT" --restart --quiet || rc=$?
if [[ $rc -ne 0 ]]; then
  echo "batch_10k: facellava batch exited with $rc; last lines of $WORK/batch.log:" >&2
  tail -5 "$WORK/batch.log" >&2
  exit 1
fi
rows=$(($(wc -l <"$OUT/faces.csv") - 1))
errors=$(($(wc -l <"$OUT/errors.csv") - 1))

awk -v images="$COUNT" -v total="$RUN_SECONDS" -v max_slope="$MAX_SLOPE_MB" \
    -v rows="$rows" -v errors="$errors" '
  { t[NR] = $1; r[NR] = $2 / 1024 }
  END {
    if (NR == 0) { print "batch_10k: no RSS samples" > "/dev/stderr"; exit 1 }
    max = 0
    for (i = 1; i <= NR; ++i) if (r[i] > max) max = r[i]
    rate = images / total               # images per second
    n = 0; sx = 0; sy = 0; sxx = 0; sxy = 0; first = -1
    for (i = 1; i <= NR; ++i) {
      if (t[i] < 0.1 * total) continue
      if (first < 0) first = r[i]
      x = t[i] * rate / 1000; y = r[i]  # x in thousands of images
      n++; sx += x; sy += y; sxx += x * x; sxy += x * y
    }
    slope = (n > 1 && n * sxx - sx * sx > 0) ? (n * sxy - sx * sy) / (n * sxx - sx * sx) : 0
    printf "{\"images\": %d, \"seconds\": %.1f, \"rss_mb_first\": %.1f, \"rss_mb_max\": %.1f, " \
           "\"rss_mb_last\": %.1f, \"slope_mb_per_1000\": %.2f, \"rows\": %d, \"errors\": %d}\n",
           images, total, first < 0 ? r[NR] : first, max, r[NR], slope, rows, errors
    if (slope > max_slope) {
      printf "batch_10k: memory grows by %.2f MB per 1000 images (limit %s)\n", slope, max_slope > "/dev/stderr"
      exit 1
    }
  }' "$RSS_LOG"
