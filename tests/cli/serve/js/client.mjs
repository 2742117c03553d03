// `facellava serve` with the official `openai` npm client (pinned in
// package-lock.json, installed by the cli.serve_js_setup fixture), run with
// Node: models, a whole and a streamed answer (equal when greedy), a question
// about a demo photo, and the refusals as the client's typed errors.
//   FACELLAVA_SERVE_URL=http://… node client.mjs API_KEY PHOTOS_DIR
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import OpenAI from "openai";

const url = process.env.FACELLAVA_SERVE_URL;
const [key, photos] = process.argv.slice(2);
let checks = 0;
function check(condition, what) {
  checks++;
  if (!condition) throw new Error(`FAIL: ${what}`);
}
async function expectError(promise, ErrorType, status, what, param) {
  try {
    await promise;
  } catch (e) {
    check(e instanceof ErrorType, `${what}: ${e.constructor.name}, wanted ${ErrorType.name}`);
    check(e.status === status, `${what}: status ${e.status}, wanted ${status}`);
    check(typeof e.error?.message === "string" && e.error.message.length > 0, `${what}: message`);
    if (param !== undefined) check(e.param === param, `${what}: param ${e.param}`);
    return;
  }
  check(false, `${what}: no error`);
}

const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 });
const models = [];
for await (const m of client.models.list()) models.push(m.id);
check(models.length === 1, `one model: ${models}`);
const model = models[0];

const messages = [{ role: "user", content: "Hello, how are you?" }];
const whole = await client.chat.completions.create({ model, messages, max_tokens: 24 });
const answer = whole.choices[0].message.content;
check(answer.length > 0, "an answer");
check(["stop", "length"].includes(whole.choices[0].finish_reason), "finish_reason");
check(whole.usage.completion_tokens > 0, "usage");

const stream = await client.chat.completions.create({
  model, messages, max_tokens: 24, stream: true, stream_options: { include_usage: true },
});
let streamed = "";
let finish = null;
let usage = null;
for await (const chunk of stream) {
  if (chunk.choices.length) {
    streamed += chunk.choices[0].delta?.content ?? "";
    finish = chunk.choices[0].finish_reason ?? finish;
  }
  usage = chunk.usage ?? usage;
}
check(streamed === answer, `streamed == whole: ${JSON.stringify(streamed)} vs ${JSON.stringify(answer)}`);
check(finish === whole.choices[0].finish_reason, "stream finish_reason");
check(usage && usage.completion_tokens === whole.usage.completion_tokens, "stream usage");

// The first demo photo in which /v1/faces finds a face.
let photo = null;
for (const name of fs.readdirSync(photos).filter((n) => n.endsWith(".jpg")).sort()) {
  const bytes = fs.readFileSync(path.join(photos, name));
  const res = await fetch(`${url}/v1/faces`, {
    method: "POST", body: bytes,
    headers: { "Content-Type": "image/jpeg", Authorization: `Bearer ${key}` },
  });
  check(res.status === 200, `/v1/faces ${name}`);
  if ((await res.json()).frames[0].faces.length) {
    photo = bytes;
    break;
  }
}
check(photo !== null, "a demo photo with a face");
const imageMessages = [{
  role: "user",
  content: [
    { type: "text", text: "What is the facial expression of this person?" },
    { type: "image_url", image_url: { url: `data:image/jpeg;base64,${photo.toString("base64")}` } },
  ],
}];
const image = await client.chat.completions.create({ model, messages: imageMessages, max_tokens: 32 });
check(image.choices[0].message.content.length > 0, "image answer");
let imageStreamed = "";
for await (const chunk of await client.chat.completions.create({
  model, messages: imageMessages, max_tokens: 32, stream: true,
})) imageStreamed += chunk.choices[0]?.delta?.content ?? "";
check(imageStreamed === image.choices[0].message.content, "image: streamed == whole");

// Refusals, as the client's error classes.
const wrong = new OpenAI({ baseURL: `${url}/v1`, apiKey: "wrong-key", maxRetries: 0 });
await expectError(wrong.chat.completions.create({ model, messages }), OpenAI.AuthenticationError,
  401, "wrong key");
await expectError(client.chat.completions.create({ model: "no-such-model", messages }),
  OpenAI.NotFoundError, 404, "unknown model", "model");
await expectError(client.chat.completions.create({ model, messages, temperature: 5 }),
  OpenAI.BadRequestError, 400, "temperature 5", "temperature");
await expectError(client.chat.completions.create({ model, messages, max_tokens: 1 << 20 }),
  OpenAI.BadRequestError, 400, "max_tokens over the limit", "max_tokens");
await expectError(client.chat.completions.create({ model, messages: [] }),
  OpenAI.BadRequestError, 400, "no messages", "messages");
await expectError(client.chat.completions.create({
  model, stream: true,
  messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "data:image/png;base64,@@" } }, { type: "text", text: "hi" }] }],
}), OpenAI.BadRequestError, 400, "bad base64, streamed", "messages");
const installed = path.join(path.dirname(fileURLToPath(import.meta.url)), "node_modules", "openai");
const version = JSON.parse(fs.readFileSync(path.join(installed, "package.json"))).version;
console.log(`openai ${version} JS client: ${checks} checks passed`);
