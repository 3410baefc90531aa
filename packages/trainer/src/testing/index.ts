/** Test helpers for code built on @lowres/trainer: tiny plugins and a learnable image set. */
export { tinyClassifier, tinySr, quadrantDataset } from '../test-support/tiny-plugins';
