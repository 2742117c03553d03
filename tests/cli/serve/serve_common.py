"""Helpers shared by the Python clients of `facellava serve` (standard library only)."""
import base64
import http.client
import json
import os
import struct
import urllib.error
import urllib.parse
import urllib.request
import zlib

URL = os.environ.get("FACELLAVA_SERVE_URL", "")


def request(method, path, body=None, headers=None, raw=False, timeout=120):
    """(status, parsed JSON or bytes) of one request; errors are returned, not raised."""
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    hdrs = {"Content-Type": "application/json"} if data is not None else {}
    hdrs.update(headers or {})
    req = urllib.request.Request(URL + path, data=data, method=method, headers=hdrs)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            payload = resp.read()
            status = resp.status
    except urllib.error.HTTPError as e:
        payload = e.read()
        status = e.code
    if raw:
        return status, payload
    return status, json.loads(payload) if payload else None


def stream(body, headers=None, timeout=120):
    """The parsed `data:` events of a streamed chat completion (http.client, line by line)."""
    parts = urllib.parse.urlsplit(URL)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    hdrs = {"Content-Type": "application/json"}
    hdrs.update(headers or {})
    conn.request("POST", "/v1/chat/completions", json.dumps(dict(body, stream=True)), hdrs)
    resp = conn.getresponse()
    if resp.status != 200:
        return resp.status, json.loads(resp.read())
    assert resp.getheader("Content-Type", "").startswith("text/event-stream"), resp.getheaders()
    events = []
    while True:
        line = resp.readline()
        if not line:
            break
        line = line.decode().rstrip("\r\n")
        if not line:
            continue
        assert line.startswith("data: "), f"not an SSE data line: {line!r}"
        data = line[len("data: "):]
        events.append(data if data == "[DONE]" else json.loads(data))
    conn.close()
    return 200, events


def data_url(path):
    mime = "image/png" if path.endswith(".png") else "image/jpeg"
    with open(path, "rb") as f:
        return f"data:{mime};base64," + base64.b64encode(f.read()).decode()


def png_bytes(width, height, gray=128):
    """A flat gray PNG (zlib-compressed, so a huge one is still a small body)."""
    row = b"\x00" + bytes([gray]) * (3 * width)
    raw = zlib.compress(row * height, 9)

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


def png_data_url(width, height, gray=128):
    return "data:image/png;base64," + base64.b64encode(png_bytes(width, height, gray)).decode()


def user(text, *image_urls):
    parts = [{"type": "text", "text": text}]
    parts += [{"type": "image_url", "image_url": {"url": u}} for u in image_urls]
    return {"role": "user", "content": parts}


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")
