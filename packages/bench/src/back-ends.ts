// Training and inference throughput of every classifier back end on the active backend:
// BagNet-9/17/33 at 64×64×3 (their Tiny ImageNet setting) and the small-input variants of the
// classic back ends and LR-Net at 32×32×3, batch 32 by default; and WDSR-A ×2 (32×32×3 → 64×64×3,
// pixel loss). `--json` prints the rows as JSON lines (compare-backends.ts reads them).
// Usage: pnpm bench:back-ends [--backend wasm] [--threads 2] [--batch 32] [--micro-batch 8] [--steps 3] [--warmup 1] [--only bagnet9,resnet18] [--json]
import { parseArgs } from 'node:util';
import { type ClassifierBackEnd, type ImageShape, type SrFrontEnd, initBackend, requirePositiveInteger } from '@lowres/core';
import { measureThroughput } from '@lowres/engine';
import { alexnet, googlenet, inceptionV3, preactResnet164, resnet18, vgg16 } from '@lowres/backbones';
import { bagnet } from '@lowres/bagnet';
import { wdsrA } from '@lowres/hf-weighted-sr';
import { lrnet } from '@lowres/lrnet';
import { formatTable } from './table';

const SMALL: ImageShape = { height: 32, width: 32, channels: 3 };
const TINY_IMAGENET: ImageShape = { height: 64, width: 64, channels: 3 };

/** A benchmarked model: a classifier (cross-entropy) or an SR front end (pixel loss). */
interface BenchModel {
  create: () => ClassifierBackEnd | SrFrontEnd;
  input: ImageShape;
}

const BACK_ENDS: Record<string, BenchModel> = {
  lrnet: { create: () => lrnet(), input: SMALL },
  bagnet9: { create: () => bagnet({ patch: 9 }), input: TINY_IMAGENET },
  bagnet17: { create: () => bagnet({ patch: 17 }), input: TINY_IMAGENET },
  bagnet33: { create: () => bagnet({ patch: 33 }), input: TINY_IMAGENET },
  resnet18: { create: () => resnet18({ smallInput: true }), input: SMALL },
  'preact-resnet164': { create: () => preactResnet164(), input: SMALL },
  vgg16: { create: () => vgg16({ smallInput: true }), input: SMALL },
  'inception-v3': { create: () => inceptionV3({ smallInput: true }), input: SMALL },
  alexnet: { create: () => alexnet({ smallInput: true }), input: SMALL },
  googlenet: { create: () => googlenet({ smallInput: true }), input: SMALL },
  'wdsr-a': { create: () => wdsrA({ scale: 2, channels: 3 }), input: SMALL },
};

const { values } = parseArgs({
  options: {
    backend: { type: 'string' },
    threads: { type: 'string' },
    json: { type: 'boolean', default: false },
    batch: { type: 'string', default: '32' },
    classes: { type: 'string', default: '10' },
    steps: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    // A training step keeps every tensor of its pass alive: BagNet at 64×64, batch 32 exceeds wasm's 4 GB heap.
    'micro-batch': { type: 'string', default: '8' },
    only: { type: 'string' },
  },
});
const batch = requirePositiveInteger('--batch', Number(values.batch));
const classes = requirePositiveInteger('--classes', Number(values.classes));
const steps = requirePositiveInteger('--steps', Number(values.steps));
const warmup = Number(values.warmup);
const microBatch = Math.min(batch, requirePositiveInteger('--micro-batch', Number(values['micro-batch'])));
const names = values.only ? values.only.split(',') : Object.keys(BACK_ENDS);
for (const name of names) {
  if (!(name in BACK_ENDS)) throw new Error(`--only: unknown back end '${name}'; available: ${Object.keys(BACK_ENDS).join(', ')}`);
}

const threads = values.threads === undefined ? undefined : requirePositiveInteger('--threads', Number(values.threads));
const backend = await initBackend(values.backend, threads === undefined ? {} : { threads });
console.error(`backend ${backend}, batch ${batch} (training in micro-batches of ${microBatch}), ${classes} classes, ${steps} timed step(s) after ${warmup} warm-up`);
const rows: string[][] = [];
for (const name of names) {
  const { create, input } = BACK_ENDS[name]!;
  console.error(`running ${name}…`);
  const plugin = create();
  const model = plugin.kind === 'sr' ? plugin.build(input) : plugin.build(input, classes);
  const common = plugin.kind === 'sr' ? { batch, steps, warmup, loss: 'pixel' as const } : { batch, steps, warmup, classes };
  const infer = await measureThroughput(model, { ...common, mode: 'infer' });
  const train = await measureThroughput(model, { ...common, microBatch, mode: 'train' });
  if (values.json) {
    console.log(JSON.stringify({ name, backend, train: train.imagesPerSecond, infer: infer.imagesPerSecond, microBatch: train.microBatch }));
  }
  rows.push([
    name,
    `${input.height}×${input.width}×${input.channels}`,
    model.countParams().toLocaleString('en-US'),
    train.imagesPerSecond.toFixed(2),
    infer.imagesPerSecond.toFixed(2),
  ]);
  model.dispose();
}
if (!values.json) console.log(formatTable(['back end', 'input', 'parameters', 'train img/s', 'infer img/s'], rows));
