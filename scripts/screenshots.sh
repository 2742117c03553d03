#!/usr/bin/env bash
# Screenshots of the workbench for the docs, taken under Xvfb with the app's
# own --screenshot mode (opens a file, waits for the analysis, asks the chat a
# question when a checkpoint is available, saves the window, quits).
#
#   scripts/screenshots.sh [BUILD_DIR] [CHECKPOINT_DIR]
#
# BUILD_DIR: the first of build/release, build/ci, build/dev and build that
# holds bin/facellava-workbench. CHECKPOINT_DIR: resources/models/facellava-nano
# when it exists. Writes
#   docs/images/workbench-main.png   a demo photo: overlays, analysis panel, chat
#   docs/images/workbench-video.png  a short clip made from the same photo with
#                                    ffmpeg: transport bar, annotation lanes
#   docs/images/workbench-dark.png   another demo photo with the dark scheme
# Set SHOTS="main" (or "video", "dark") to take only some of them.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-}
checkpoint=${2:-}
shots=${SHOTS:-main video dark}

if [[ -z "$build" ]]; then
  for candidate in build/release build/ci build/dev build; do
    if [[ -x "$candidate/bin/facellava-workbench" ]]; then
      build=$candidate
      break
    fi
  done
fi
app="${build:-build/release}/bin/facellava-workbench"
[[ -x "$app" ]] || { echo "no $app: build the facellava-workbench target first" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "xvfb-run missing: apt-get install xvfb" >&2; exit 1; }

if [[ -z "$checkpoint" && -d resources/models/facellava-nano ]]; then
  checkpoint=resources/models/facellava-nano
fi
photo=$(ls "${FACELLAVA_ASSETS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/facellava}"/npm/face-api-*/package/demo/sample1.jpg 2>/dev/null | head -n1 || true)
[[ -n "$photo" ]] || { echo "demo photos missing: run scripts/bootstrap.sh" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A private runtime dir keeps Qt quiet about XDG_RUNTIME_DIR under Xvfb.
if [[ -z "${XDG_RUNTIME_DIR:-}" ]]; then
  export XDG_RUNTIME_DIR=$work/runtime
  mkdir -m 700 "$XDG_RUNTIME_DIR"
fi
mkdir -p docs/images

# shoot OUT.png FILE: one window picture of FILE (the app uses throwaway
# settings and a throwaway session in this mode).
shoot() {
  local out=$1 file=$2
  local args=(--screenshot "$out" --open "$file" --size 1600x1000)
  if [[ -n "$checkpoint" ]]; then
    args+=(--checkpoint "$checkpoint" --ask "What emotion does this face show, and why?")
  fi
  xvfb-run -a -s "-screen 0 1600x1000x24" "$app" "${args[@]}"
  echo "wrote $out"
}

for shot in $shots; do
  case "$shot" in
    main)
      shoot docs/images/workbench-main.png "$photo"
      ;;
    video)
      command -v ffmpeg >/dev/null || { echo "ffmpeg missing: apt-get install ffmpeg" >&2; exit 1; }
      # 4 s at 25 fps: a 16:9 window drifting left over the photo, so the
      # same three real faces are in every frame (frame 0 shows all three).
      ffmpeg -v error -y -loop 1 -framerate 25 -i "$photo" -t 4 \
        -vf "crop=w=1520:h=855:x='260-2.4*n':y=40,scale=1280:720,format=yuv420p" \
        -c:v mpeg4 -q:v 2 "$work/faces.mp4"
      shoot docs/images/workbench-video.png "$work/faces.mp4"
      ;;
    dark)
      FACELLAVA_COLOR_SCHEME=dark shoot docs/images/workbench-dark.png "${photo%sample1.jpg}sample2.jpg"
      ;;
    *)
      echo "unknown shot '$shot' (known: main video dark)" >&2
      exit 2
      ;;
  esac
done
