import type * as tf from '@tensorflow/tfjs';
import { PNG } from 'pngjs';
import { type EvidenceHeatmapOptions, evidenceOverlay } from './evidence-overlay';

/** Renders {@link evidenceOverlay} of one image as PNG bytes (Node: pngjs needs zlib). */
export function renderEvidenceHeatmap(
  image: tf.Tensor3D | tf.Tensor4D,
  evidence: tf.Tensor3D | tf.Tensor4D,
  options: EvidenceHeatmapOptions,
): Uint8Array {
  const { width, height, rgba } = evidenceOverlay(image, evidence, options);
  const png = new PNG({ width, height });
  png.data.set(rgba);
  return new Uint8Array(PNG.sync.write(png));
}
