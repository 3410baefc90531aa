import { z } from 'zod';

/** Optimizer choice and its hyper-parameters. */
export const optimizerSchema = z.strictObject({
  name: z.enum(['sgd', 'adam', 'adadelta', 'rmsprop']),
  learningRate: z.number().positive(),
  /** SGD momentum (0 = plain SGD) or RMSProp momentum. */
  momentum: z.number().min(0).max(1).optional(),
  nesterov: z.boolean().optional(),
  beta1: z.number().min(0).max(1).optional(),
  beta2: z.number().min(0).max(1).optional(),
  epsilon: z.number().positive().optional(),
  rho: z.number().min(0).max(1).optional(),
});

const unit = z.enum(['epoch', 'iteration']).prefault('epoch');

/** Learning-rate schedule: constant, step, multi-step (by epoch or iteration) or cosine. */
export const scheduleSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('constant') }),
  z.strictObject({ type: z.literal('step'), every: z.number().int().positive(), gamma: z.number().positive(), unit }),
  z.strictObject({
    type: z.literal('multi-step'),
    milestones: z.array(z.number().int().positive()).min(1),
    gamma: z.number().positive(),
    unit,
  }),
  z.strictObject({ type: z.literal('cosine'), minimumLearningRate: z.number().min(0).prefault(0) }),
]);

/**
 * One per-parameter rule: which weights it matches and the fields it sets. Rules apply in order and
 * a later matching rule overrides the fields it sets (see collectParameters).
 */
export const layerRuleSchema = z.strictObject({
  /** Glob (`*`, `?`) or `/regex/` matched against `sr/<layer>/<weight>` or `classifier/<layer>/<weight>`. */
  match: z.string().min(1),
  learningRateMultiplier: z.number().min(0).optional(),
  weightDecayMultiplier: z.number().min(0).optional(),
  frozen: z.boolean().optional(),
});

/** Optimizer settings. */
export type OptimizerConfig = z.output<typeof optimizerSchema>;
/** Learning-rate schedule settings. */
export type ScheduleConfig = z.output<typeof scheduleSchema>;
/** One per-parameter rule (see collectParameters for the precedence). */
export type LayerRule = z.output<typeof layerRuleSchema>;
