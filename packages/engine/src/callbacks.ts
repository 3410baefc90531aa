/** Metrics of one finished epoch, as logged to metrics.jsonl / metrics.csv. */
export interface EpochRecord {
  phase: string;
  epoch: number;
  globalStep: number;
  learningRate: number;
  loss: number;
  accuracy?: number;
  val_loss?: number;
  val_accuracy?: number;
}

/** Progress of one optimisation step. */
export interface StepInfo {
  phase: string;
  epoch: number;
  stepInEpoch: number;
  stepsPerEpoch: number;
  globalStep: number;
  loss: number;
  /** Mean loss over the epoch's steps so far (the step loss is noisy). */
  epochLoss: number;
  /** Images this step trained on. */
  examples: number;
  learningRate: number;
}

/** Hooks called during train(); each may be async (training awaits it). */
export interface TrainCallbacks {
  onPhaseBegin?(info: { phase: string; epochs: number; stepsPerEpoch: number; resumedAtStep: number }): void | Promise<void>;
  onStepEnd?(info: StepInfo): void | Promise<void>;
  onEpochEnd?(record: EpochRecord): void | Promise<void>;
  onCheckpoint?(info: { phase: string; globalStep: number; dir: string; best: boolean }): void | Promise<void>;
  onPhaseEnd?(info: { phase: string; epochsRun: number; stoppedEarly: boolean }): void | Promise<void>;
}
