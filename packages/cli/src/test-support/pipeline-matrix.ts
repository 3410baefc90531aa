import type { ClassifierBackEnd, ImageShape, SrFrontEnd } from '@lowres/core';
import { initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { composePipeline, crossEntropy } from '@lowres/trainer';
import { collectParameters, createOptimizer, trainStep } from '@lowres/engine';
import { defaultRegistry } from '../registry/default-registry';

const CLASSES = 3;
/** Tiny widths where a plugin has them; full-size backbones use their small-input stems. */
export const classifierOptions: Record<string, Record<string, unknown>> = {
  lrnet: { width: 0.125 },
  bagnet9: { width: 0.125 },
  bagnet17: { width: 0.125 },
  bagnet33: { width: 0.125 },
  resnet18: { smallInput: true },
  'preact-resnet164': {},
  vgg16: { smallInput: true },
  'inception-v3': { smallInput: true },
  alexnet: { smallInput: true },
  googlenet: { smallInput: true },
};
/** Small SR front ends for tests. */
export const srOptions: Record<string, Record<string, unknown>> = {
  none: {},
  bicubic: { scale: 2 },
  racnn: {},
  srcnn: {},
  'wdsr-a': { scale: 2, blocks: 1, features: 4, expansion: 2 },
};
/**
 * Full-size back ends (millions of weights) take 7–25 s per back-propagation through all their
 * layers on the cpu backend, so their step trains only their last layer (SR frozen); every other
 * pair trains SR and classifier end to end.
 */
const heavy = new Set(['resnet18', 'preact-resnet164', 'vgg16', 'inception-v3', 'alexnet', 'googlenet']);

/** Builds each (plugin, shape) once, so the matrix reuses models across pairs. */
function memoised<P extends SrFrontEnd | ClassifierBackEnd>(plugin: P): P {
  const cache = new Map<string, tf.LayersModel>();
  return {
    ...plugin,
    build(input: ImageShape, classes?: number) {
      const key = `${input.height}x${input.width}x${input.channels}/${classes}`;
      let model = cache.get(key);
      if (!model) {
        model = (plugin.build as (input: ImageShape, classes?: number) => tf.LayersModel)(input, classes);
        cache.set(key, model);
      }
      return model;
    },
  };
}

const srNames = defaultRegistry.srNames();
const srPlugins = Object.fromEntries(srNames.map((name) => [name, memoised(defaultRegistry.createSr(name, srOptions[name]))]));

/** Every SR front end of the default registry × the given classifiers: compose + one step, no leaks. */
export function describePipelineMatrix(classifiers: readonly string[]): void {
  beforeAll(async () => {
    await initBackend('cpu');
  });
  describe.each(classifiers)('classifier %s', (classifierName) => {
    const classifier = memoised(defaultRegistry.createClassifier(classifierName, classifierOptions[classifierName]));
    const minimum = classifier.minimumInput ?? { height: 8, width: 8 };
    // Even side, at least the minimum, so ×2 front ends reach the same classifier input.
    const side = Math.max(8, minimum.height + (minimum.height % 2));

    it.each(srNames)(`composes with SR %s and runs one training step without leaking`, async (srName) => {
      const sr = srPlugins[srName]!;
      const lowSide = side / sr.scale;
      const pipeline = composePipeline({ sr, classifier, input: { height: lowSide, width: lowSide, channels: 1 }, classes: CLASSES });
      expect(pipeline.model.outputs[0]!.shape).toEqual([null, CLASSES]);
      expect(pipeline.classifierInput).toEqual({ height: side, width: side, channels: 1 });
      const parameters = collectParameters(
        heavy.has(classifierName)
          ? [{ prefix: 'classifier', model: pipeline.classifierModel, trainLastLayerOnly: true }]
          : [
              { prefix: 'sr', model: pipeline.srModel },
              { prefix: 'classifier', model: pipeline.classifierModel },
            ],
        [],
        0,
      );
      expect(parameters.length).toBeGreaterThan(0);
      const optimizer = createOptimizer({ name: 'sgd', learningRate: 0.01 });
      const before = parameters.map((p) => p.variable.clone());
      await expectNoTensorLeaks(async () => {
        const result = await trainStep(optimizer, parameters, () =>
          tf.tidy(() => {
            const x = tf.randomUniform([1, lowSide, lowSide, 1], 0, 1, 'float32', 3);
            const y = tf.oneHot(tf.tensor1d([1], 'int32'), CLASSES).toFloat() as tf.Tensor2D;
            return crossEntropy(y, pipeline.model.apply(x, { training: true }) as tf.Tensor);
          }),
        );
        expect(result.finite).toBe(true);
      }, `${srName} × ${classifierName} step`);
      const changed = parameters.some((p, i) => tf.tidy(() => tf.any(tf.notEqual(p.variable, before[i]!)).dataSync()[0] === 1));
      expect(changed).toBe(true);
      tf.dispose(before);
      optimizer.dispose();
    });
  });
}
