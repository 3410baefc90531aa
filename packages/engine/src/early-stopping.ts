/** Serializable state of {@link EarlyStopping}, stored in checkpoints. */
export interface EarlyStoppingState {
  best: number | null;
  bestEpoch: number;
  wait: number;
}

/** Early-stopping settings. */
export interface EarlyStoppingConfig {
  monitor: 'loss' | 'accuracy' | 'val_loss' | 'val_accuracy';
  patience: number;
  minDelta: number;
  restoreBest: boolean;
}

/** Tracks a monitored metric across epochs and says when to stop (Keras semantics). */
export class EarlyStopping {
  state: EarlyStoppingState = { best: null, bestEpoch: -1, wait: 0 };
  readonly config: EarlyStoppingConfig;

  constructor(config: EarlyStoppingConfig) {
    this.config = config;
  }

  /** True when a higher value of the monitored metric is better. */
  get maximise(): boolean {
    return this.config.monitor.endsWith('accuracy');
  }

  /** Records one epoch's value; returns whether it is a new best and whether training should stop. */
  update(epoch: number, value: number): { improved: boolean; stop: boolean } {
    const { best } = this.state;
    const improved =
      best === null ||
      (this.maximise ? value > best + this.config.minDelta : value < best - this.config.minDelta);
    if (improved) {
      this.state = { best: value, bestEpoch: epoch, wait: 0 };
      return { improved, stop: false };
    }
    this.state = { ...this.state, wait: this.state.wait + 1 };
    return { improved, stop: this.state.wait >= this.config.patience };
  }
}
