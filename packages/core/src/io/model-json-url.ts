import { InvalidArgumentError } from '../errors';

/** File name of a TF.js model's topology + weights manifest. */
export const MODEL_JSON_FILE = 'model.json';

/** The URL of a model's model.json: `location` itself when it names a .json file, else that folder's model.json. */
export function modelJsonUrl(location: string): string {
  if (location.length === 0) throw new InvalidArgumentError('location', 'expected a model folder or URL, got an empty string');
  return location.endsWith('.json') ? location : `${location.replace(/\/+$/, '')}/${MODEL_JSON_FILE}`;
}
