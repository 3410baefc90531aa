import type { TrainConfigInput } from '@lowres/trainer';

/** Which test figure a recipe is compared on. */
export type RecipeMetric = 'accuracy' | 'mean-per-class-accuracy';

/** A published protocol as a named, typed training recipe. */
export interface Recipe {
  readonly name: string;
  readonly title: string;
  /** Catalogue name of the dataset (@lowres/datasets `loadDataset`). */
  readonly dataset: string;
  /** Training configuration (everything but `dataset` and `outDir`). */
  readonly config: TrainConfigInput & Required<Pick<TrainConfigInput, 'mode' | 'sr' | 'optimizer' | 'schedule' | 'batchSize' | 'epochs'>>;
  readonly metric: RecipeMetric;
  /** The paper's published figure (a fraction, e.g. 0.9503) and where it comes from; null for a question no paper measured. */
  readonly paper: { readonly value: number; readonly source: string } | null;
  /** Where this recipe knowingly differs from the paper's run. */
  readonly notes: readonly string[];
  /** How a folder dataset is decoded: every image (cropped to its box when `crop`) resized to `size` [height, width]. */
  readonly image?: { readonly size: readonly [number, number]; readonly crop?: boolean };
  /** Set when the CLI cannot run the recipe yet: what is missing. */
  readonly unavailable?: string;
}
