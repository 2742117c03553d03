#!/usr/bin/env bash
# Long-run check: the workbench opens and closes 200 media (photos and videos,
# alternately) in one window without leaking.
#
#   bash scripts/longrun/gui_open_close.sh [BUILD_DIR] [CYCLES]
#
# BUILD_DIR (default build/asan) holds tests/ui/facellava_ui_tests; with an
# AddressSanitizer build, LeakSanitizer reports every leak at exit and makes
# the run fail. The suite (tests/ui/test_longrun_open_close.cpp) also fails
# when resident memory grows by more than FACELLAVA_LONGRUN_MAX_GROWTH_MB
# (default 64; ASan's quarantine makes RSS noisy, so the script allows 256
# there) between cycle 20 and the last one. Runs offscreen; prints the
# suite's output and exits with its status.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${1:-$ROOT/build/asan}"
CYCLES="${2:-200}"
TESTS="$BUILD/tests/ui/facellava_ui_tests"
[[ -x "$TESTS" ]] || { echo "gui_open_close: no $TESTS (build facellava_ui_tests in $BUILD first)" >&2; exit 2; }

export QT_QPA_PLATFORM=offscreen
export FACELLAVA_LONGRUN=1
export FACELLAVA_LONGRUN_CYCLES="$CYCLES"
if nm -D "$TESTS" 2>/dev/null | grep -q __asan_init || ldd "$TESTS" | grep -q libasan; then
  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}"
  # Qt, fontconfig and the GPU/ICD loaders keep process-lifetime caches.
  if [[ -z "${LSAN_OPTIONS:-}" && -r "$ROOT/tests/support/lsan.supp" ]]; then
    export LSAN_OPTIONS="suppressions=$ROOT/tests/support/lsan.supp:print_suppressions=0"
  fi
  export FACELLAVA_LONGRUN_MAX_GROWTH_MB="${FACELLAVA_LONGRUN_MAX_GROWTH_MB:-256}"
  echo "gui_open_close: ASan build, LeakSanitizer on (ASAN_OPTIONS=$ASAN_OPTIONS)" >&2
else
  echo "gui_open_close: not an ASan build: checking resident memory only" >&2
fi
start=$(date +%s)
set +e
"$TESTS" LongrunOpenCloseTest -o -,txt
rc=$?
set -e
echo "gui_open_close: $CYCLES open/close cycles, exit status $rc, $(( $(date +%s) - start )) s" >&2
exit $rc
