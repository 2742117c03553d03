#!/usr/bin/env bash
# Ctrl-C exits 130 (tests/cli/conventions_tests.cmake): a batch over many
# photos gets SIGINT once its job has started (the output folder exists, so
# its Ctrl-C handler is in place), stops cleanly ("cancelled: … run the same
# command again") and exits 130 itself — the message tells that apart from a
# process killed by the signal, which a shell also reports as 130.
#
#   sigint_exit_check.sh FACELLAVA PHOTOS_DIR WORK_DIR
set -euo pipefail
FACELLAVA="${1:?usage: sigint_exit_check.sh FACELLAVA PHOTOS WORK}"
PHOTOS="${2:?usage: sigint_exit_check.sh FACELLAVA PHOTOS WORK}"
WORK="${3:?usage: sigint_exit_check.sh FACELLAVA PHOTOS WORK}"
fail() { printf 'FAIL: %s\n' "$*" >&2; [ -f "$WORK/err" ] && cat "$WORK/err" >&2; exit 1; }

rm -rf "$WORK"
mkdir -p "$WORK/in"
# Enough inputs that one worker is still busy when the signal lands.
for copy in $(seq 1 40); do
  for i in 1 2 3 4 5 6; do cp "$PHOTOS/sample$i.jpg" "$WORK/in/p${copy}_$i.jpg"; done
done

"$FACELLAVA" batch "$WORK/in" -o "$WORK/out" --jobs 1 2>"$WORK/err" &
pid=$!
for _ in $(seq 1 600); do  # at most 60 s for the models to load
  [ -d "$WORK/out" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
[ -d "$WORK/out" ] || { kill -KILL "$pid" 2>/dev/null; fail "the batch never started its job"; }
sleep 0.5
kill -INT "$pid"
for _ in $(seq 1 300); do  # at most 30 s to stop after the current input
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$pid" 2>/dev/null; then
  kill -KILL "$pid"
  fail "the batch did not stop within 30 s of SIGINT"
fi
rc=0
wait "$pid" || rc=$?
[ "$rc" -eq 130 ] || fail "exit code $rc after SIGINT, not 130"
grep -q "^cancelled: .*run the same command again to resume" "$WORK/err" ||
  fail "no clean 'cancelled' report: killed by the signal rather than stopped"
echo "batch stopped by SIGINT exits 130"
rm -rf "$WORK"
