#!/usr/bin/env bash
# Run ON THE GPU MACHINE (device tool), after scripts/gpu-prepare.sh here:
# builds model/ + training/ and their tests against the Python wheel's LibTorch
# (CUDA), runs the tests, and prints one JSON summary line at the end.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEPS="$ROOT/.gpu-deps"
BUILD="$ROOT/build/gpu"
[ -d "$DEPS" ] || { echo "missing .gpu-deps: run scripts/gpu-prepare.sh first and carry .gpu-deps" >&2; exit 1; }
TORCH_PREFIX="$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')"
GENERATOR="Unix Makefiles"
command -v ninja >/dev/null 2>&1 && GENERATOR=Ninja
start=$(date +%s)
cmake -S "$ROOT" -B "$BUILD" -G "$GENERATOR" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$TORCH_PREFIX" \
  -DFACELLAVA_WITH_GUI=OFF -DFACELLAVA_WITH_MEDIA=OFF -DFACELLAVA_WITH_SPM=OFF \
  -DFACELLAVA_JSON_INCLUDE_DIR="$DEPS/json" -DFACELLAVA_GTEST_SOURCE_DIR="$DEPS/googletest" \
  > "$BUILD.configure.log" 2>&1 || { tail -40 "$BUILD.configure.log"; exit 1; }
cmake --build "$BUILD" -j "$(nproc)" --target facellava_model_tests facellava_training_tests facellava \
  > "$BUILD.build.log" 2>&1 || { grep -E "error|Error" "$BUILD.build.log" | head -40; exit 1; }
built=$(date +%s)
export FACELLAVA_FIXTURES="$DEPS/fixtures"
set +e
"$BUILD/tests/facellava_model_tests" --gtest_brief=1 > "$BUILD.model_tests.log" 2>&1
model_rc=$?
"$BUILD/tests/facellava_training_tests" --gtest_brief=1 > "$BUILD.training_tests.log" 2>&1
training_rc=$?
set -e
tail -5 "$BUILD.model_tests.log" "$BUILD.training_tests.log"
"$BUILD/bin/facellava" info --json --no-verify > "$BUILD.info.json" 2>&1 || true
python3 - "$BUILD" "$model_rc" "$training_rc" "$((built - start))" <<'PY'
import json, sys, torch
build, model_rc, training_rc, build_s = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
try:
    info = json.load(open(build + ".info.json"))
except Exception:
    info = {}
print(json.dumps({
    "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
    "torch": torch.__version__,
    "build_seconds": build_s,
    "model_tests_rc": model_rc,
    "training_tests_rc": training_rc,
    "engine_sees_cuda": info.get("cuda_devices"),
}))
PY
