import type { TrainConfigInput } from '../config/train-config';
import { identitySr } from '../registry/identity-sr';
import { createRegistry } from '../registry/registry';
import { quadrantDataset, tinyClassifier, tinySr } from './tiny-plugins';

/** Registry shared by the resume test and its child process. */
export const resumeRegistry = createRegistry({ sr: { none: identitySr, tiny: tinySr(2) }, classifiers: { tiny: tinyClassifier } });

/** 48 images, batch 8 → 6 steps per epoch; checkpoints every 4 steps land mid-epoch. */
export const resumeConfig: TrainConfigInput = {
  mode: 'end-to-end',
  sr: 'tiny',
  classifier: 'tiny',
  epochs: 3,
  batchSize: 8,
  seed: 11,
  validationSplit: 0.25,
  optimizer: { name: 'adam', learningRate: 0.01 },
  schedule: { type: 'cosine' },
  earlyStopping: { monitor: 'val_loss', patience: 5, restoreBest: false },
  checkpoint: { everySteps: 4, keepLast: 2 },
  evaluateTest: false,
};

/** The data both runs use. */
export function resumeData() {
  return { train: quadrantDataset(64, 8, 5) };
}
