import { bagnet } from '@lowres/bagnet';
import { ShapeMismatchError, initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { composePipeline, type ExportedPipeline, identitySr, type PipelineManifest } from '@lowres/trainer';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from './classify';

const input = { height: 12, width: 12, channels: 1 };
let pipeline: ExportedPipeline;

beforeAll(async () => {
  await initBackend('cpu');
  const composed = composePipeline({ sr: identitySr, classifier: bagnet({ patch: 9, width: 0.125 }), input, classes: 3 });
  const manifest = { input, classes: 3, classNames: ['a', 'b', 'c'] } as unknown as PipelineManifest;
  pipeline = { model: composed.model, srModel: composed.srModel, classifierModel: composed.classifierModel, manifest };
});
afterAll(() => pipeline.model.dispose());

describe('classify', () => {
  it("returns the model's probabilities, the SR image and BagNet evidence, leaking no tensor", async () => {
    const pixels = Float32Array.from({ length: 144 }, (_, i) => (i % 7) / 7);
    const result = await expectNoTensorLeaks(() => classify(pipeline, { ...input, pixels }), 'classify');
    const expected = tf.tidy(() => Array.from((pipeline.model.predict(tf.tensor4d(pixels, [1, 12, 12, 1])) as tf.Tensor).dataSync()));
    for (const [k, p] of result.probabilities.entries()) expect(p).toBeCloseTo(expected[k]!, 6);
    expect(result.predicted).toBe(expected.indexOf(Math.max(...expected)));
    expect(Array.from(result.sr.pixels)).toEqual(Array.from(pixels));
    expect([result.evidence?.width, result.evidence?.height]).toEqual([12, 12]);
    expect(result.milliseconds).toBeGreaterThanOrEqual(0);
  });

  it('names the expected shape when the image does not fit', async () => {
    await expect(classify(pipeline, { height: 2, width: 2, channels: 1, pixels: new Float32Array(4) })).rejects.toSatisfy((error) => ShapeMismatchError.isInstance(error));
  });
});
