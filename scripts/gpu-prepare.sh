#!/usr/bin/env bash
# Run HERE (the Debian dev machine) before a GPU check: copies what the GPU
# machine lacks into .gpu-deps/ (git-ignored), which the device tool carries:
# nlohmann-json headers, GoogleTest sources (both from Debian packages) and the
# golden fixtures (only the working tree travels, not ../shared), and the
# face-api nets from the npm package the set-up fetched.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEPS="$ROOT/.gpu-deps"
FIXTURES="${FACELLAVA_FIXTURES:-$ROOT/../shared/fixtures}"
rm -rf "$DEPS"
mkdir -p "$DEPS/json"
cp -r /usr/include/nlohmann "$DEPS/json/"
cp -r /usr/src/googletest "$DEPS/googletest"
cp -r "$FIXTURES" "$DEPS/fixtures"
# The face-api nets and demo photos (npm package fetched by the set-up), laid
# out like the asset cache so FACELLAVA_ASSETS_DIR can point at it there.
FACEAPI="${FACELLAVA_ASSETS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/facellava}/npm/face-api-1.7.15/package"
if [ -d "$FACEAPI/model" ]; then
    mkdir -p "$DEPS/assets/npm/face-api-1.7.15/package"
    cp -r "$FACEAPI/model" "$FACEAPI/demo" "$DEPS/assets/npm/face-api-1.7.15/package/"
else
    echo "note: no face-api package in $FACEAPI; its tests will fail on the GPU machine" >&2
fi
du -sh "$DEPS"
echo "now call the device tool with carry: [\".gpu-deps\"] and command: bash scripts/gpu-check.sh"
