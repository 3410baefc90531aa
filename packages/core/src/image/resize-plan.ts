import { InvalidArgumentError } from '../errors';
import { requirePositiveInteger } from '../util/require-positive-integer';

/** Options of {@link imresize} and {@link imresizePixels}: exactly one of `scale` or `size`. */
export interface ResizeOptions {
  /** Scale factor for both axes; output size is ceil(scale·n) as MATLAB. */
  scale?: number;
  /** Output [height, width]; the per-axis scale is then out/in, as MATLAB. */
  size?: readonly [number, number];
  /** Interpolation kernel; only MATLAB's 'bicubic' is implemented. */
  method?: 'bicubic';
  /** Widen the kernel when down-scaling (MATLAB's default, true). */
  antialias?: boolean;
}

/** Which axis a resize pass works on. */
export type ResizeAxis = 'height' | 'width';

/** Output sizes, per-axis scales and pass order derived from {@link ResizeOptions}. */
export interface ResizePlan {
  outHeight: number;
  outWidth: number;
  scaleHeight: number;
  scaleWidth: number;
  antialias: boolean;
  /** Axes in the order MATLAB resizes them: smaller scale first, height first on ties. */
  order: ResizeAxis[];
}

/** Validates resize options for an input of height×width and derives the plan. */
export function planResize(height: number, width: number, options: ResizeOptions): ResizePlan {
  const { scale, size, method = 'bicubic', antialias = true } = options;
  if (method !== 'bicubic') {
    throw new InvalidArgumentError('method', `only 'bicubic' is supported, got '${String(method)}'`);
  }
  if (typeof antialias !== 'boolean') {
    throw new InvalidArgumentError('antialias', `expected a boolean, got ${String(antialias)}`);
  }
  if ((scale === undefined) === (size === undefined)) {
    throw new InvalidArgumentError('scale', 'give exactly one of `scale` or `size`');
  }
  let outHeight: number;
  let outWidth: number;
  let scaleHeight: number;
  let scaleWidth: number;
  if (scale !== undefined) {
    if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) {
      throw new InvalidArgumentError('scale', `expected a positive finite number, got ${String(scale)}`);
    }
    outHeight = Math.ceil(scale * height);
    outWidth = Math.ceil(scale * width);
    scaleHeight = scale;
    scaleWidth = scale;
  } else {
    if (!Array.isArray(size) || size.length !== 2) {
      throw new InvalidArgumentError('size', `expected [height, width], got ${JSON.stringify(size)}`);
    }
    outHeight = requirePositiveInteger('size[0]', size[0]);
    outWidth = requirePositiveInteger('size[1]', size[1]);
    scaleHeight = outHeight / height;
    scaleWidth = outWidth / width;
  }
  const order: ResizeAxis[] = scaleWidth < scaleHeight ? ['width', 'height'] : ['height', 'width'];
  return { outHeight, outWidth, scaleHeight, scaleWidth, antialias, order };
}
