#!/usr/bin/env bash
# `facellava serve` with curl, as a shell user calls it: /health,
# /v1/models, a text question, the same streamed (server-sent events ending
# in "data: [DONE]"), a question about a demo photo (data: URL), /v1/faces,
# and the malformed requests (400, 404), each an OpenAI-style error body.
#   FACELLAVA_SERVE_URL=http://… curl_client.sh PHOTOS_DIR
set -euo pipefail
url="${FACELLAVA_SERVE_URL:?run through with_server.sh}"
photos="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# status BODY_FILE METHOD PATH [curl args…]: prints the HTTP status.
call() {
  local out="$1" method="$2" path="$3"
  shift 3
  curl -sS -o "$out" -w '%{http_code}' -X "$method" "$url$path" "$@"
}

[[ "$(call "$work/h" GET /health)" == 200 ]] || fail "/health"
grep -q '"status":"ok"' "$work/h" || fail "/health body: $(cat "$work/h")"

[[ "$(call "$work/m" GET /v1/models)" == 200 ]] || fail "/v1/models"
model="$(sed -n 's/.*"data":\[{[^]]*"id":"\([^"]*\)".*/\1/p' "$work/m")"
[[ -n "$model" ]] || fail "no model id in $(cat "$work/m")"

json=(-H 'Content-Type: application/json')
text_request='{"model":"'"$model"'","messages":[{"role":"user","content":"Hello, who are you?"}],"max_tokens":8}'
[[ "$(call "$work/c" POST /v1/chat/completions "${json[@]}" -d "$text_request")" == 200 ]] \
  || fail "chat: $(cat "$work/c")"
grep -q '"object":"chat.completion"' "$work/c" || fail "chat object: $(cat "$work/c")"
grep -q '"finish_reason":"\(stop\|length\)"' "$work/c" || fail "finish_reason: $(cat "$work/c")"
grep -q '"completion_tokens":[1-9]' "$work/c" || fail "usage: $(cat "$work/c")"

stream_request='{"model":"'"$model"'","stream":true,"messages":[{"role":"user","content":"Hello"}],"max_tokens":8}'
[[ "$(call "$work/s" POST /v1/chat/completions "${json[@]}" -N -d "$stream_request")" == 200 ]] \
  || fail "stream: $(cat "$work/s")"
grep -q '^data: {.*"object":"chat.completion.chunk"' "$work/s" || fail "no chunk: $(cat "$work/s")"
grep -q '"finish_reason":"\(stop\|length\)"' "$work/s" || fail "no finish chunk"
[[ "$(grep -v '^$' "$work/s" | tail -n 1)" == "data: [DONE]" ]] || fail "no [DONE] at the end"
[[ "$(grep -vc '^\(data: .*\)\?$' "$work/s")" == 0 ]] || fail "a line that is no SSE data line"

# The first demo photo in which /v1/faces finds a face.
photo=""
for candidate in "$photos"/*.jpg; do
  code="$(call "$work/f" POST /v1/faces -H 'Content-Type: image/jpeg' --data-binary "@$candidate")"
  [[ "$code" == 200 ]] || fail "/v1/faces $candidate: $code $(cat "$work/f")"
  grep -q '"frames":\[{"frame":0' "$work/f" || fail "/v1/faces document: $(head -c 300 "$work/f")"
  if grep -q '"faces":\[{' "$work/f"; then
    photo="$candidate"
    break
  fi
done
[[ -n "$photo" ]] || fail "no demo photo in $photos has a face"

{
  printf '{"model":"%s","max_tokens":24,"messages":[{"role":"user","content":[' "$model"
  printf '{"type":"text","text":"What is the facial expression of this person?"},'
  printf '{"type":"image_url","image_url":{"url":"data:image/jpeg;base64,'
  base64 -w0 "$photo"
  printf '"}}]}]}'
} >"$work/image.json"
[[ "$(call "$work/i" POST /v1/chat/completions "${json[@]}" --data-binary "@$work/image.json")" == 200 ]] \
  || fail "image question: $(cat "$work/i")"
grep -q '"content":"[^"]' "$work/i" || fail "empty answer: $(cat "$work/i")"

# Refusals: status and OpenAI's error shape.
expect_error() {
  local want="$1" code
  shift
  code="$(call "$work/e" "$@")"
  [[ "$code" == "$want" ]] || fail "$* gave $code, not $want: $(cat "$work/e")"
  grep -q '^{"error":{"code":.*"message":"[^"]' "$work/e" || fail "error body: $(cat "$work/e")"
}
expect_error 400 POST /v1/chat/completions "${json[@]}" -d '{"messages": [ {"role": "user", '
expect_error 400 POST /v1/chat/completions "${json[@]}" -d '{"messages": []}'
expect_error 400 POST /v1/chat/completions "${json[@]}" \
  -d '{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,@@@"}},{"type":"text","text":"hi"}]}]}'
expect_error 404 POST /v1/chat/completions "${json[@]}" \
  -d '{"model":"no-such-model","messages":[{"role":"user","content":"hi"}]}'
expect_error 404 GET /v1/no-such-route
echo "curl client: all checks passed (photo $(basename "$photo"))"
