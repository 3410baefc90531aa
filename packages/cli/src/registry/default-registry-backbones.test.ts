import { describePipelineMatrix } from '../test-support/pipeline-matrix';

// Second half of the default registry's (SR × classifier) matrix; see default-registry.test.ts.
describePipelineMatrix(['resnet18', 'vgg16', 'inception-v3', 'alexnet', 'googlenet']);
