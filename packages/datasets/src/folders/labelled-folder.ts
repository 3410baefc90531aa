import type { ImageFileEntry } from './decode-image';

/** A folder dataset split: image files with labels (decoded lazily) and class names. */
export interface LabelledFolder {
  entries: ImageFileEntry[];
  classNames: string[];
}
