import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../errors';
import { fileSystemIO } from './file-system-io';
import { modelJsonUrl } from './model-json-url';

/**
 * An IOHandler for a saved TF.js model. In Node: http(s) URLs load over the network, anything else
 * (a folder, or a file:// URL) is a folder read and written by {@link fileSystemIO}. The browser
 * entry of @lowres/core exports the same name for URLs.
 */
export function modelIO(location: string): tf.io.IOHandler {
  if (/^https?:\/\//.test(location)) return tf.io.http(modelJsonUrl(location));
  if (location.length === 0) throw new InvalidArgumentError('location', 'expected a model folder or URL, got an empty string');
  return fileSystemIO(location.startsWith('file://') ? location.slice('file://'.length) : location);
}
