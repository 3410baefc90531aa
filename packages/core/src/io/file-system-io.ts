import { mkdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { DatasetFormatError, DatasetNotFoundError } from '../errors';
import { MODEL_JSON_FILE } from './model-json-url';
import { writeAtomically } from './write-atomically';

/** Weight file written by {@link fileSystemIO}. */
export const WEIGHTS_FILE = 'weights.bin';

async function readOrExplain(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DatasetNotFoundError(file, 'expected a TF.js model directory (model.json + weights)');
    throw error;
  }
}

/**
 * A TF.js IOHandler that saves to and loads from a directory (model.json + weights.bin), the
 * format tfjs-node's file:// handler uses, for Node without tfjs-node.
 */
export function fileSystemIO(dir: string): tf.io.IOHandler {
  const jsonPath = path.join(dir, MODEL_JSON_FILE);
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new DatasetFormatError(jsonPath, 'binary model topologies are not supported; expected a JSON topology');
      }
      await mkdir(dir, { recursive: true });
      const weightData = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const manifest: tf.io.WeightsManifestConfig = [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }];
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        weightsManifest: manifest,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
        ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
      };
      await writeAtomically(path.join(dir, WEIGHTS_FILE), new Uint8Array(weightData));
      await writeAtomically(jsonPath, JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      let modelJson: tf.io.ModelJSON;
      try {
        modelJson = JSON.parse((await readOrExplain(jsonPath)).toString('utf8')) as tf.io.ModelJSON;
      } catch (error) {
        if (DatasetNotFoundError.isInstance(error)) throw error;
        throw new DatasetFormatError(jsonPath, `not valid JSON (${(error as Error).message})`, { cause: error });
      }
      if (modelJson.modelTopology === undefined && modelJson.weightsManifest === undefined) {
        throw new DatasetFormatError(jsonPath, 'expected a TF.js model.json with modelTopology or weightsManifest');
      }
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs: tf.io.WeightsManifestEntry[] = [];
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          specs.push(...group.weights);
          for (const shard of group.paths) {
            const bytes = await readOrExplain(path.join(dir, shard));
            buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
          }
        }
        const weightData = tf.io.CompositeArrayBuffer.join(buffers);
        const expected = specs.reduce((sum, spec) => sum + bytesOf(spec), 0);
        if (weightData.byteLength !== expected) {
          throw new DatasetFormatError(path.join(dir, manifest[0]?.paths[0] ?? WEIGHTS_FILE), `weights hold ${weightData.byteLength} bytes, the manifest needs ${expected}`);
        }
        return [specs, weightData];
      });
    },
  };
}

function bytesOf(spec: tf.io.WeightsManifestEntry): number {
  const count = spec.shape.reduce((product, size) => product * size, 1);
  if (spec.quantization) {
    const bytes = spec.quantization.dtype === 'uint8' ? 1 : 2;
    return count * bytes;
  }
  return count * (spec.dtype === 'float32' || spec.dtype === 'int32' ? 4 : 1);
}

/** Saves a layers model to a directory as model.json + weights.bin (atomically per file). */
export async function saveLayersModel(model: tf.LayersModel, dir: string, config?: tf.io.SaveConfig): Promise<tf.io.SaveResult> {
  return model.save(fileSystemIO(dir), config);
}

/** Loads a layers model saved with {@link saveLayersModel} (or by tfjs-node's file:// handler). */
export async function loadLayersModel(dir: string, options?: tf.io.LoadOptions): Promise<tf.LayersModel> {
  return tf.loadLayersModel(fileSystemIO(dir), options);
}

let routerRegistered = false;
// True while our router asks tf.io whether another router (tfjs-node's) serves the same URL.
let askingOthers = false;

function othersServe(url: string, kind: 'save' | 'load'): boolean {
  askingOthers = true;
  try {
    return (kind === 'save' ? tf.io.getSaveHandlers(url) : tf.io.getLoadHandlers(url)).length > 0;
  } finally {
    askingOthers = false;
  }
}

function fileRoute(kind: 'save' | 'load'): (url: string | string[]) => tf.io.IOHandler {
  // tf.io's router type omits null, but the registry skips routers that return it.
  return ((url: string | string[]): tf.io.IOHandler | null => {
    if (askingOthers || Array.isArray(url) || !url.startsWith('file://')) return null;
    // Another file:// router (tfjs-node's, registered before or after ours) serves it alone:
    // two handlers make tf.io throw "Found more than one (2) save handlers".
    if (othersServe(url, kind)) return null;
    return fileSystemIO(url.slice('file://'.length));
  }) as (url: string | string[]) => tf.io.IOHandler;
}

/**
 * Registers 'file://' URLs with tf.io so `model.save('file://dir')` works without tfjs-node;
 * idempotent, and steps aside for another file:// router (tfjs-node's) whenever one is registered.
 */
export function registerFileSystemRouter(): void {
  if (routerRegistered) return;
  routerRegistered = true;
  tf.io.registerSaveRouter(fileRoute('save'));
  tf.io.registerLoadRouter(fileRoute('load'));
}
