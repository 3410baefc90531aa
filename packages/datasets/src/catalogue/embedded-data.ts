import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Folder of a dataset shipped in this package's data/ folder. Found by walking up from this module,
 * because it runs both from src/catalogue (tests) and from the bundled dist/.
 */
export function embeddedDataDir(name: string): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let level = 0; level < 4; level++) {
    const candidate = path.join(dir, 'data', name);
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'data', name);
}
