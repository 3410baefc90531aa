import { z } from 'zod';
import { ConfigInvalidError } from '@lowres/trainer';

const integer = (flag: string, minimum: number) =>
  z
    .string()
    .regex(/^-?\d+$/, `--${flag} expects an integer`)
    .transform(Number)
    .pipe(z.number().int().min(minimum, `--${flag} must be ≥ ${minimum}`));
const decimal = (flag: string) =>
  z
    .string()
    .refine((value) => value.trim() !== '' && Number.isFinite(Number(value)), `--${flag} expects a number`)
    .transform(Number);

/** zod schema of the numeric flags shared by the commands; each error names its flag. */
export const numericFlags = z.object({
  epochs: integer('epochs', 1).optional(),
  batch: integer('batch', 1).optional(),
  seed: integer('seed', 0).optional(),
  lr: decimal('lr').optional(),
  'validation-split': decimal('validation-split').optional(),
  'checkpoint-every': integer('checkpoint-every', 1).optional(),
  'micro-batch': integer('micro-batch', 1).optional(),
  'bn-recalibration': integer('bn-recalibration', 0).optional(),
  limit: integer('limit', 1).optional(),
  'test-limit': integer('test-limit', 1).optional(),
  count: integer('count', 1).optional(),
  samples: integer('samples', 1).optional(),
  classes: integer('classes', 2).optional(),
  steps: integer('steps', 1).optional(),
  warmup: integer('warmup', 0).optional(),
  degrade: integer('degrade', 2).optional(),
  attempts: integer('attempts', 1).optional(),
  concurrency: integer('concurrency', 1).optional(),
  'stall-seconds': integer('stall-seconds', 1).optional(),
  size: z
    .string()
    .regex(/^[1-9]\d*x[1-9]\d*$/, '--size expects HxW of positive integers, e.g. 64x64')
    .transform((value) => value.split('x').map(Number) as [number, number])
    .optional(),
  'degrade-size': z
    .string()
    .regex(/^\d+x\d+$/, '--degrade-size expects HxW, e.g. 14x14')
    .transform((value) => value.split('x').map(Number) as [number, number])
    .optional(),
});

/** Numeric flag values after validation. */
export type NumericFlags = z.output<typeof numericFlags>;

/** Validates the numeric flags present in `values`; throws ConfigInvalidError naming the flag. */
export function readNumericFlags(values: Record<string, unknown>): NumericFlags {
  const picked = Object.fromEntries(Object.entries(values).filter(([key]) => key in numericFlags.shape));
  const result = numericFlags.safeParse(picked);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new ConfigInvalidError(`--${issue.path.map(String).join('.')}`, issue.message);
}
