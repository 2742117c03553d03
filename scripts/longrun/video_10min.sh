#!/usr/bin/env bash
# Long-run check: `facellava batch` over one 10-minute 720p video must stay
# under 1 GB of RSS, flat (issue 9's memory target).
#
#   bash scripts/longrun/video_10min.sh [MINUTES] [WORK]
#
# The video (default 10 minutes, 1280×720, 30 fps, H.264 when ffmpeg has
# libx264, else MPEG-4) is a 20-second clip of the six demo photos panning
# across the frame, repeated: faces move, appear and leave every few seconds,
# so the tracker and the nets see real work on every frame. Every frame is
# analysed (no --every), perception only (no --checkpoint). VmRSS of the batch
# process is sampled every $SAMPLE_S seconds (default 5). Prints one JSON line:
#   {"minutes", "frames", "seconds", "frames_per_s", "rss_mb_first" (first
#    sample after the warm-up), "rss_mb_max", "rss_mb_last",
#    "slope_mb_per_min" (of video), "rows"}
# slope_mb_per_min is the least-squares slope of RSS against the minutes of
# video done (from elapsed time at the run's mean rate), after the first 10 %.
# Exits 1 when the batch fails, RSS passes $MAX_RSS_MB (default 1000) or the
# slope exceeds $MAX_SLOPE_MB (default 5 MB per minute of video; one 720p
# frame is 2.8 MB, so leaking one per second of video would show as 5000).
# Keep the default length: in a 1-minute run a one-time step of the
# allocator (about 10 MB) already reads as 10 MB per minute.
# Environment: FACELLAVA (binary, default build/ci/bin/facellava), PHOTOS (the
# folder of demo photos).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=rss_sampler.sh
source "$ROOT/scripts/longrun/rss_sampler.sh"
MINUTES="${1:-10}"
WORK="${2:-$(mktemp -d /tmp/facellava-video10.XXXXXX)}"
FACELLAVA="${FACELLAVA:-$ROOT/build/ci/bin/facellava}"
PHOTOS="${PHOTOS:-$HOME/.cache/facellava/npm/face-api-1.7.15/package/demo}"
SAMPLE_S="${SAMPLE_S:-5}"
MAX_RSS_MB="${MAX_RSS_MB:-1000}"
MAX_SLOPE_MB="${MAX_SLOPE_MB:-5}"

[[ -x "$FACELLAVA" ]] || { echo "video_10min: no facellava binary at $FACELLAVA" >&2; exit 2; }
[[ -r "$PHOTOS/sample1.jpg" ]] || { echo "video_10min: no demo photos in $PHOTOS (run scripts/bootstrap.sh)" >&2; exit 2; }
mkdir -p "$WORK/video" "$WORK/parts"  # video/ holds the one input batch reads
VIDEO="$WORK/video/pan_${MINUTES}min_720p.mp4"
if [[ ! -s "$VIDEO" ]]; then
  codec=mpeg4; quality=(-q:v 4)
  if ffmpeg -hide_banner -encoders 2>/dev/null | grep -q libx264; then codec=libx264; quality=(-crf 23 -preset veryfast); fi
  echo "video_10min: writing a $MINUTES-minute 720p video ($codec) in $WORK/video" >&2
  # Six photos side by side on a 3840-px strip; a 1280×720 window pans across it.
  ffmpeg -v error -y \
    -i "$PHOTOS/sample1.jpg" -i "$PHOTOS/sample2.jpg" -i "$PHOTOS/sample3.jpg" \
    -i "$PHOTOS/sample4.jpg" -i "$PHOTOS/sample5.jpg" -i "$PHOTOS/sample6.jpg" \
    -filter_complex "[0]scale=-2:720[a];[1]scale=-2:720[b];[2]scale=-2:720[c];[3]scale=-2:720[d];[4]scale=-2:720[e];[5]scale=-2:720[f];[a][b][c][d][e][f]hstack=inputs=6,scale=3840:720,setsar=1[strip]" \
    -map "[strip]" -frames:v 1 "$WORK/parts/strip.png"
  ffmpeg -v error -y -loop 1 -framerate 30 -i "$WORK/parts/strip.png" \
    -vf "crop=1280:720:'(3840-1280)*(0.5-0.5*cos(2*PI*t/20))':0,format=yuv420p" \
    -t 20 -c:v "$codec" "${quality[@]}" "$WORK/parts/clip.mp4"
  loops=$((MINUTES * 3 - 1))
  ffmpeg -v error -y -stream_loop "$loops" -i "$WORK/parts/clip.mp4" -c copy "$VIDEO"
fi

OUT="$WORK/out"
RSS_LOG="$WORK/rss.tsv"
rc=0
run_sampling_rss "$RSS_LOG" "$WORK/batch.log" \
  "$FACELLAVA" batch "$WORK/video" -o "$OUT" --restart --quiet || rc=$?
if [[ $rc -ne 0 ]]; then
  echo "video_10min: facellava batch exited with $rc; last lines of $WORK/batch.log:" >&2
  tail -5 "$WORK/batch.log" >&2
  exit 1
fi
rows=$(($(wc -l <"$OUT/faces.csv") - 1))
frames=$(awk -F, 'NR > 1 { seen[$1] = 1 } END { print length(seen) }' "$OUT/faces.csv")  # one video: column 1 is its frame

awk -v minutes="$MINUTES" -v total="$RUN_SECONDS" -v max_slope="$MAX_SLOPE_MB" \
    -v max_rss="$MAX_RSS_MB" -v rows="$rows" -v frames="$frames" '
  { t[NR] = $1; r[NR] = $2 / 1024 }
  END {
    if (NR == 0) { print "video_10min: no RSS samples" > "/dev/stderr"; exit 1 }
    max = 0
    for (i = 1; i <= NR; ++i) if (r[i] > max) max = r[i]
    n = 0; sx = 0; sy = 0; sxx = 0; sxy = 0; first = -1
    for (i = 1; i <= NR; ++i) {
      if (t[i] < 0.1 * total) continue
      if (first < 0) first = r[i]
      x = t[i] / total * minutes; y = r[i]  # x in minutes of video done
      n++; sx += x; sy += y; sxx += x * x; sxy += x * y
    }
    slope = (n > 1 && n * sxx - sx * sx > 0) ? (n * sxy - sx * sy) / (n * sxx - sx * sx) : 0
    printf "{\"minutes\": %d, \"frames\": %d, \"seconds\": %.1f, \"frames_per_s\": %.2f, " \
           "\"rss_mb_first\": %.1f, \"rss_mb_max\": %.1f, \"rss_mb_last\": %.1f, " \
           "\"slope_mb_per_min\": %.2f, \"rows\": %d}\n",
           minutes, frames, total, frames / total, first < 0 ? r[NR] : first, max, r[NR], slope, rows
    bad = 0
    if (max > max_rss) { printf "video_10min: peak RSS %.1f MB over %s MB\n", max, max_rss > "/dev/stderr"; bad = 1 }
    if (slope > max_slope) { printf "video_10min: RSS grows by %.2f MB per minute of video (limit %s)\n", slope, max_slope > "/dev/stderr"; bad = 1 }
    exit bad
  }' "$RSS_LOG"
