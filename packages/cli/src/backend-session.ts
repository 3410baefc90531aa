import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BackendReport, type ModuleImporter, backendReport, importModule, initBackend } from '@lowres/core';
import type { TrainCallbacks } from '@lowres/trainer';
import type { CliIO } from './cli-io';

/** File in a run directory that records the backend of every invocation that worked on the run. */
export const BACKEND_RECORD_FILE = 'backend.json';

/**
 * Loads the optional backend packages (tfjs-node(-gpu), webgpu, @lowres/native) from the CLI's own
 * location, so a package installed next to the CLI is found even where @lowres/core cannot see it,
 * else from @lowres/core's; when neither finds it, the CLI's error is the one reported.
 */
export const cliImporter: ModuleImporter = async (specifier) => {
  try {
    return await import(/* @vite-ignore */ specifier);
  } catch (error) {
    return importModule(specifier).catch(() => {
      throw error;
    });
  }
};

/** The backend report as lines: what was chosen, on which device, why, and why each earlier option was skipped. */
export function formatBackendReport(report: BackendReport): string {
  const where = report.device === 'gpu' ? `GPU${report.adapter ? ` (${report.adapter})` : ''}` : `CPU${report.adapter ? ` (${report.adapter})` : ''}`;
  const lines = [`backend: ${report.backend} on the ${where}: ${report.reason}`];
  for (const skipped of report.skipped) {
    lines.push(`  skipped ${skipped.backend}${skipped.as ? ` as a ${skipped.as.toUpperCase()} backend` : ''}: ${skipped.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Initialises the backend a command asked for (`--backend`, else LOWRES_BACKEND, else the automatic
 * choice) and prints the report to stderr (stdout stays machine-readable for eval / bench).
 */
export async function startBackend(values: Record<string, unknown>, io: CliIO): Promise<BackendReport> {
  const requested = typeof values.backend === 'string' ? values.backend : undefined;
  await initBackend(requested, { importer: cliImporter });
  const report = backendReport() as BackendReport;
  io.stderr.write(formatBackendReport(report));
  return report;
}

/** Appends this invocation's backend report (with a timestamp) to the run directory's backend.json. */
export async function recordBackend(outDir: string, report: BackendReport): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, BACKEND_RECORD_FILE);
  let previous: unknown[] = [];
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (Array.isArray(parsed)) previous = parsed;
  } catch {
    // No record yet (or an unreadable one, which this invocation replaces).
  }
  await writeFile(file, `${JSON.stringify([...previous, { at: new Date().toISOString(), ...report }], null, 2)}\n`);
}

/**
 * Train callbacks that record the backend report in `outDir` when the first phase begins: after
 * train() has validated everything and created the run directory, so a rejected run leaves none.
 */
export function recordBackendOnStart(outDir: string | null | undefined, report: BackendReport | undefined): TrainCallbacks {
  let recorded = false;
  return {
    async onPhaseBegin() {
      if (recorded || !outDir || !report) return;
      recorded = true;
      await recordBackend(outDir, report);
    },
  };
}
