// Training and inference throughput of every classifier back end on the active backend:
// BagNet-9/17/33 at 64×64×3 (their Tiny ImageNet setting) and the small-input variants of the
// classic back ends and LR-Net at 32×32×3, batch 32 by default.
// Usage: pnpm bench:back-ends [--backend wasm] [--batch 32] [--micro-batch 8] [--steps 3] [--warmup 1] [--only bagnet9,resnet18]
import { parseArgs } from 'node:util';
import { type ClassifierBackEnd, type ImageShape, initBackend, measureThroughput, requirePositiveInteger } from '@lowres/core';
import { alexnet, googlenet, inceptionV3, preactResnet164, resnet18, vgg16 } from '@lowres/backbones';
import { bagnet } from '@lowres/bagnet';
import { lrnet } from '@lowres/lrnet';
import { formatTable } from './table';

const SMALL: ImageShape = { height: 32, width: 32, channels: 3 };
const TINY_IMAGENET: ImageShape = { height: 64, width: 64, channels: 3 };

const BACK_ENDS: Record<string, { create: () => ClassifierBackEnd; input: ImageShape }> = {
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
};

const { values } = parseArgs({
  options: {
    backend: { type: 'string' },
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

const backend = await initBackend(values.backend);
console.error(`backend ${backend}, batch ${batch} (training in micro-batches of ${microBatch}), ${classes} classes, ${steps} timed step(s) after ${warmup} warm-up`);
const rows: string[][] = [];
for (const name of names) {
  const { create, input } = BACK_ENDS[name]!;
  console.error(`running ${name}…`);
  const model = create().build(input, classes);
  const common = { batch, steps, warmup, classes };
  const infer = await measureThroughput(model, { ...common, mode: 'infer' });
  const train = await measureThroughput(model, { ...common, microBatch, mode: 'train' });
  rows.push([
    name,
    `${input.height}×${input.width}×${input.channels}`,
    model.countParams().toLocaleString('en-US'),
    train.imagesPerSecond.toFixed(2),
    infer.imagesPerSecond.toFixed(2),
  ]);
  model.dispose();
}
console.log(formatTable(['back end', 'input', 'parameters', 'train img/s', 'infer img/s'], rows));
