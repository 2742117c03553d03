#!/usr/bin/env bash
# Run HERE (the Debian dev machine) before a GPU check: copies what the GPU
# machine lacks into .gpu-deps/ (git-ignored), which the device tool carries:
# nlohmann-json headers, GoogleTest sources (both from Debian packages) and the
# golden fixtures (only the working tree travels, not ../shared).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEPS="$ROOT/.gpu-deps"
FIXTURES="${FACELLAVA_FIXTURES:-$ROOT/../shared/fixtures}"
rm -rf "$DEPS"
mkdir -p "$DEPS/json"
cp -r /usr/include/nlohmann "$DEPS/json/"
cp -r /usr/src/googletest "$DEPS/googletest"
cp -r "$FIXTURES" "$DEPS/fixtures"
du -sh "$DEPS"
echo "now call the device tool with carry: [\".gpu-deps\"] and command: bash scripts/gpu-check.sh"
