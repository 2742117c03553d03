"""`facellava serve` with Python's standard library: the OpenAI fields, the
facellava extension object, /v1/faces, and every refusal with its status and
OpenAI-style error body.

  python_client.py full PHOTOS_DIR CHECKPOINT_CONFIG MAX_PIXELS MAX_FRAMES MAX_TOKENS
      (server: --media-root PHOTOS_DIR --parallel 1 --queue 0 --max-body-mb 2 and
       the three limits given)
  python_client.py auth KEY        (server: --api-key KEY)
  python_client.py timeout         (server: --request-timeout-s far below one request)
"""
import glob
import json
import os
import socket
import sys
import threading
import time
import urllib.parse

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import serve_common as sc  # noqa: E402
from serve_common import request, stream, user

CHECKS = []


def check(condition, what):
    CHECKS.append(what)
    if not condition:
        raise AssertionError(what)


def expect_error(status, got, param=None, code=None, what=""):
    got_status, body = got
    check(got_status == status, f"{what}: status {got_status}, wanted {status}: {body}")
    err = body.get("error") if isinstance(body, dict) else None
    check(isinstance(err, dict) and err.get("message") and err.get("type"),
          f"{what}: OpenAI error body: {body}")
    for key in ("message", "type", "param", "code"):
        check(key in err, f"{what}: error has {key}")
    if param is not None:
        check(err["param"] == param, f"{what}: param {err['param']!r}, wanted {param!r}")
    if code is not None:
        check(err["code"] == code, f"{what}: code {err['code']!r}, wanted {code!r}")


def chat(body, **kw):
    return request("POST", "/v1/chat/completions", body, **kw)


def content_of(events):
    return "".join(e["choices"][0]["delta"].get("content", "") for e in events
                   if isinstance(e, dict) and e.get("choices"))


def full(photos, config_path, max_pixels, max_frames, max_tokens):
    status, models = request("GET", "/v1/models")
    check(status == 200 and models["object"] == "list" and len(models["data"]) == 1, "models")
    model = models["data"][0]["id"]
    check(request("GET", "/v1/models/" + model)[0] == 200, "models/{id}")
    expect_error(404, request("GET", "/v1/models/nope"), code="model_not_found", what="model/nope")

    # Text: the whole answer, its usage, and the same answer streamed.
    text = {"model": model, "messages": [{"role": "user", "content": "Hello there"}],
            "max_tokens": 32}
    status, whole = chat(text)
    check(status == 200 and whole["object"] == "chat.completion", f"text chat: {whole}")
    choice = whole["choices"][0]
    check(choice["message"]["role"] == "assistant" and choice["message"]["content"], "answer")
    check(choice["finish_reason"] in ("stop", "length"), "finish_reason")
    usage = whole["usage"]
    check(usage["prompt_tokens"] > 0 and usage["completion_tokens"] > 0 and
          usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"], "usage")
    status, events = stream(dict(text, stream_options={"include_usage": True}))
    check(status == 200 and events[-1] == "[DONE]", "stream ends with [DONE]")
    chunks = [e for e in events if isinstance(e, dict)]
    check(all(c["object"] == "chat.completion.chunk" and c["id"] == chunks[0]["id"]
              for c in chunks), "one id, chunk objects")
    check(chunks[0]["choices"][0]["delta"].get("role") == "assistant", "first delta has the role")
    finishes = [c["choices"][0]["finish_reason"] for c in chunks if c["choices"]]
    check(finishes[-1] == choice["finish_reason"] and all(f is None for f in finishes[:-1]),
          "finish_reason only on the last chunk")
    check(content_of(events) == choice["message"]["content"], "streamed == whole (greedy)")
    check(chunks[-1]["choices"] == [] and chunks[-1]["usage"] == usage, "include_usage chunk")

    # max_tokens / max_completion_tokens: cut at the limit, finish_reason "length".
    for key in ("max_tokens", "max_completion_tokens"):
        status, short = chat({"messages": text["messages"], key: 1})
        check(status == 200 and short["choices"][0]["finish_reason"] == "length" and
              short["usage"]["completion_tokens"] == 1, f"{key} 1: {short}")
    expect_error(400, chat(dict(text, max_tokens=max_tokens + 1)), "max_tokens",
                 "max_tokens_too_large", "max_tokens over --max-new-tokens")
    # stop: the answer ends before the first stop string.
    answer = choice["message"]["content"]
    if len(answer) > 3:
        stop = answer[2:4]
        status, stopped = chat(dict(text, stop=[stop, "\u00a7never"]))
        got = stopped["choices"][0]["message"]["content"]
        check(status == 200 and stop not in got and answer.startswith(got) and
              stopped["choices"][0]["finish_reason"] == "stop", f"stop {stop!r}: {got!r}")
    # seed: sampling with one seed repeats itself.
    sampled = [chat(dict(text, temperature=1.0, top_p=0.9, seed=1234))[1] for _ in range(2)]
    check(sampled[0]["choices"][0]["message"]["content"] ==
          sampled[1]["choices"][0]["message"]["content"], "same seed, same answer")
    # System prompt and several turns.
    status, multi = chat({"messages": [{"role": "system", "content": "You are brief."},
                                       {"role": "user", "content": "Hello"},
                                       {"role": "assistant", "content": "Hi."},
                                       {"role": "user", "content": "How are you?"}],
                          "max_tokens": 16})
    check(status == 200 and multi["choices"][0]["message"]["content"], f"multi-turn: {multi}")

    # The first demo photo in which /v1/faces finds a face (the assets' own list).
    photo, faces = None, None
    for path in sorted(glob.glob(os.path.join(photos, "*.jpg"))):
        with open(path, "rb") as f:
            status, doc = request("POST", "/v1/faces", f.read(), {"Content-Type": "image/jpeg"})
        check(status == 200 and doc["frames"][0]["frame"] == 0 and "summary" in doc,
              f"/v1/faces {path}")
        check(len(doc["frames"][0]["faces"]) == doc["summary"]["faces"], "faces count")
        if doc["frames"][0]["faces"]:
            photo, faces = path, doc["frames"][0]["faces"]
            break
    check(photo is not None, "a demo photo with a face")
    photo_url = sc.data_url(photo)
    question = "What is the facial expression of this person?"
    image = {"messages": [user(question, photo_url)], "max_tokens": 32}
    status, whole = chat(image)
    check(status == 200 and whole["choices"][0]["message"]["content"], f"image question: {whole}")
    image_answer = whole["choices"][0]["message"]["content"]
    # Batched (ask_faces) and streamed (chat) answers agree when greedy.
    status, events = stream(image)
    check(status == 200 and content_of(events) == image_answer, "image: streamed == whole")
    # The same file by path under --media-root.
    status, by_path = chat({"messages": [user(question, os.path.basename(photo))],
                            "max_tokens": 32})
    check(status == 200 and by_path["choices"][0]["message"]["content"] == image_answer,
          "media-root path == data URL")
    expect_error(400, chat({"messages": [user(question, "../" + os.path.basename(photo))]}),
                 "messages", "path_outside_media_root", "path outside --media-root")
    expect_error(404, chat({"messages": [user(question, "no-such-photo.jpg")]}), "messages",
                 "file_not_found", "missing file")
    expect_error(400, chat({"messages": [user(question, "https://example.com/a.jpg")]}),
                 "messages", "remote_url_not_supported", "remote URL")

    # Which face: the largest by default; by index, box and landmarks.
    largest = max(range(len(faces)), key=lambda i: faces[i]["box"]["w"] * faces[i]["box"]["h"])
    status, by_index = chat(dict(image, facellava={"face": largest}))
    check(status == 200 and by_index["choices"][0]["message"]["content"] == image_answer,
          "face index of the largest face == default")
    box = faces[largest]["box"]
    status, by_box = chat(dict(image, facellava={"face": [box["x"], box["y"], box["w"], box["h"]]}))
    check(status == 200 and by_box["choices"][0]["message"]["content"] == image_answer,
          "face box of the largest face == default")
    points = [c for point in faces[largest]["landmarks"] for c in point]
    check(len(points) == 136, "68 landmarks from /v1/faces")
    status, by_points = chat(dict(image, facellava={"face": points}))
    check(status == 200 and by_points["choices"][0]["message"]["content"], "face landmarks")
    expect_error(400, chat(dict(image, facellava={"face": len(faces)})), "facellava.face",
                 "face_out_of_range", "face index out of range")
    expect_error(400, chat(dict(image, facellava={"face": [1, 2, 3]})), "facellava.face",
                 what="face of 3 numbers")
    expect_error(400, chat({"messages": [user(question, sc.png_data_url(64, 64))]}), "messages",
                 "no_face", "no face in a flat image")

    # Tasks: the checkpoint's own (config.json) answered with labels; others refused.
    with open(config_path) as f:
        trained = json.load(f).get("facellava_tasks") or ["expression"]
    known = ["expression", "action_units", "attributes", "age", "deepfake"]
    tasks = [t for t in known if t in trained]
    status, answered = chat({"messages": [user("", photo_url)], "facellava": {"tasks": tasks}})
    check(status == 200 and sorted(answered["facellava"]["answers"]) == sorted(tasks),
          f"tasks {tasks}: {answered}")
    check(all(answered["facellava"]["answers"][t]["answer"] for t in tasks), "task answers")
    untrained = [t for t in known if t not in trained]
    if untrained:
        expect_error(400, chat({"messages": [user("", photo_url)],
                                "facellava": {"tasks": untrained[:1]}}),
                     "facellava.tasks", "unsupported_task", "a task it was not trained for")
    expect_error(400, chat({"messages": [user("", photo_url)], "facellava": {"tasks": ["nope"]}}),
                 "facellava.tasks", what="unknown task")
    status, doc = request("POST", "/v1/faces", {"image": photo_url, "tasks": tasks})
    check(status == 200 and all(t in doc["frames"][0]["faces"][0]["answers"] for t in tasks),
          f"/v1/faces with tasks: {doc}")

    # A video as frames (checkpoints with a video tower; others refuse it).
    with open(config_path) as f:
        config = json.load(f)
    has_video = "mm_video_tower" in config or os.path.isdir(
        os.path.join(os.path.dirname(config_path), "video_tower"))
    frames = {"messages": [user("What happens in this video?", photo_url, photo_url)],
              "facellava": {"video": True}, "max_tokens": 16}
    if has_video:
        status, video = chat(frames)
        check(status == 200 and video["choices"][0]["message"]["content"], f"video: {video}")
    else:
        expect_error(400, chat(frames), "facellava.video", "video_not_supported",
                     "video to a checkpoint without a video tower")
        expect_error(400, chat({"messages": [user(question)],
                                "facellava": {"video": os.path.basename(photo)}}),
                     "facellava.video", "video_not_supported", "video path, no video tower")
    expect_error(400, chat({"messages": [user(question, photo_url, photo_url)]}), "messages",
                 what="two images without video")
    expect_error(422, chat({"messages": [user(question, *[photo_url] * (max_frames + 1))],
                            "facellava": {"video": True}}),
                 "messages", "too_many_frames", "frames over --max-frames")

    # Malformed requests.
    raw = lambda b: request("POST", "/v1/chat/completions", b)  # noqa: E731
    expect_error(400, raw(b'{"messages": [ {"role": "user", '), code="invalid_json",
                 what="truncated JSON")
    expect_error(400, raw(b"[1, 2]"), what="JSON that is no object")
    expect_error(400, raw(b"\xff\xfe garbage"), what="bytes that are no JSON")
    expect_error(400, chat({"model": model}), "messages", what="no messages")
    expect_error(400, chat({"messages": "hi"}), "messages", what="messages not an array")
    expect_error(400, chat({"messages": [{"role": "tool", "content": "x"}]}), "messages[0].role",
                 what="role tool")
    expect_error(400, chat({"messages": [{"role": "user", "content": "a"},
                                         {"role": "assistant", "content": "b"}]}),
                 "messages", what="ends with the assistant")
    expect_error(400, chat({"messages": [{"role": "user", "content": 5}]}),
                 "messages[0].content", what="content a number")
    expect_error(400, chat(dict(text, temperature=5)), "temperature", what="temperature 5")
    expect_error(400, chat(dict(text, top_p="x")), "top_p", what="top_p text")
    expect_error(400, chat(dict(text, n=2)), "n", what="n 2")
    expect_error(400, chat(dict(text, stop=[1])), "stop", what="stop a number")
    expect_error(400, chat(dict(text, seed=1.5)), "seed", what="seed 1.5")
    expect_error(400, chat(dict(text, max_tokens=0)), "max_tokens", what="max_tokens 0")
    expect_error(404, chat(dict(text, model="gpt-4o")), "model", "model_not_found", "model")
    expect_error(400, chat({"messages": [user(question, "data:image/jpeg;base64,@@@@")]}),
                 "messages", "invalid_base64", "bad base64")
    expect_error(400, chat({"messages": [user(question, "data:image/jpeg,notbase64")]}),
                 "messages", "invalid_image_url", "data URL without base64")
    expect_error(400, chat({"messages": [user(question, "data:image/jpeg;base64,aGVsbG8gd29ybGQ=")]}),
                 "messages", "invalid_image", "bytes that are no image")
    expect_error(422, chat({"messages": [user(question, sc.png_data_url(max_pixels + 1, 1))]}),
                 "messages", "image_too_large", "image over --max-image-pixels")
    expect_error(400, request("POST", "/v1/faces", b"not an image", {"Content-Type": "image/png"}),
                 "image", "invalid_image", "/v1/faces bad bytes")
    expect_error(400, request("POST", "/v1/faces", {"image": 3}), "image", what="/v1/faces JSON")
    expect_error(413, request("POST", "/v1/chat/completions", b"{" + b" " * (3 << 20) + b"}"),
                 code="request_too_large", what="body over --max-body-mb")
    expect_error(404, request("GET", "/v1/completions"), code="unknown_url", what="unknown route")
    expect_error(404, request("DELETE", "/v1/chat/completions"), what="wrong method")

    # Queue full: with --parallel 1 --queue 0, of simultaneous requests one
    # runs and the others are refused at once (429), none lost or failed.
    results, barrier = [], threading.Barrier(6)

    def one():
        barrier.wait()
        results.append(chat(image)[0])

    threads = [threading.Thread(target=one) for _ in range(6)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    check(sorted(set(results)) in ([200, 429], [429, 200]) and results.count(200) >= 1,
          f"429 when the queue is full: {results}")
    expect_error(429, refused_once(image), code="queue_full", what="429 body")

    # A streaming client that disconnects: the server goes on serving.
    parts = urllib.parse.urlsplit(sc.URL)
    sock = socket.create_connection((parts.hostname, parts.port))
    body = json.dumps({"messages": text["messages"], "stream": True, "max_tokens": 64}).encode()
    sock.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: "
                 b"application/json\r\nContent-Length: " + str(len(body)).encode() +
                 b"\r\n\r\n" + body)
    check(sock.recv(64).startswith(b"HTTP/1.1 200"), "stream started")
    sock.close()
    # Its slot (--parallel 1) comes free once the server sees it gone.
    statuses = []
    for _ in range(100):
        statuses.append(chat(text)[0])
        if statuses[-1] == 200:
            break
        time.sleep(0.1)
    check(request("GET", "/health")[0] == 200 and statuses[-1] == 200 and
          set(statuses) <= {200, 429}, f"serving after a client left mid-stream: {statuses}")


def refused_once(body):
    """A 429 answer: one request held running while another arrives."""
    got, barrier = [], threading.Barrier(4)

    def one():
        barrier.wait()
        got.append(chat(body))

    threads = [threading.Thread(target=one) for _ in range(4)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    refused = [g for g in got if g[0] == 429]
    return refused[0] if refused else got[0]


def auth(key):
    text = {"messages": [{"role": "user", "content": "Hello"}], "max_tokens": 4}
    check(request("GET", "/health")[0] == 200, "/health needs no key")
    expect_error(401, request("GET", "/v1/models"), code="invalid_api_key", what="no key")
    expect_error(401, chat(text, headers={"Authorization": "Bearer wrong"}),
                 code="invalid_api_key", what="wrong key")
    expect_error(401, chat(text, headers={"Authorization": key}), code="invalid_api_key",
                 what="key without Bearer")
    good = {"Authorization": "Bearer " + key}
    check(request("GET", "/v1/models", headers=good)[0] == 200, "models with the key")
    check(chat(text, headers=good)[0] == 200, "chat with the key")
    status, events = stream(text, headers=good)
    check(status == 200 and events[-1] == "[DONE]", "stream with the key")


def timeout():
    text = {"messages": [{"role": "user", "content": "Hello"}], "max_tokens": 64}
    expect_error(504, chat(text), code="timeout", what="past --request-timeout-s")
    status, events = stream(text)
    check(status == 200 and events[-1] == "[DONE]" and
          any(isinstance(e, dict) and e.get("error", {}).get("code") == "timeout"
              for e in events), f"streamed timeout as an error event: {events[-3:]}")
    check(request("GET", "/health")[0] == 200, "serving after timeouts")


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "full":
        full(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
    elif mode == "auth":
        auth(sys.argv[2])
    elif mode == "timeout":
        timeout()
    print(f"python client ({mode}): {len(CHECKS)} checks passed")
