"""A bounded load test of `facellava serve` on loopback: CLIENTS threads each
send REQUESTS chat completions one after another (every other one a question
about a demo photo, so the face path and batched answers are exercised;
every fourth streamed). Prints JSON: latency percentiles, errors, and the
server's resident memory (VmRSS from /proc/PID/status) after a warm-up (the
same workload once, unmeasured) and at the end. Fails when a request fails
or is lost, or when memory grew by more than --max-rss-growth-mib (a leak
per request would show here).

  load_test.py PHOTOS_DIR [--clients 8] [--requests 50] [--max-tokens 16]
"""
import argparse
import glob
import json
import os
import sys
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import serve_common as sc  # noqa: E402


def one_request(i, photo_url, max_tokens):
    messages = [{"role": "user", "content": f"Describe the person, please ({i})."}]
    if i % 2 and photo_url:
        messages = [sc.user("What is the facial expression of this person?", photo_url)]
    body = {"messages": messages, "max_tokens": max_tokens}
    if i % 4 == 3:
        status, events = sc.stream(body)
        return status == 200 and events and events[-1] == "[DONE]" and not any(
            isinstance(e, dict) and "error" in e for e in events)
    status, reply = sc.request("POST", "/v1/chat/completions", body)
    return status == 200 and reply["choices"][0]["message"]["content"] != ""


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    k = min(len(sorted_values) - 1, max(0, int(round(p / 100 * (len(sorted_values) - 1)))))
    return round(sorted_values[k] * 1000, 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("photos")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--requests", type=int, default=50)
    ap.add_argument("--max-tokens", type=int, default=16)
    ap.add_argument("--max-rss-growth-mib", type=float, default=64)
    args = ap.parse_args()
    pid = int(os.environ["FACELLAVA_SERVE_PID"])

    photo_url = None
    for path in sorted(glob.glob(os.path.join(args.photos, "*.jpg"))):
        with open(path, "rb") as f:
            status, doc = sc.request("POST", "/v1/faces", f.read(), {"Content-Type": "image/jpeg"})
        if status == 200 and doc["frames"][0]["faces"]:
            photo_url = sc.data_url(path)
            break
    assert photo_url, "no demo photo with a face"
    def run_round():
        """clients × requests concurrently; returns (latencies, failures, wall_s)."""
        latencies, failures, lock = [], [], threading.Lock()

        def client(c):
            for r in range(args.requests):
                begin = time.perf_counter()
                try:
                    ok = one_request(c * args.requests + r, photo_url, args.max_tokens)
                except Exception as e:  # a dropped connection counts as a failure
                    ok = False
                    print(f"client {c} request {r}: {e}")
                with lock:
                    latencies.append(time.perf_counter() - begin)
                    if not ok:
                        failures.append((c, r))

        begin = time.perf_counter()
        threads = [threading.Thread(target=client, args=(c,)) for c in range(args.clients)]
        [t.start() for t in threads]
        [t.join() for t in threads]
        return latencies, failures, time.perf_counter() - begin

    # Warm-up: the same workload once, unmeasured, so the allocator's arenas,
    # LibTorch's caches and the scheduler's batch sizes reach their plateau
    # (a shorter warm-up left ~35 MiB of growth into the measured round);
    # what grows after it is what a long-running server would leak.
    rss_start = sc.rss_kib(pid)
    _, warm_failures, _ = run_round()
    rss_before = sc.rss_kib(pid)
    latencies, failures, wall = run_round()
    failures += warm_failures
    rss_after = sc.rss_kib(pid)
    latencies.sort()
    report = {
        "clients": args.clients, "requests_per_client": args.requests,
        "max_tokens": args.max_tokens, "completed": len(latencies), "errors": len(failures),
        "latency_ms": {"p50": percentile(latencies, 50), "p90": percentile(latencies, 90),
                       "p99": percentile(latencies, 99), "max": percentile(latencies, 100)},
        "requests_per_s": round(len(latencies) / wall, 2), "wall_s": round(wall, 2),
        "server_rss_mib": {"start": round(rss_start / 1024, 1),
                           "before": round(rss_before / 1024, 1),
                           "after": round(rss_after / 1024, 1),
                           "growth": round((rss_after - rss_before) / 1024, 1)},
    }
    print(json.dumps(report, indent=2))
    assert len(latencies) == args.clients * args.requests, "requests lost"
    assert not failures, f"failed requests: {failures[:10]}"
    assert (rss_after - rss_before) / 1024 <= args.max_rss_growth_mib, \
        f"server memory grew by more than {args.max_rss_growth_mib} MiB"


if __name__ == "__main__":
    main()
