import { type ClassifierBackEnd, InvalidArgumentError } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { racnnFrozenClassifierLayerRules, racnnLayerRules } from './layer-rules';
import { racnnPixelLoss } from './pixel-loss';
import { racnnRecipe } from './racnn-recipe';

const tinyBackEnd: ClassifierBackEnd = {
  kind: 'classifier',
  name: 'tiny',
  build: (input, classes) => {
    const x = tf.input({ shape: [input.height, input.width, input.channels] });
    const y = tf.layers.dense({ units: classes }).apply(tf.layers.flatten().apply(x)) as tf.SymbolicTensor;
    return tf.model({ inputs: x, outputs: y });
  },
};

describe('racnnRecipe', () => {
  it('describes g-RACNN on AlexNet with the paper settings', () => {
    const recipe = racnnRecipe({ init: 'gaussian' });
    expect(recipe).toMatchObject({
      name: 'g-RACNN-alexnet',
      mode: 'end-to-end',
      backbone: 'alexnet',
      classifier: 'fine-tune',
      init: 'gaussian',
      input: { height: 227, width: 227, channels: 3 },
      lowResolutionSize: 50,
      pretrain: null,
      optimizer: { name: 'sgd', momentum: 0.9 },
      loss: 'softmax-cross-entropy',
      metric: 'mean-per-class-accuracy',
    });
    expect(recipe.layers).toBe(racnnLayerRules);
    expect(recipe.sr).toMatchObject({ kind: 'sr', scale: 1, residual: true, init: 'gaussian' });
    expect(JSON.parse(JSON.stringify({ ...recipe, sr: recipe.sr.name })).name).toBe('g-RACNN-alexnet');
  });

  it('asks for pre-training for p-RACNN without weights, and uses given weights otherwise', () => {
    const toPretrain = racnnRecipe({ init: 'pretrained', backbone: 'vgg16' });
    expect(toPretrain.name).toBe('p-RACNN-vgg16');
    expect(toPretrain.input.height).toBe(224);
    expect(toPretrain.pretrain).toMatchObject({ loss: racnnPixelLoss, lowResolutionSize: 50 });
    expect(toPretrain.sr.init).toBe('gaussian');
    const withWeights = racnnRecipe({ init: 'pretrained', weights: '/some/dir', backbone: 'googlenet' });
    expect(withWeights.pretrain).toBeNull();
    expect(withWeights.sr.init).toBe('pretrained');
  });

  it("uses the frozen-classifier rules for classifier: 'last-layer' and accepts any back end", () => {
    const recipe = racnnRecipe({ init: 'gaussian', classifier: 'last-layer', backbone: tinyBackEnd, inputSize: 28, lowResolutionSize: 14, channels: 1 });
    expect(recipe.layers).toBe(racnnFrozenClassifierLayerRules);
    expect(recipe.name).toBe('g-RACNN-tiny');
    expect(recipe.input).toEqual({ height: 28, width: 28, channels: 1 });
    expect(recipe.backbone).toBe(tinyBackEnd);
  });

  it('rejects unknown values with errors naming the option', () => {
    expect(() => racnnRecipe({ init: 'gaussian', backbone: 'resnet' as never })).toThrow(InvalidArgumentError);
    expect(() => racnnRecipe({ init: 'gaussian', classifier: 'all' as never })).toThrow(/classifier/);
    expect(() => racnnRecipe({ init: 'random' as never })).toThrow(/init/);
    expect(() => racnnRecipe({ init: 'gaussian', inputSize: 20, lowResolutionSize: 50 })).toThrow(/lowResolutionSize/);
    expect(() => racnnRecipe({ init: 'gaussian', learningRate: 0 })).toThrow(/learningRate/);
    expect(() => racnnRecipe({ init: 'gaussian', epochs: 1.5 })).toThrow(/epochs/);
  });
});
