#!/usr/bin/env bash
# Run ON THE GPU MACHINE (device tool), after scripts/gpu-prepare.sh here:
# builds model/ + training/ and their tests against the Python wheel's LibTorch
# (CUDA), runs the tests (the Cuda* suites run only there), runs the benchmark
# suites when `facellava bench` is built, and prints one JSON summary line at
# the end. Logs go to build/gpu-logs; when the device tool provides $OUT, they
# come back packed as $OUT/gpu-logs.tgz beside $OUT/summary.json (the tool
# returns at most 8 files, so loose logs would be left out).
# Keeps going past a failing target so one broken file does not hide the rest.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEPS="${FACELLAVA_GPU_DEPS:-$ROOT/.gpu-deps}"
BUILD="$ROOT/build/gpu"
LOGS="$ROOT/build/gpu-logs"
rm -rf "$LOGS"
mkdir -p "$LOGS" "$BUILD"
pack_logs() {
    [ -n "${OUT:-}" ] || return 0
    tar czf "$OUT/gpu-logs.tgz" -C "$LOGS" .
    [ -f "$LOGS/summary.json" ] && cp "$LOGS/summary.json" "$OUT/"
    return 0
}
trap pack_logs EXIT
[ -d "$DEPS" ] || { echo "missing .gpu-deps: run scripts/gpu-prepare.sh first and carry .gpu-deps" >&2; exit 1; }
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
TORCH_PREFIX="$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')"
GENERATOR="Unix Makefiles"
KEEP_GOING="-k"
command -v ninja >/dev/null 2>&1 && { GENERATOR=Ninja; KEEP_GOING="-k0"; }
start=$(date +%s)
cmake -S "$ROOT" -B "$BUILD" -G "$GENERATOR" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$TORCH_PREFIX" \
  -DFACELLAVA_WITH_GUI=OFF -DFACELLAVA_WITH_MEDIA=OFF -DFACELLAVA_WITH_SPM=OFF \
  -DFACELLAVA_JSON_INCLUDE_DIR="$DEPS/json" -DFACELLAVA_GTEST_SOURCE_DIR="$DEPS/googletest" \
  > "$LOGS/configure.log" 2>&1 || { tail -40 "$LOGS/configure.log"; exit 1; }
cmake --build "$BUILD" -j "$(nproc)" --target facellava_model_tests facellava_training_tests facellava \
  -- $KEEP_GOING > "$LOGS/build.log" 2>&1
build_rc=$?
# Link errors name the missing symbols on the lines before "ld returned".
[ $build_rc -eq 0 ] || grep -E -B6 -A6 "error:|Error |undefined reference" "$LOGS/build.log" | head -80
grep -E "CUDA graphs|Fused CUDA kernels|CUDA compiler" "$LOGS/configure.log"
built=$(date +%s)
export FACELLAVA_FIXTURES="$DEPS/fixtures"
[ -d "$DEPS/assets" ] && export FACELLAVA_ASSETS_DIR="$DEPS/assets"
run_tests() {  # name → rc (127 when it was not built)
    local exe="$BUILD/tests/facellava_$1_tests"
    [ -x "$exe" ] || return 127
    "$exe" --gtest_brief=1 --gtest_output="json:$LOGS/$1_tests.json" > "$LOGS/$1_tests.log" 2>&1
}
run_tests model; model_rc=$?
run_tests training; training_rc=$?
tail -4 "$LOGS/model_tests.log" "$LOGS/training_tests.log" 2>/dev/null
grep -h -E "^\[  FAILED" "$LOGS/model_tests.log" "$LOGS/training_tests.log" 2>/dev/null | head -20
tested=$(date +%s)
bench_rc=127
train_bench_rc=127
answers_bench_rc=127
if [ -x "$BUILD/bin/facellava" ]; then
    "$BUILD/bin/facellava" info --json --no-verify > "$LOGS/info.json" 2>&1
    if "$BUILD/bin/facellava" bench --help > /dev/null 2>&1; then
        # FACELLAVA_BENCH_SHAPES=none skips these suites (a training-only check).
        if [ "${FACELLAVA_BENCH_SHAPES:-}" != none ]; then
            timeout "${FACELLAVA_BENCH_TIMEOUT:-200}" "$BUILD/bin/facellava" bench --suite llm,vision \
                --synthetic "${FACELLAVA_BENCH_SHAPES:-tiny,1b,7b}" --device cuda \
                > "$LOGS/bench.json" 2> "$LOGS/bench.log"
            bench_rc=$?
        fi
        # The same LLM suite with CUDA graphs off: what the graphs are worth, same call.
        [ -n "${FACELLAVA_BENCH_NO_GRAPHS:-}" ] &&
            FACELLAVA_CUDA_GRAPHS=0 timeout "${FACELLAVA_BENCH_TIMEOUT:-200}" "$BUILD/bin/facellava" bench \
                --suite llm --synthetic "$FACELLAVA_BENCH_NO_GRAPHS" --device cuda \
                > "$LOGS/bench_no_graphs.json" 2> "$LOGS/bench_no_graphs.log"
        # 7b decoding with the fused CUDA kernels off: what they are worth, same call.
        [ "${FACELLAVA_BENCH_SHAPES:-}" != none ] &&
            FACELLAVA_FUSED_KERNELS=0 timeout "${FACELLAVA_BENCH_TIMEOUT:-200}" "$BUILD/bin/facellava" \
                bench --suite llm --synthetic 7b --device cuda \
                > "$LOGS/bench_no_fused.json" 2> "$LOGS/bench_no_fused.log"
        # ... and with them on but cuBLAS for the single-row products (FACELLAVA_FUSED_GEMV=0).
        [ "${FACELLAVA_BENCH_SHAPES:-}" != none ] &&
            FACELLAVA_FUSED_GEMV=0 timeout "${FACELLAVA_BENCH_TIMEOUT:-200}" "$BUILD/bin/facellava" \
                bench --suite llm --synthetic 7b --device cuda \
                > "$LOGS/bench_no_fused_gemv.json" 2> "$LOGS/bench_no_fused_gemv.log"
        # 7b decoding with quantized weights against bf16 on the same random
        # weights, one call (docs/PERFORMANCE.md "Quantized weights").
        [ "${FACELLAVA_BENCH_SHAPES:-}" != none ] &&
            timeout "${FACELLAVA_BENCH_TIMEOUT:-200}" "$BUILD/bin/facellava" bench --suite llm \
                --synthetic 7b --weights int8,int4,bf16 --device cuda \
                > "$LOGS/bench_quant.json" 2> "$LOGS/bench_quant.log"
        # One 7b generation (batch 1, the chat path) under the kernel profiler:
        # which kernels a graphed decode step spends its time in.
        if [ "${FACELLAVA_BENCH_SHAPES:-}" != none ]; then
            rm -f "$BUILD/llm_trace.json"
            timeout "${FACELLAVA_BENCH_TIMEOUT:-200}" "$BUILD/bin/facellava" bench --suite llm \
                --synthetic 7b --device cuda --batch 1 --repeats 1 --decode-tokens 32 \
                --llm-trace "$BUILD/llm_trace.json" > "$LOGS/bench_llm_trace.json" \
                2> "$LOGS/bench_llm_trace.log"
            [ -f "$BUILD/llm_trace.json" ] &&
                python3 "$ROOT/scripts/trace_summary.py" "$BUILD/llm_trace.json" \
                    > "$LOGS/llm_trace_summary.json" 2>> "$LOGS/bench_llm_trace.log"
        fi
        [ $bench_rc -eq 0 ] && [ -f "$ROOT/scripts/bench_reference.py" ] &&
            timeout "${FACELLAVA_BENCH_TIMEOUT:-200}" python3 "$ROOT/scripts/bench_reference.py" \
                --ours "$LOGS/bench.json" > "$LOGS/bench_reference.json" 2> "$LOGS/bench_reference.log"
        # Every face, five task questions (docs/PERFORMANCE.md "Batched answers"):
        # one answer at a time against batched answering at batch limits up to
        # 256, 7b on random weights with a ViT-L/14 tower, as its own call with
        # its own timeout; then the peer, transformers' batched generate() on
        # the same prompts, when transformers is installed.
        if [ "${FACELLAVA_BENCH_SHAPES:-}" != none ]; then
            timeout "${FACELLAVA_ANSWERS_BENCH_TIMEOUT:-300}" "$BUILD/bin/facellava" bench \
                --suite answers --synthetic 7b --device cuda --faces 256 --batch 1,16,64,256 \
                --answer-tokens 24 > "$LOGS/bench_answers.json" 2> "$LOGS/bench_answers.log"
            answers_bench_rc=$?
            [ $answers_bench_rc -eq 0 ] && python3 -c "import transformers" > /dev/null 2>&1 &&
                timeout "${FACELLAVA_ANSWERS_BENCH_TIMEOUT:-300}" python3 \
                    "$ROOT/scripts/reference/answers_transformers.py" --ours "$LOGS/bench_answers.json" \
                    > "$LOGS/bench_answers_reference.json" 2> "$LOGS/bench_answers_reference.log"
        fi
        # Training throughput (1.1B shape, 4 x 2048 tokens, bf16) as its own
        # call with its own timeout, so a slow step cannot cost the llm numbers.
        # With one shape, one more step is recorded by the kernel profiler and
        # summarised (scripts/trace_summary.py): where the step's time goes.
        # FACELLAVA_TRAIN_SHAPES=none skips it (an inference-only check).
        TRAIN_SHAPES="${FACELLAVA_TRAIN_SHAPES:-1b}"
        TRACE_ARGS=()
        [[ "$TRAIN_SHAPES" != *,* ]] && TRACE_ARGS=(--train-trace "$BUILD/train_trace.json")
        rm -f "$BUILD/train_trace.json"
        if [ "$TRAIN_SHAPES" != none ]; then
            timeout "${FACELLAVA_TRAIN_BENCH_TIMEOUT:-200}" "$BUILD/bin/facellava" bench --suite train \
                --synthetic "$TRAIN_SHAPES" --device cuda "${TRACE_ARGS[@]}" \
                > "$LOGS/bench_train.json" 2> "$LOGS/bench_train.log"
            train_bench_rc=$?
        fi
        [ -f "$BUILD/train_trace.json" ] &&
            python3 "$ROOT/scripts/trace_summary.py" "$BUILD/train_trace.json" \
                > "$LOGS/train_trace_summary.json" 2>> "$LOGS/bench_train.log"
        [ $train_bench_rc -eq 0 ] && [ -f "$ROOT/scripts/bench_reference.py" ] &&
            timeout "${FACELLAVA_TRAIN_BENCH_TIMEOUT:-200}" python3 "$ROOT/scripts/bench_reference.py" \
                --ours "$LOGS/bench_train.json" > "$LOGS/bench_train_reference.json" \
                2> "$LOGS/bench_train_reference.log"
    fi
fi
python3 - "$LOGS" "$build_rc" "$model_rc" "$training_rc" "$bench_rc" "$train_bench_rc" "$((built - start))" "$((tested - built))" "$answers_bench_rc" <<'PY' | tee "$LOGS/summary.json"
import json, os, sys, torch
logs, build_rc, model_rc, training_rc, bench_rc, train_bench_rc, build_s, test_s, answers_bench_rc = sys.argv[1:]
def load(name):
    try:
        return json.load(open(os.path.join(logs, name)))
    except Exception:
        return None
def counts(name):
    j = load(name)
    if not j:
        return None
    cuda = [t for s in j.get("testsuites", []) for t in s.get("testsuite", []) if s["name"].startswith("Cuda")]
    return {"tests": j.get("tests"), "failures": j.get("failures"),
            "cuda_cases": {t["name"]: t.get("result") + ("/FAILED" if t.get("failures") else "") for t in cuda}}
info = load("info.json") or {}
print(json.dumps({
    "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
    "torch": torch.__version__,
    "build_rc": int(build_rc), "build_seconds": int(build_s), "test_seconds": int(test_s),
    "model_tests_rc": int(model_rc), "training_tests_rc": int(training_rc),
    "model_tests": counts("model_tests.json"), "training_tests": counts("training_tests.json"),
    "engine_sees_cuda": info.get("cuda_devices"),
    "bench_rc": int(bench_rc), "bench": load("bench.json"), "reference": load("bench_reference.json"),
    "bench_without_cuda_graphs": load("bench_no_graphs.json"),
    "bench_without_fused_kernels": load("bench_no_fused.json"),
    "bench_without_fused_gemv": load("bench_no_fused_gemv.json"),
    "bench_quant": load("bench_quant.json"),
    "answers_bench_rc": int(answers_bench_rc), "bench_answers": load("bench_answers.json"),
    "answers_reference": load("bench_answers_reference.json"),
    "train_bench_rc": int(train_bench_rc), "train_bench": load("bench_train.json"),
    "train_reference": load("bench_train_reference.json"),
    "train_trace": load("train_trace_summary.json"),
    "llm_trace": load("llm_trace_summary.json"),
}))
PY
