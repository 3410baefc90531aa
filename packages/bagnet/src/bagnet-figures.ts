import type { FigureInput, ReportFigure } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import { classEvidence } from './class-evidence';
import { evidenceOverlay } from './evidence-overlay';

/**
 * The BagNet plugin's report figures: for each image, the evidence for its true class overlaid on
 * the image the classifier saw (red for, blue against), enlarged ×4.
 */
export function bagnetFigures({ model, images, labels }: FigureInput): ReportFigure[] {
  const evidence = classEvidence(model, images);
  try {
    return Array.from(labels, (label, i) => {
      // SR outputs may overshoot [0, 1] slightly; the picture shows them clipped, the evidence is unchanged.
      const image = tf.tidy(() => images.slice(i, 1).clipByValue(0, 1) as tf.Tensor4D);
      const imageEvidence = evidence.slice(i, 1);
      let picture: ReturnType<typeof evidenceOverlay>;
      try {
        picture = evidenceOverlay(image, imageEvidence, { classIndex: label, scale: 4 });
      } finally {
        tf.dispose([image, imageEvidence]);
      }
      const { width, height, rgba } = picture;
      return {
        name: `bagnet-evidence-${i}`,
        title: `BagNet evidence for class ${label} (image ${i})`,
        width,
        height,
        channels: 4,
        pixels: new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength),
      };
    });
  } finally {
    evidence.dispose();
  }
}
