import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError } from '@lowres/core';
import { PIPELINE_SAMPLES_FILE, type Registry, exportPipeline, pipelineSamples } from '@lowres/trainer';
import type { CliIO } from '../cli-io';
import { readNumericFlags } from '../flags';
import { folderOptions } from '../folder-options';
import { loadImageData } from '../load-data';
import { asTrained, required } from './run-commands';

type Values = Record<string, string | boolean | string[] | undefined>;

/** `lowres export`: a trained run's pipeline as a TF.js LayersModel + manifest, and optionally test images, for browsers. */
export async function exportCommand(values: Values, registry: Registry, io: CliIO): Promise<number> {
  const flags = readNumericFlags(values);
  const runDir = required(values, 'run');
  const out = required(values, 'out');
  const dataset = values.dataset as string | undefined;
  if ((flags.samples === undefined) !== (dataset === undefined)) {
    throw new InvalidArgumentError(flags.samples === undefined ? '--samples' : '--dataset', 'export takes --dataset and --samples together (test images to store with the model)');
  }
  const written = await exportPipeline(runDir, out, { registry, warn: (message) => io.stderr.write(`warning: ${message}\n`) });
  const files = [...written.files];
  if (dataset !== undefined && flags.samples !== undefined) {
    const data = await loadImageData({
      dataset,
      dataDir: values['data-dir'] as string | undefined,
      limit: flags.samples,
      testLimit: flags.samples,
      ...folderOptions(written.config.dataset?.options),
    });
    const file = join(out, PIPELINE_SAMPLES_FILE);
    await writeFile(file, `${JSON.stringify(pipelineSamples(asTrained(written.config, data.test).input, flags.samples))}\n`);
    files.push(file);
  }
  const { manifest } = written;
  io.stdout.write(
    `exported ${manifest.sr.name} ×${manifest.sr.scale} + ${manifest.classifier.name} (${manifest.input.height}×${manifest.input.width}×${manifest.input.channels} → ${manifest.classes} classes) from ${manifest.checkpoint}:\n${files.map((file) => `  ${file}\n`).join('')}`,
  );
  return 0;
}
