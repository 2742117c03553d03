"""`facellava serve` asked about a video, with a checkpoint that has a video
tower (issue #27): a path under --media-root, the same video as image_url
frames, streaming, the answer of `facellava chat --video`, and the refusals.

  video_client.py FACELLAVA FIXTURES PHOTOS_DIR MEDIA_ROOT MAX_FRAMES
      (server: --checkpoint FIXTURES/checkpoint_layouts/released_embedded
       --media-root MEDIA_ROOT --max-frames MAX_FRAMES,
       HF_HOME naming the cache that holds the towers' configs; FFMPEG and FFPROBE
       the tools, else found on PATH)

The expectations come from the tower configs in the HF cache (frames per
video, patches per frame) and from the CLI, never from the server itself.
"""
import base64
import glob
import json
import os
import struct
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from serve_common import request, stream, user  # noqa: E402
from python_client import check, expect_error, chat, content_of  # noqa: E402

QUESTION = "What is happening in this video?"
MAX_TOKENS = 8
# Frames of the test clip: more than the tower samples, and a count at which
# np.linspace(0, n - 1, k) (the authors' sampler) and k * n / k differ.
CLIP_FRAMES = 10


def tower_config(checkpoint, key):
    """The tower's config.json in $HF_HOME/hub, as the README of the fixture says."""
    with open(os.path.join(checkpoint, "config.json")) as f:
        hub_id = json.load(f)[key]
    repo = os.path.join(os.environ["HF_HOME"], "hub", "models--" + hub_id.replace("/", "--"))
    with open(os.path.join(repo, "refs", "main")) as f:
        revision = f.read().strip()
    with open(os.path.join(repo, "snapshots", revision, "config.json")) as f:
        return json.load(f)["vision_config"]


def safetensors_shapes(path):
    """{name: shape} from a safetensors header."""
    with open(path, "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
    return {k: v["shape"] for k, v in header.items() if k != "__metadata__"}


def linspace_indices(n, k):
    """np.linspace(0, n - 1, k).astype(int): the authors' uniform frame sampler."""
    if k == 1:
        return [0]
    return [int(i * (n - 1) / (k - 1)) for i in range(k - 1)] + [n - 1]


def ffmpeg(*args):
    subprocess.run([os.environ.get("FFMPEG", "ffmpeg"), "-v", "error", "-y", *args], check=True)


def first_face_photo(photos):
    for path in sorted(glob.glob(os.path.join(photos, "*.jpg"))):
        with open(path, "rb") as f:
            status, doc = request("POST", "/v1/faces", f.read(), {"Content-Type": "image/jpeg"})
        check(status == 200, f"/v1/faces {path}: {doc}")
        if doc["frames"][0]["faces"]:
            return path
    raise AssertionError("no demo photo with a face")


def answer_of(status, doc, what):
    check(status == 200, f"{what}: status {status}: {doc}")
    text = doc["choices"][0]["message"]["content"]
    check(text, f"{what}: an answer")
    return text


def main(facellava, fixtures, photos, media_root, max_frames):
    checkpoint = os.path.join(fixtures, "checkpoint_layouts", "released_embedded")
    video_cfg = tower_config(checkpoint, "mm_video_tower")
    image_cfg = tower_config(checkpoint, "mm_image_tower")
    num_frames = video_cfg["num_frames"]
    check(num_frames <= max_frames, "the test's --max-frames lets the tower's frames through")
    patches = lambda cfg: (cfg["image_size"] // cfg["patch_size"]) ** 2  # noqa: E731
    check(patches(video_cfg) == patches(image_cfg), "same tokens per frame in both towers")

    # A short clip whose frames differ (the photo slides 24 px a frame), so
    # that another choice of frames would give another answer.
    photo = first_face_photo(photos)
    clip = os.path.join(media_root, "clip.mp4")
    ffmpeg("-loop", "1", "-framerate", "6", "-i", photo, "-frames:v", str(CLIP_FRAMES),
           "-vf", "scale=880:-2,crop=640:ih:24*n:0", "-c:v", "mpeg4", "-q:v", "2", clip)
    probe = subprocess.run([os.environ.get("FFPROBE", "ffprobe"), "-v", "error", "-count_frames",
                            "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames",
                            "-of", "csv=p=0", clip], check=True, capture_output=True, text=True)
    check(int(probe.stdout.strip()) == CLIP_FRAMES, f"clip has {CLIP_FRAMES} frames")

    greedy = {"max_tokens": MAX_TOKENS, "temperature": 0}
    # (1) The video by path.
    by_path = dict(greedy, messages=[user(QUESTION)], facellava={"video": "clip.mp4"})
    status, doc = chat(by_path)
    path_answer = answer_of(status, doc, "video path")
    path_usage = doc["usage"]
    # Prompt tokens: the one-image prompt of the same question, less its image
    # tokens, plus each frame's tokens (the shapes of the authors' reference
    # outputs in the fixture: a video frame keeps its CLS token, an image does
    # not) and the text between the frames' "<image> <image> …" placeholders.
    with open(photo, "rb") as f:
        photo_url = "data:image/jpeg;base64," + base64.b64encode(f.read()).decode()
    status, one = chat(dict(greedy, messages=[user(QUESTION, photo_url)]))
    answer_of(status, one, "one image")
    shapes = safetensors_shapes(os.path.join(fixtures, "facellava_tiny.io.safetensors"))
    frame_tokens = shapes["video.visual_tokens"][2]  # (1, T, N+1, H)
    image_tokens = shapes["image.visual_tokens"][1]  # (1, N, H)
    check(shapes["video.visual_tokens"][1] == num_frames, "fixture video has the tower's frames")
    check(image_tokens == patches(image_cfg) and frame_tokens == patches(video_cfg) + 1,
          "the reference's tokens are the towers' patches (+ CLS for a video frame)")
    between = (doc["usage"]["prompt_tokens"] - one["usage"]["prompt_tokens"]
               - (num_frames * frame_tokens - image_tokens))
    # " " between placeholders: "▁" alone or with SentencePiece's dummy prefix.
    check(between in ((num_frames - 1) * 1, (num_frames - 1) * 2),
          f"video prompt has {num_frames} frames of {frame_tokens} tokens: "
          f"{doc['usage']} vs one image {one['usage']} ({image_tokens} tokens)")
    check(doc["usage"]["completion_tokens"] <= MAX_TOKENS, "max_tokens kept")

    # (2) The same frames as image_url parts (PNG: no second lossy encoding).
    frame_dir = os.path.join(media_root, "frames")
    os.makedirs(frame_dir, exist_ok=True)
    urls = []
    for index in linspace_indices(CLIP_FRAMES, num_frames):
        png = os.path.join(frame_dir, f"{index}.png")
        ffmpeg("-i", clip, "-vf", f"select=eq(n\\,{index})", "-frames:v", "1", png)
        with open(png, "rb") as f:
            urls.append("data:image/png;base64," + base64.b64encode(f.read()).decode())
    status, doc = chat(dict(greedy, messages=[user(QUESTION, *urls)], facellava={"video": True}))
    frames_answer = answer_of(status, doc, "video as image_url frames")
    print(f"path: {path_answer!r}\nframes: {frames_answer!r}")
    check(frames_answer == path_answer,
          "the clip's linspace frames as image_url parts answer as the clip by path")

    # (3) Streaming: the deltas add up to the answer.
    status, events = stream(by_path)
    check(status == 200 and events and events[-1] == "[DONE]", f"video stream: {events}")
    check(content_of(events) == path_answer, f"streamed {content_of(events)!r}")

    # (4) The CLI's video path (`facellava chat --video`), greedy: the same
    # frames (core's uniform_indices, pinned to np.linspace by (2) on the
    # server's side and by tests/core/test_media.cpp on the CLI's), the same
    # faces and crops (both run the analysis pipeline, --crop-from auto), the
    # same prompt: the same answer.
    cli = subprocess.run([facellava, "chat", "--checkpoint", checkpoint, "--video", clip,
                          "--temperature", "0", "--max-new-tokens", str(MAX_TOKENS), "--json",
                          QUESTION], check=True, capture_output=True, text=True)
    reply = json.loads(cli.stdout)
    print(f"cli: {reply['answer']!r}")
    check(reply["answer"] == path_answer,
          f"chat --video answers {reply['answer']!r}, serve {path_answer!r}")
    check(reply["prompt_tokens"] == path_usage["prompt_tokens"],
          f"chat --video prompt {reply['prompt_tokens']} tokens, serve {path_usage}")
    check(reply["new_tokens"] == path_usage["completion_tokens"],
          f"chat --video {reply['new_tokens']} new tokens, serve {path_usage}")

    # (5) A path outside --media-root.
    outside = os.path.relpath(photo, media_root)
    expect_error(400, chat(dict(greedy, messages=[user(QUESTION)],
                                facellava={"video": outside})),
                 "facellava.video", what="video path outside --media-root")
    # (6) More frames than --max-frames.
    expect_error(422, chat(dict(greedy, messages=[user(QUESTION, *[urls[0]] * (max_frames + 1))],
                                facellava={"video": True})),
                 "messages", "too_many_frames", "frames over --max-frames")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    print("video checks passed")
