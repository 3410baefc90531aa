import { type BackendName, type BackendReport, backendReport, initBackend, probeBackends } from '@lowres/core';
import { cliImporter, formatBackendReport } from '../backend-session';
import type { CliIO } from '../cli-io';
import { runTrainingCheck } from '../training-check';

/** Relative loss difference beyond which the checked backend is said to disagree with cpu. */
const AGREEMENT = 1e-3;

type Values = Record<string, string | boolean | string[] | undefined>;

/**
 * `lowres doctor`: what each backend would do on this machine and why, the automatic choice, and —
 * for a GPU backend (or the one --backend forces) — one tiny training step there, compared with cpu,
 * saying whether it really ran on the GPU. Exit code 1 when the checked step disagrees with cpu.
 */
export async function doctorCommand(values: Values, io: CliIO): Promise<number> {
  const forced = typeof values.backend === 'string' ? values.backend : (process.env.LOWRES_BACKEND || undefined);
  const probes = await probeBackends({ importer: cliImporter, ...(forced ? { forced: forced as BackendName } : {}) });
  io.stdout.write('backends, in the automatic order:\n');
  for (const probe of probes) {
    const status = probe.available ? `usable on the ${probe.device.toUpperCase()}` : 'unavailable';
    io.stdout.write(`  ${probe.backend.padEnd(10)} ${status}: ${probe.reason}\n`);
  }
  await initBackend(forced, { importer: cliImporter });
  const chosen = backendReport() as BackendReport;
  io.stdout.write(`${forced ? 'forced' : 'automatic choice'}: ${formatBackendReport(chosen).replace(/^backend: /, '')}`);
  const gpu = probes.find((probe) => probe.available && probe.device === 'gpu');
  const target = forced ?? gpu?.backend;
  if (!target) {
    io.stdout.write(`GPU: none usable here, so training runs on the CPU (${chosen.backend}); see the reasons above.\n`);
    return 0;
  }
  const check = await runTrainingCheck(target);
  io.stdout.write(
    `training step on ${check.backend}: loss ${check.loss.toFixed(6)} (cpu ${check.cpuLoss.toFixed(6)}, relative difference ${check.relativeDifference.toExponential(1)}), ${check.milliseconds.toFixed(0)} ms\n`,
  );
  io.stdout.write(`ran on the GPU: ${check.ranOnGpu ? 'yes' : 'no'} (${check.evidence})\n`);
  if (check.relativeDifference > AGREEMENT) {
    io.stdout.write(`the step on ${check.backend} disagrees with cpu by more than ${AGREEMENT}: do not train on it\n`);
    return 1;
  }
  return 0;
}
