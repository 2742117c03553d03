#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz in build/fuzz (clang-14, ASan +
# UBSan, GUI and media off) and runs each for a fixed time, two at a time.
#
# Usage: scripts/fuzz.sh [--seconds N] [--target NAME]... [--merge] [--build-only]
#   --seconds N   time per target (default 600; 0: no run, e.g. only --merge)
#   --target NAME one of: safetensors npy face_instruct csv_resume tokenizer
#                 torch_archive
#                 (repeatable; default all that the build has)
#   --merge       afterwards, add the new inputs that reach new coverage edges
#                 to the committed corpus tests/fuzz/corpus/<target>/ (-merge=1)
#   --build-only  configure and build, run nothing
#
# New inputs go to build/fuzz/corpus/<target>/ (the committed corpus is read,
# not written, unless --merge). Crashes, leaks, timeouts and out-of-memory
# inputs go to build/fuzz/findings/<target>/; the script prints one JSON line
# per target and exits 1 when any run left one there. A finding becomes a
# regression test: minimise it (fuzz_<target> -minimize_crash=1 -runs=10000
# FILE), fix the reader, and commit the input to tests/fuzz/crashes/<target>/,
# which ctest replays (fuzz.replay.<target>).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build/fuzz"
SECONDS_PER_TARGET=600
MERGE=0
BUILD_ONLY=0
TARGETS=()
ALL_TARGETS=(safetensors npy face_instruct csv_resume tokenizer torch_archive)
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) SECONDS_PER_TARGET="$2"; shift 2 ;;
        --target) TARGETS+=("$2"); shift 2 ;;
        --merge) MERGE=1; shift ;;
        --build-only) BUILD_ONLY=1; shift ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "fuzz.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
done
[[ "$SECONDS_PER_TARGET" =~ ^[0-9]+$ ]] || { echo "fuzz.sh: --seconds needs a whole number" >&2; exit 2; }

# Longest input per target: enough for a small file of each format.
max_len() {
    case "$1" in
        safetensors|face_instruct|torch_archive) echo 8192 ;;
        npy|csv_resume) echo 4096 ;;
        tokenizer) echo 1024 ;;
    esac
}

if [ ! -f "$BUILD/build.ninja" ]; then
    CC=clang-14 CXX=clang++-14 cmake -G Ninja -S "$ROOT" -B "$BUILD" \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFACELLAVA_WITH_FUZZERS=ON \
        -DFACELLAVA_BUILD_TESTS=OFF -DFACELLAVA_WITH_GUI=OFF -DFACELLAVA_WITH_MEDIA=OFF >/dev/null
fi
BUILD_TARGETS="$(ninja -C "$BUILD" -t targets all)"
AVAILABLE=()
for t in "${ALL_TARGETS[@]}"; do
    if grep -q "^fuzz_$t:" <<<"$BUILD_TARGETS"; then
        AVAILABLE+=("$t")
    fi
done
if [ ${#TARGETS[@]} -eq 0 ]; then
    TARGETS=("${AVAILABLE[@]}")
fi
for t in "${TARGETS[@]}"; do
    [[ " ${AVAILABLE[*]} " == *" $t "* ]] ||
        { echo "fuzz.sh: no target '$t' in this build (have: ${AVAILABLE[*]})" >&2; exit 2; }
done
nice -n 5 ninja -C "$BUILD" -j2 "${TARGETS[@]/#/fuzz_}"
[ "$BUILD_ONLY" = 1 ] && exit 0

export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# run_target NAME: one fuzzing run; its log is build/fuzz/logs/NAME.log.
run_target() {
    local t="$1"
    local scratch="$BUILD/corpus/$t" findings="$BUILD/findings/$t" log="$BUILD/logs/$t.log"
    mkdir -p "$scratch" "$findings" "$BUILD/logs" "$ROOT/tests/fuzz/corpus/$t"
    touch "$BUILD/logs/$t.started"
    local start=$SECONDS
    # libFuzzer exits non-zero on a finding; the summary below reports it.
    "$BUILD/fuzzers/fuzz_$t" -max_total_time="$SECONDS_PER_TARGET" -max_len="$(max_len "$t")" \
        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$findings/" \
        "$scratch" "$ROOT/tests/fuzz/corpus/$t" >"$log" 2>&1 || true
    local seconds=$((SECONDS - start))
    local status execs rate
    status="$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1 || true)"
    execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)"
    local cov ft corpus crashes
    cov="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$status")"
    ft="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$status")"
    corpus="$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' <<<"$status")"
    crashes="$(find "$findings" -type f -newer "$BUILD/logs/$t.started" \
        \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)"
    printf '{"target": "%s", "seconds": %d, "execs": %s, "exec_per_s": %s, "cov": %s, "ft": %s, "corpus_files": %s, "crashes": %d}\n' \
        "$t" "$seconds" "${execs:-0}" "${rate:-0}" "${cov:-0}" "${ft:-0}" "${corpus:-0}" "$crashes" \
        >"$BUILD/logs/$t.json"
}

# Two at a time: the machine's other work keeps the rest of the cores.
# (-max_total_time=0 would mean no limit: --seconds 0 runs nothing.)
RUN_TARGETS=()
[ "$SECONDS_PER_TARGET" -gt 0 ] && RUN_TARGETS=("${TARGETS[@]}")
running=0
for t in "${RUN_TARGETS[@]}"; do
    if [ "$running" -ge 2 ]; then
        wait -n
        running=$((running - 1))
    fi
    run_target "$t" &
    running=$((running + 1))
done
wait

status=0
for t in "${RUN_TARGETS[@]}"; do
    cat "$BUILD/logs/$t.json"
    if ! grep -q '"crashes": 0}' "$BUILD/logs/$t.json"; then
        echo "fuzz.sh: $t: findings in $BUILD/findings/$t (log: $BUILD/logs/$t.log)" >&2
        status=1
    fi
    if ! grep -q '^stat::number_of_executed_units' "$BUILD/logs/$t.log"; then
        echo "fuzz.sh: $t: the run ended without its final stats (log: $BUILD/logs/$t.log)" >&2
        status=1
    fi
done

if [ "$MERGE" = 1 ]; then
    for t in "${TARGETS[@]}"; do
        # Adds to the committed corpus only the inputs that reach new edges
        # (-use_counters=0: hit counts would keep ten times as many files).
        "$BUILD/fuzzers/fuzz_$t" -merge=1 -use_counters=0 -max_len="$(max_len "$t")" -timeout=10 \
            -rss_limit_mb=2048 "$ROOT/tests/fuzz/corpus/$t" "$BUILD/corpus/$t" \
            >"$BUILD/logs/$t.merge.log" 2>&1
        echo "fuzz.sh: $t: committed corpus now $(find "$ROOT/tests/fuzz/corpus/$t" -type f | wc -l) files"
    done
fi
exit "$status"
