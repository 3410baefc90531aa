import { ConfigInvalidError } from '@lowres/trainer';

/** How a folder dataset is decoded, as stored in a config's `dataset.options`. */
export interface FolderOptions {
  size?: [number, number];
  crop?: boolean;
}

/** Reads `size` ([height, width]) and `crop` from a config's `dataset.options`; anything else is an error naming the field. */
export function folderOptions(options: Record<string, unknown> | undefined): FolderOptions {
  const out: FolderOptions = {};
  for (const [key, value] of Object.entries(options ?? {})) {
    if (key === 'size') {
      if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => Number.isInteger(v) && v > 0)) {
        throw new ConfigInvalidError('dataset.options.size', `expected [height, width] of positive integers, got ${JSON.stringify(value)}`);
      }
      out.size = [value[0], value[1]];
    } else if (key === 'crop') {
      if (typeof value !== 'boolean') throw new ConfigInvalidError('dataset.options.crop', `expected true or false, got ${JSON.stringify(value)}`);
      out.crop = value;
    } else {
      throw new ConfigInvalidError(`dataset.options.${key}`, "unknown option; folder datasets take 'size' and 'crop'");
    }
  }
  return out;
}
