import type { ClassifierBackEnd, SrFrontEnd } from '@lowres/core';
import { type TrainConfig, parseTrainConfig, pluginName } from '../config/train-config';
import type { Registry } from '../registry/registry';

/** A training config parsed once and its plugins created once: what {@link prepareTraining} returns and `train()` accepts. */
export interface PreparedTraining {
  readonly config: TrainConfig;
  readonly sr: SrFrontEnd;
  readonly classifier: ClassifierBackEnd;
}

const prepared = new WeakSet<PreparedTraining>();

/**
 * Parses a training config and creates its SR front end and classifier from `registry` — every
 * config and option error is thrown here, before any data is read. Hand the result to `train()`,
 * which then neither parses the config again nor creates the plugins again.
 */
export function prepareTraining(rawConfig: unknown, registry: Registry): PreparedTraining {
  const config = parseTrainConfig(rawConfig);
  const sr = pluginName(config.sr);
  const classifier = pluginName(config.classifier);
  const run: PreparedTraining = Object.freeze({
    config,
    sr: registry.createSr(sr.name, sr.options),
    classifier: registry.createClassifier(classifier.name, classifier.options),
  });
  prepared.add(run);
  return run;
}

/** Whether `value` came from {@link prepareTraining} (a plain config never does, whatever its fields). */
export function isPreparedTraining(value: unknown): value is PreparedTraining {
  return typeof value === 'object' && value !== null && prepared.has(value as PreparedTraining);
}
