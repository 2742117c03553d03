#!/usr/bin/env bash
# Starts `facellava serve` on a free loopback port (--port 0; the port is read
# from its "listening on http://127.0.0.1:PORT" line), waits until /health
# says the model is loaded, runs the client command with FACELLAVA_SERVE_URL,
# FACELLAVA_SERVE_PID and FACELLAVA_SERVE_STDERR (the server's log, growing)
# set, then stops the server with Ctrl-C (SIGINT) and checks that it stopped
# cleanly. The client's exit status is the test's.
#
#   with_server.sh FACELLAVA [serve options…] -- CLIENT [args…]
set -euo pipefail
facellava="$1"
shift
serve_args=()
while [[ $# -gt 0 && "$1" != "--" ]]; do
  serve_args+=("$1")
  shift
done
[[ $# -gt 0 ]] && shift
[[ $# -gt 0 ]] || { echo "with_server.sh: no client command" >&2; exit 2; }

work="$(mktemp -d)"
pid=""
client=""
# Stopped from outside (ctest's timeout, Ctrl-C) the server must not outlive
# this script: it would hold its port and memory with nobody to stop it.
cleanup() {
  local p
  for p in "$client" "$pid"; do
    if [[ -n "$p" ]]; then
      kill -KILL "$p" 2>/dev/null || true
    fi
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT HUP
"$facellava" serve --port 0 "${serve_args[@]}" >"$work/stdout" 2>"$work/stderr" &
pid=$!
stop_server() {
  kill -INT "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "with_server.sh: the server did not stop within 10 s of SIGINT" >&2
    kill -KILL "$pid" 2>/dev/null || true
    return 1
  fi
  local status=0
  wait "$pid" || status=$?
  pid=""  # reaped: the number may name another process now
  # 0, or 130 where the CLI reports a Ctrl-C stop as such.
  if [[ $status -ne 0 && $status -ne 130 ]]; then
    echo "with_server.sh: the server exited with $status" >&2
    cat "$work/stderr" >&2
    return 1
  fi
}

url=""
for _ in $(seq 1 300); do
  url="$(sed -n 's/^listening on \(http:\/\/[^ ]*\)$/\1/p' "$work/stdout" | head -n 1)"
  [[ -n "$url" ]] && break
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "with_server.sh: the server exited before listening:" >&2
    cat "$work/stderr" >&2
    exit 1
  fi
  sleep 0.1
done
[[ -n "$url" ]] || { echo "with_server.sh: no 'listening on' line" >&2; stop_server || true; exit 1; }
ready=0
for _ in $(seq 1 1200); do
  if curl -sf "$url/health" >/dev/null 2>&1; then
    ready=1
    break
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [[ $ready -ne 1 ]]; then
  echo "with_server.sh: /health never said ok:" >&2
  cat "$work/stderr" >&2
  stop_server || true
  exit 1
fi

status=0
# In the background, so that a TERM or INT is handled at once, not when the
# client ends.
FACELLAVA_SERVE_URL="$url" FACELLAVA_SERVE_PID="$pid" FACELLAVA_SERVE_STDERR="$work/stderr" \
  "$@" &
client=$!
wait "$client" || status=$?
client=""
stop_server || status=1
if [[ $status -ne 0 ]]; then
  echo "---- server stderr ----" >&2
  tail -n 30 "$work/stderr" >&2
fi
exit "$status"
