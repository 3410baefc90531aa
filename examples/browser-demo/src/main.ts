import { backendReport, initBackend } from '@lowres/core';
import { type ExportedPipeline, loadExportedPipeline, PIPELINE_SAMPLES_FILE, type PipelineSamples, parsePipelineSamples } from '@lowres/trainer';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { type Classification, classify, type FloatImage } from './classify';
import { pictureToInput } from './image-input';
import { paint, paintImage, renderBars } from './render';
import './style.css';

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** What the page exposes to scripts (and the Playwright test). */
interface DemoApi {
  /** The backend, model facts and samples, once the model has loaded. */
  ready: Promise<{ backend: string; skipped: string[]; samples: number; classNames: string[] }>;
  /** Classifies stored test image `index`, shows it, and returns the result. */
  classifySample(index: number): Promise<Classification>;
}

async function loadSamples(modelUrl: string): Promise<PipelineSamples | undefined> {
  const url = `${modelUrl.replace(/\/+$/, '')}/${PIPELINE_SAMPLES_FILE}`;
  const response = await fetch(url);
  return response.ok ? parsePipelineSamples(await response.json(), url) : undefined;
}

function show(pipeline: ExportedPipeline, image: FloatImage, result: Classification, truth?: number): void {
  const { classNames } = pipeline.manifest;
  paintImage(element<HTMLCanvasElement>('input'), image);
  paintImage(element<HTMLCanvasElement>('sr'), result.sr);
  const evidence = element<HTMLElement>('evidence-panel');
  evidence.hidden = result.evidence === undefined;
  if (result.evidence) {
    paint(element<HTMLCanvasElement>('evidence'), result.evidence.rgba, result.evidence.width, result.evidence.height);
    element('evidence-caption').textContent = `evidence for “${classNames[result.predicted]}”: red supports it, blue speaks against it`;
  }
  renderBars(element('bars'), result, classNames, truth);
  const verdict = truth === undefined ? '' : truth === result.predicted ? ' — correct' : ` — true class: ${classNames[truth]}`;
  element('verdict').textContent = `prediction: ${classNames[result.predicted]} (${(result.probabilities[result.predicted]! * 100).toFixed(1)} %)${verdict}`;
  element('timing').textContent = `inference ${result.milliseconds.toFixed(1)} ms`;
}

async function start(): Promise<DemoApi> {
  const status = element('status');
  const backend = await initBackend(undefined, {
    wasmPaths: { 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded },
  });
  const report = backendReport();
  element('backend').textContent = `backend: ${backend}`;
  element('backend').title = report?.skipped.join('\n') || 'the fastest backend runs';
  const modelUrl = new URLSearchParams(location.search).get('model') ?? './model/';
  const pipeline = await loadExportedPipeline(modelUrl);
  const samples = await loadSamples(modelUrl);
  const { manifest } = pipeline;
  element('model').textContent =
    `${manifest.sr.name} ×${manifest.sr.scale} → ${manifest.classifier.name}: ${manifest.input.height}×${manifest.input.width} input, ${manifest.classes} classes`;
  status.textContent = 'Pick a test image or drop your own.';

  const run = async (image: FloatImage, truth?: number) => {
    const result = await classify(pipeline, image);
    show(pipeline, image, result, truth);
    return result;
  };
  const gallery = element('gallery');
  const sampleImage = (index: number): FloatImage => {
    const sample = samples?.images[index];
    if (!samples || !sample) throw new RangeError(`no test image ${index}; the export holds ${samples?.images.length ?? 0}`);
    return { ...samples.shape, pixels: Float32Array.from(sample.pixels) };
  };
  samples?.images.forEach((sample, index) => {
    const button = document.createElement('button');
    const canvas = document.createElement('canvas');
    paintImage(canvas, sampleImage(index));
    button.append(canvas);
    button.title = manifest.classNames[sample.label] ?? String(sample.label);
    button.addEventListener('click', () => void run(sampleImage(index), sample.label));
    gallery.append(button);
  });

  const openPicture = async (file: File) => {
    const bitmap = await createImageBitmap(file);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d')!;
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    await run(pictureToInput(data, bitmap.width, bitmap.height, manifest.input));
  };
  const drop = element('drop');
  drop.addEventListener('dragover', (event) => event.preventDefault());
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    const file = event.dataTransfer?.files[0];
    if (file) void openPicture(file).catch((error: Error) => (status.textContent = error.message));
  });
  element<HTMLInputElement>('file').addEventListener('change', (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) void openPicture(file).catch((error: Error) => (status.textContent = error.message));
  });
  if (samples?.images.length) await run(sampleImage(0), samples.images[0]!.label);

  return {
    ready: Promise.resolve({ backend, skipped: report?.skipped ?? [], samples: samples?.images.length ?? 0, classNames: [...manifest.classNames] }),
    classifySample: (index) => run(sampleImage(index), samples?.images[index]?.label),
  };
}

const api = start().catch((error: Error) => {
  element('status').textContent = `could not start: ${error.message}`;
  throw error;
});
(window as unknown as { lowresDemo: DemoApi }).lowresDemo = {
  ready: api.then((demo) => demo.ready),
  classifySample: async (index) => (await api).classifySample(index),
};
