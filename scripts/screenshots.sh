#!/usr/bin/env bash
# Screenshots of the workbench for the docs, taken under Xvfb with the app's
# own --screenshot mode (opens a demo photo, waits for the analysis, asks the
# chat a question when a checkpoint is available, saves the window, quits).
#
#   scripts/screenshots.sh [BUILD_DIR] [CHECKPOINT_DIR]
#
# BUILD_DIR defaults to build/; CHECKPOINT_DIR to resources/models/facellava-nano
# when it exists. Writes docs/images/workbench-main.png.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
checkpoint=${2:-}
app="$build/bin/facellava-workbench"
[[ -x "$app" ]] || { echo "no $app: build the facellava-workbench target first" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "xvfb-run missing: apt-get install xvfb" >&2; exit 1; }

if [[ -z "$checkpoint" && -d resources/models/facellava-nano ]]; then
  checkpoint=resources/models/facellava-nano
fi
photo=$(ls "${XDG_CACHE_HOME:-$HOME/.cache}"/facellava/npm/face-api-*/package/demo/sample1.jpg 2>/dev/null | head -n1 || true)
[[ -n "$photo" ]] || { echo "demo photos missing: run scripts/bootstrap.sh" >&2; exit 1; }

mkdir -p docs/images
args=(--screenshot docs/images/workbench-main.png --open "$photo" --size 1600x1000)
if [[ -n "$checkpoint" ]]; then
  args+=(--checkpoint "$checkpoint" --ask "What emotion does this face show, and why?")
fi
# A private runtime dir keeps Qt quiet about XDG_RUNTIME_DIR under Xvfb.
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
xvfb-run -a -s "-screen 0 1600x1000x24" "$app" "${args[@]}"
echo "wrote docs/images/workbench-main.png"
