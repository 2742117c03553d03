"""`facellava serve` stops a NON-streaming answer whose client disconnects
(issue #27): the watchdog peeks at the request's socket (app/cli/serve/
connection_probe.h), cancels the generation, logs one line and frees the
worker slot.

The demo model answers in a dozen tokens, too fast to leave; a freshly
initialised model (random weights, which do not say EOS) with a 4096-token
context runs to max_tokens, seconds long on a CPU.

  disconnect_client.py model FACELLAVA NANO_DIR OUT_DIR CONTEXT
      writes that model: the demo model's config and tokenizer, CONTEXT tokens
  disconnect_client.py run MAX_TOKENS
      (through with_server.sh, server: --checkpoint OUT_DIR --parallel 1
       --queue 0 --max-new-tokens MAX_TOKENS)
"""
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from serve_common import request  # noqa: E402

CHECKS = []
LINE = re.compile(r"request (chatcmpl-\S+): client disconnected, generation cancelled after "
                  r"(\d+) tokens")


def check(condition, what):
    CHECKS.append(what)
    if not condition:
        raise AssertionError(what)


def make_model(facellava, nano, out, context):
    with open(os.path.join(nano, "config.json")) as f:
        config = json.load(f)
    for key in ("facellava_demo", "facellava_training"):
        config.pop(key, None)
    config["max_position_embeddings"] = context
    config["tokenizer_model_max_length"] = context
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, "source_config.json")
    with open(path, "w") as f:
        json.dump(config, f, indent=1)
    subprocess.run([facellava, "init-model", "--config", path, "--tokenizer",
                    os.path.join(nano, "tokenizer.model"), "-o", out, "--force"], check=True)


def post(body, extra=b""):
    """A raw HTTP/1.1 chat completion request (Content-Length framed)."""
    data = json.dumps(body).encode() + extra
    return (b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
            b"\r\nContent-Length: " + str(len(data)).encode() + b"\r\n\r\n" + data)


def read_response(sock, buffered):
    """(status, parsed body, what is left of `buffered`) of one response."""
    while b"\r\n\r\n" not in buffered:
        more = sock.recv(65536)
        check(more, "the server answered before closing")
        buffered += more
    head, buffered = buffered.split(b"\r\n\r\n", 1)
    lines = head.decode().split("\r\n")
    length = [int(line.split(":", 1)[1]) for line in lines
              if line.lower().startswith("content-length:")]
    check(length, f"a Content-Length framed response: {lines}")
    while len(buffered) < length[0]:
        more = sock.recv(65536)
        check(more, "the whole body before closing")
        buffered += more
    body, buffered = buffered[:length[0]], buffered[length[0]:]
    return int(lines[0].split()[1]), json.loads(body), buffered


def cancel_lines():
    with open(os.environ["FACELLAVA_SERVE_STDERR"]) as f:
        return [m for m in map(LINE.search, f) if m]


def run(max_tokens):
    parts = urllib.parse.urlsplit(os.environ["FACELLAVA_SERVE_URL"])
    address = (parts.hostname, parts.port)
    question = {"messages": [{"role": "user", "content": "Tell me a long story"}]}

    # A client that stays, with more bytes already sent (as a pipelined
    # request would be; too many for cpp-httplib's 4 KiB buffer, so they wait
    # in the socket, and no request, so none takes the slot afterwards):
    # waiting data is no disconnect, the answer runs to max_tokens. Its time
    # measures this machine's speed.
    calibration = max(32, max_tokens // 20)
    sock = socket.create_connection(address)
    started = time.monotonic()
    sock.sendall(post(dict(question, max_tokens=calibration)) + b"x" * (64 << 10))
    status, first, _ = read_response(sock, b"")
    calibration_s = time.monotonic() - started
    sock.close()
    check(status == 200 and first["usage"]["completion_tokens"] == calibration and
          first["choices"][0]["finish_reason"] == "length",
          f"an open connection with data waiting is answered in full: {status} {first}")
    check(cancel_lines() == [], "no cancel line for clients that stayed")
    # Later tokens cost more (a longer cache): the whole answer takes longer.
    whole_s = calibration_s * max_tokens / calibration

    # A client that sends a long answer's request and leaves at once.
    sock = socket.create_connection(address)
    sock.sendall(post(dict(question, max_tokens=max_tokens)))
    sock.close()
    left = time.monotonic()
    time.sleep(0.1)  # so that it, not the next request, takes the slot first
    # --parallel 1 --queue 0: the next request is refused (429) while the
    # long one holds the slot, and admitted once the server saw the client go.
    short = dict(question, max_tokens=4)
    statuses = []
    while time.monotonic() - left < whole_s / 4:
        status, answer = request("POST", "/v1/chat/completions", short)
        statuses.append(status)
        if status != 429:
            break
        time.sleep(0.05)
    admitted_s = time.monotonic() - left
    check(statuses[-1] == 200 and answer["usage"]["completion_tokens"] == 4,
          f"next request admitted within a quarter of the long answer's time "
          f"({whole_s / 4:.1f} s): {statuses[-5:]} after {admitted_s:.2f} s")
    lines = cancel_lines()
    check(len(lines) == 1, f"one disconnect line in the server's stderr: {lines}")
    tokens = int(lines[0].group(2))
    check(tokens < max_tokens, f"cancelled after {tokens} of {max_tokens} tokens")
    check(request("GET", "/health")[0] == 200, "serving after the client left")
    print(f"disconnect: next request admitted {admitted_s:.2f} s after the client left "
          f"(the whole answer: ~{whole_s:.1f} s or more, from {calibration} tokens in "
          f"{calibration_s:.2f} s); cancelled after {tokens} tokens")


if __name__ == "__main__":
    if sys.argv[1] == "model":
        make_model(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    else:
        run(int(sys.argv[2]))
        print(f"python client (disconnect): {len(CHECKS)} checks passed")
