#!/usr/bin/env bash
# Prints, for every test that failed in the last ctest run, the lines that say
# why: Qt Test's FAIL! and Loc:, GoogleTest's failures, crashes.
#
# Why: CI keeps only the head and tail of a long log, and a failing Qt Test
# suite prints its FAIL! line in the middle of minutes of output. Printed last,
# the reasons are what a reader of the CI log sees.
#
#   scripts/test-failure-digest.sh [build/ci/Testing/Temporary/LastTest.log]
set -uo pipefail
log="${1:-build/ci/Testing/Temporary/LastTest.log}"
[[ -r "$log" ]] || { echo "test-failure-digest: no ctest log at $log" >&2; exit 0; }

echo "== why the failed tests failed (from $log) =="
awk '
  function flush(failed) {
    if (failed && name != "") {
      print "-- " name
      if (n == 0) print "   (no failure line in the output; see the full log above)"
      for (i = 1; i <= n; ++i) print "   " buf[i]
    }
    n = 0; after = 0
  }
  function keep(line) { if (n < 60) buf[++n] = line }
  /^[0-9]+\/[0-9]+ Test: / { flush(0); name = $0; sub(/^[0-9]+\/[0-9]+ Test: /, "", name); next }
  /^Test Passed\./ || /^Test Skipped/ { flush(0); name = ""; next }
  /^Test Failed/ { flush(1); name = ""; next }
  after > 0 { keep($0); --after; next }
  # A Loc: line belongs to the FAIL! before it (skips print one too).
  /^   Loc:/ { if (last_fail) keep($0); last_fail = 0; next }
  { last_fail = 0 }
  /^FAIL!/ { keep($0); last_fail = 1; next }
  /^QFATAL/ { keep($0); next }
  /: Failure$/ { keep($0); after = 6; next }
  /^\[  FAILED  \]/ { keep($0); next }
  /Segmentation fault|Aborted|terminate called|what\(\):|AddressSanitizer|runtime error:/ { keep($0); next }
  END { flush(0) }
' "$log"
