import { backendReport, initBackend } from '@lowres/core';
import { loadExportedPipeline } from '@lowres/trainer';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { type Classification, classify, type FloatImage } from './classify';
import { loadSamples, sampleImage } from './exported-samples';
import { pictureToInput } from './image-input';
import { onPicture, readPicture } from './picture-input';
import { pluginLayers } from './plugin-layers';
import { paintImage } from './render';
import { element, showResult } from './show-result';
import './style.css';

/** What the page exposes to scripts (and the Playwright test): the backend, model facts and samples once loaded; classifying stored test image `index`. */
interface DemoApi {
  ready: Promise<{ backend: string; skipped: string[]; samples: number; classNames: string[] }>;
  classifySample(index: number): Promise<Classification>;
}

async function start(): Promise<DemoApi> {
  const status = element('status');
  const wasmPaths = { 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded };
  const backend = await initBackend(undefined, { wasmPaths });
  const report = backendReport();
  Object.assign(element('backend'), { textContent: `backend: ${backend}`, title: report?.skipped.join('\n') || 'the fastest backend runs' });
  const modelUrl = new URLSearchParams(location.search).get('model') ?? './model/';
  const [pipeline, samples] = await Promise.all([loadExportedPipeline(modelUrl, { registerLayers: pluginLayers }), loadSamples(modelUrl)]);
  const { manifest } = pipeline;
  element('model').textContent = `${manifest.sr.name} ×${manifest.sr.scale} → ${manifest.classifier.name}: ${manifest.input.height}×${manifest.input.width} input, ${manifest.classes} classes`;
  status.textContent = 'Pick a test image or drop your own.';
  const run = async (image: FloatImage, truth?: number) => {
    const result = await classify(pipeline, image);
    showResult(pipeline, image, result, truth);
    return result;
  };
  samples?.images.forEach((sample, index) => {
    const [button, canvas] = [document.createElement('button'), document.createElement('canvas')];
    paintImage(canvas, sampleImage(samples, index));
    button.append(canvas);
    button.title = manifest.classNames[sample.label] ?? String(sample.label);
    button.addEventListener('click', () => void run(sampleImage(samples, index), sample.label));
    element('gallery').append(button);
  });
  const openPicture = async (file: File) => {
    const { data, width, height } = await readPicture(file);
    await run(pictureToInput(data, width, height, manifest.input));
  };
  onPicture(element('drop'), element<HTMLInputElement>('file'), openPicture, (error) => (status.textContent = error.message));
  if (samples?.images.length) await run(sampleImage(samples, 0), samples.images[0]!.label);
  return {
    ready: Promise.resolve({ backend, skipped: report?.skipped ?? [], samples: samples?.images.length ?? 0, classNames: [...manifest.classNames] }),
    classifySample: (index) => run(sampleImage(samples, index), samples?.images[index]?.label),
  };
}

const api = start().catch((error: Error) => {
  element('status').textContent = `could not start: ${error.message}`;
  throw error;
});
(window as unknown as { lowresDemo: DemoApi }).lowresDemo = { ready: api.then((demo) => demo.ready), classifySample: async (index) => (await api).classifySample(index) };
