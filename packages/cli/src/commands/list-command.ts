import { listDatasets } from '@lowres/datasets';
import type { Registry } from '@lowres/trainer';
import type { CliIO } from '../cli-io';

/** `lowres list`: registered SR front ends, classifiers and catalogue datasets. */
export function listCommand(registry: Registry, io: CliIO): number {
  const lines = ['SR front ends:'];
  for (const name of registry.srNames()) lines.push(`  ${name.padEnd(18)} ${registry.sr[name]?.description ?? ''}`);
  lines.push('', 'Classifiers:');
  for (const name of registry.classifierNames()) lines.push(`  ${name.padEnd(18)} ${registry.classifiers[name]?.description ?? ''}`);
  lines.push('', 'Datasets (or pass a folder of IDX files):');
  for (const info of listDatasets()) lines.push(`  ${info.name.padEnd(18)} ${info.title}`);
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
