import * as tf from '@tensorflow/tfjs';
import { modelJsonUrl } from './model-json-url';

/**
 * An IOHandler for a saved TF.js model in a browser: `location` is the URL (absolute or relative
 * to the page) of the model's folder or of its model.json; weights are fetched beside it.
 */
export function modelIO(location: string): tf.io.IOHandler {
  return tf.io.http(modelJsonUrl(location));
}
