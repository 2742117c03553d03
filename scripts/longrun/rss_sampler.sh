# Sourced by the long-run scripts (not run on its own).
#
#   run_sampling_rss RSS_LOG OUTPUT_LOG COMMAND [ARGS...]
#
# Runs COMMAND in the background with its stdout and stderr in OUTPUT_LOG,
# appends "<seconds since start> <VmRSS KiB>" to RSS_LOG (emptied first) every
# $SAMPLE_S seconds while it runs, and returns its exit status. Sets
# RUN_SECONDS to its wall time.
run_sampling_rss() {
  local rss_log="$1" out_log="$2"
  shift 2
  : >"$rss_log"
  local start pid rss_kb rc=0
  start=$(date +%s.%N)
  "$@" >"$out_log" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    rss_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    [[ -n "$rss_kb" ]] && echo "$(echo "$(date +%s.%N) - $start" | bc) $rss_kb" >>"$rss_log"
    sleep "${SAMPLE_S:-2}"
  done
  wait "$pid" || rc=$?
  RUN_SECONDS=$(echo "$(date +%s.%N) - $start" | bc)
  return "$rc"
}
