import { describe, expect, it } from 'vitest';
import { describePipelineMatrix } from '../test-support/pipeline-matrix';
import { defaultRegistry } from './default-registry';

describe('defaultRegistry', () => {
  it('holds every first-party plugin plus none and bicubic', () => {
    expect(defaultRegistry.srNames()).toEqual(['none', 'bicubic', 'racnn', 'srcnn', 'wdsr-a']);
    expect(defaultRegistry.classifierNames()).toEqual([
      'lrnet', 'bagnet9', 'bagnet17', 'bagnet33', 'resnet18', 'preact-resnet164', 'vgg16', 'inception-v3', 'alexnet', 'googlenet',
    ]);
  });

  it('rejects options a plugin does not take, with the closest name', () => {
    expect(() => defaultRegistry.createClassifier('lrnet', { widht: 8 })).toThrow(
      /classifier 'lrnet' option 'widht': unknown option; 'lrnet' takes blocks, width, .*Did you mean 'width'\?/,
    );
    expect(() => defaultRegistry.createClassifier('bagnet9', { patch: 17 })).toThrow(/option 'patch'/);
    expect(() => defaultRegistry.createSr('racnn', { scael: 2 })).toThrow(/Did you mean 'scale'/);
    expect(defaultRegistry.createClassifier('lrnet', { width: 0.5 }).name).toBe('lrnet');
  });
});

// The (SR × classifier) matrix is split over two files so the two test workers share it.
describePipelineMatrix(['lrnet', 'bagnet9', 'bagnet17', 'bagnet33', 'preact-resnet164']);
