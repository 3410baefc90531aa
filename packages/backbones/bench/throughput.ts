// Training and inference throughput of every back end (small-input variants) at 32×32×3, batch 32.
// Usage: pnpm bench [-- --backend wasm --batch 32 --size 32 --steps 5 --warmup 2 --only resnet18,vgg16]
import { parseArgs } from 'node:util';
import { type ClassifierBackEnd, initBackend, measureThroughput } from '@lowres/core';
import { alexnet, googlenet, inceptionV3, preactResnet164, resnet18, vgg16 } from '../src/index';

const BACK_ENDS: Record<string, () => ClassifierBackEnd> = {
  resnet18: () => resnet18({ smallInput: true }),
  'preact-resnet164': () => preactResnet164(),
  vgg16: () => vgg16({ smallInput: true }),
  'inception-v3': () => inceptionV3({ smallInput: true }),
  alexnet: () => alexnet({ smallInput: true }),
  googlenet: () => googlenet({ smallInput: true }),
  'googlenet-bn': () => googlenet({ smallInput: true, batchNorm: true }),
};

const { values } = parseArgs({
  options: {
    backend: { type: 'string' },
    batch: { type: 'string', default: '32' },
    size: { type: 'string', default: '32' },
    channels: { type: 'string', default: '3' },
    classes: { type: 'string', default: '10' },
    steps: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    only: { type: 'string' },
  },
});

function integer(name: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name}: expected a non-negative integer, got ${text}`);
  return value;
}

const batch = integer('batch', values.batch);
const size = integer('size', values.size);
const channels = integer('channels', values.channels);
const classes = integer('classes', values.classes);
const steps = integer('steps', values.steps);
const warmup = integer('warmup', values.warmup);
const names = values.only ? values.only.split(',') : Object.keys(BACK_ENDS);
for (const name of names) {
  if (!(name in BACK_ENDS)) throw new Error(`--only: unknown back end '${name}'; available: ${Object.keys(BACK_ENDS).join(', ')}`);
}

const backend = await initBackend(values.backend);
console.log(`backend ${backend}, input ${size}×${size}×${channels}, batch ${batch}, ${classes} classes, ${steps} timed steps after ${warmup} warm-up`);
console.log(['back end', 'parameters', 'train img/s', 'train ms/step', 'infer img/s', 'infer ms/step'].join('\t'));
for (const name of names) {
  const model = BACK_ENDS[name]!().build({ height: size, width: size, channels }, classes);
  const common = { batch, steps, warmup, classes };
  const infer = await measureThroughput(model, { ...common, mode: 'infer' });
  const train = await measureThroughput(model, { ...common, mode: 'train' });
  console.log(
    [
      name,
      model.countParams(),
      train.imagesPerSecond.toFixed(2),
      train.medianStepMilliseconds.toFixed(0),
      infer.imagesPerSecond.toFixed(2),
      infer.medianStepMilliseconds.toFixed(0),
    ].join('\t'),
  );
  model.dispose();
}
