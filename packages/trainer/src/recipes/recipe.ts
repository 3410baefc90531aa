import type { TrainConfigInput } from '../config/train-config';

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
  /** The paper's published figure (a fraction, e.g. 0.9503) and where it comes from. */
  readonly paper: { readonly value: number; readonly source: string };
  /** Where this recipe knowingly differs from the paper's run. */
  readonly notes: readonly string[];
  /** Set when the CLI cannot run the recipe yet: what is missing. */
  readonly unavailable?: string;
}
