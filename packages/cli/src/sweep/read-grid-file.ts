import { readFile } from 'node:fs/promises';
import { ConfigInvalidError } from '@lowres/trainer';
import { parse as parseYaml } from 'yaml';

/** Reads a grid file: YAML for `.yaml` / `.yml`, JSON otherwise; errors name the file and what was expected. */
export async function readGridFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigInvalidError('grid', `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const yaml = /\.ya?ml$/i.test(file);
  let parsed: unknown;
  try {
    parsed = yaml ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new ConfigInvalidError('grid', `${file} is not valid ${yaml ? 'YAML' : 'JSON'}: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigInvalidError('grid', `${file} must hold an object with the grid's axes (sr, classifier, dataset, ...) or a list of grids under 'grids'`);
  }
  return parsed;
}
