import { z } from 'zod';
import { ConfigInvalidError, layerRuleSchema, optimizerSchema, scheduleSchema } from '@lowres/engine';

export type { LayerRule, OptimizerConfig, ScheduleConfig } from '@lowres/engine';

const pluginReference = z.union([
  z.string().min(1),
  z.strictObject({ name: z.string().min(1), options: z.record(z.string(), z.unknown()).prefault({}) }),
]);

const phaseOverridesSchema = z.strictObject({
  epochs: z.number().int().positive(),
  batchSize: z.number().int().positive().optional(),
  optimizer: optimizerSchema.optional(),
  /** Down-scaling factor used to make LR inputs for scale-1 front ends: LR = up(down(HR)). */
  degradeScale: z.number().int().min(2).prefault(2),
});

const sizeSchema = z.tuple([z.number().int().positive(), z.number().int().positive()]);

/**
 * Low-resolution protocol: every split is MATLAB-bicubic down-scaled by `factor` (or to `size`)
 * before training; the original images are kept as the HR targets of SR pre-training.
 * `restore` resizes the LR images back up (true: to the original size), as protocols for scale-1 front ends do.
 */
export const lowResolutionSchema = z
  .strictObject({
    factor: z.number().int().min(2).optional(),
    size: sizeSchema.optional(),
    restore: z.union([z.boolean(), sizeSchema]).prefault(false),
  })
  .refine((value) => (value.factor === undefined) !== (value.size === undefined), { message: "give exactly one of 'factor' or 'size'" });

/** The JSON-serialisable training configuration validated by {@link parseTrainConfig}. */
export const trainConfigSchema = z.strictObject({
  mode: z.enum(['classifier', 'end-to-end', 'staged']).prefault('classifier'),
  sr: pluginReference.prefault('none'),
  classifier: pluginReference,
  dataset: z
    .strictObject({
      name: z.string().min(1),
      dir: z.string().min(1).optional(),
      options: z.record(z.string(), z.unknown()).prefault({}),
      /** Only the first `limit` training images are used (part of what defines the run, so resume keeps it). */
      limit: z.number().int().positive().optional(),
      /** Only the first `testLimit` test images are scored (default: `limit`). */
      testLimit: z.number().int().positive().optional(),
    })
    .optional(),
  /** Low-resolution protocol applied to every split before training (absent: images used as they are). */
  lowResolution: lowResolutionSchema.optional(),
  epochs: z.number().int().positive().prefault(10),
  batchSize: z.number().int().positive().prefault(32),
  /**
   * Images per forward/backward pass: a step sums the gradients of micro-batches of this size, so a
   * large batch fits a small memory (wasm's 4 GB heap holds LR-Net at 64, not 128). Batch norm then
   * normalises each micro-batch by its own statistics (ghost batch norm). Default: the whole batch.
   */
  microBatchSize: z.number().int().positive().optional(),
  seed: z.number().int().prefault(0),
  validationSplit: z.number().min(0).max(0.9).prefault(0),
  optimizer: optimizerSchema.prefault({ name: 'adam', learningRate: 1e-3 }),
  weightDecay: z.number().min(0).prefault(0),
  schedule: scheduleSchema.prefault({ type: 'constant' }),
  warmup: z.strictObject({ steps: z.number().int().positive(), startFactor: z.number().min(0).max(1).prefault(0) }).optional(),
  layers: z.array(layerRuleSchema).prefault([]),
  freeze: z
    .strictObject({
      sr: z.boolean().prefault(false),
      classifier: z.enum(['none', 'all', 'all-but-last']).prefault('none'),
    })
    .prefault({}),
  earlyStopping: z
    .strictObject({
      monitor: z.enum(['loss', 'accuracy', 'val_loss', 'val_accuracy']).prefault('val_loss'),
      patience: z.number().int().min(0).prefault(5),
      minDelta: z.number().min(0).prefault(0),
      restoreBest: z.boolean().prefault(true),
    })
    .optional(),
  checkpoint: z
    .strictObject({
      everySteps: z.number().int().positive().optional(),
      keepLast: z.number().int().positive().prefault(3),
    })
    .prefault({}),
  /** SR pre-training on LR/HR pairs: the 'p-' init of end-to-end mode, and the first stage of staged mode. */
  pretrain: phaseOverridesSchema.optional(),
  /** Evaluate on the test split after training. */
  evaluateTest: z.boolean().prefault(true),
  /**
   * Training images used after training to re-estimate batch-norm moving statistics (PyTorch's
   * `update_bn`); 0 leaves them as training left them. Short runs need it: momentum 0.99 statistics
   * still hold much of their initial values after a few hundred steps.
   */
  batchNormRecalibration: z.number().int().min(0).prefault(0),
  outDir: z.string().min(1).optional(),
});

/** A fully validated training configuration with every default filled in. */
export type TrainConfig = z.output<typeof trainConfigSchema>;
/** What a user writes: the same as TrainConfig with defaulted fields optional. */
export type TrainConfigInput = z.input<typeof trainConfigSchema>;
/** Low-resolution protocol settings. */
export type LowResolutionConfig = z.output<typeof lowResolutionSchema>;
/** A plugin given by name, or by name with factory options. */
export type PluginReference = z.output<typeof pluginReference>;

/** Validates a raw config; throws ConfigInvalidError naming the first offending field. */
export function parseTrainConfig(raw: unknown): TrainConfig {
  const result = trainConfigSchema.safeParse(raw);
  if (result.success) {
    if (result.data.mode === 'staged' && !result.data.pretrain) {
      throw new ConfigInvalidError('pretrain', "staged mode needs 'pretrain' settings for its SR stage");
    }
    if (result.data.mode === 'classifier' && result.data.pretrain) {
      throw new ConfigInvalidError('pretrain', "classifier mode does not train the SR front end; remove 'pretrain'");
    }
    return result.data;
  }
  const issue = result.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
  const missing = issue.path.length > 0 && valueAt(raw, issue.path) === undefined && issue.code !== 'unrecognized_keys';
  throw new ConfigInvalidError(field, missing ? `is required${REQUIRED_HINTS[field] ? ` (${REQUIRED_HINTS[field]})` : ''}` : issue.message);
}

const REQUIRED_HINTS: Readonly<Record<string, string>> = {
  classifier: `pass --classifier <name> (see 'lowres list') or set "classifier" in the config file`,
};

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** Name and options of a plugin reference. */
export function pluginName(reference: PluginReference): { name: string; options: Record<string, unknown> } {
  return typeof reference === 'string' ? { name: reference, options: {} } : { name: reference.name, options: reference.options };
}
