import type { PeerResult } from './peer';
import type { CaseResult } from './run-case';

function figure(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  return value >= 100 ? value.toFixed(0) : value.toFixed(value >= 10 ? 1 : 2);
}

/** Formats rows as an aligned plain-text table. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] as number)).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** The benchmark table: ours, the peer, and for each thread count ours / peer. */
export function benchTable(results: CaseResult[], peers: PeerResult[]): string {
  const rows = results.map((result) => [
    result.model,
    result.backend,
    String(result.threads),
    String(result.batch),
    String(result.microBatch),
    figure(result.trainImagesPerSecond),
    figure(result.inferImagesPerSecond),
    figure(result.peakRssMebibytes),
  ]);
  for (const peer of peers) {
    rows.push([
      'LR-Net (PyTorch peer)',
      'torch cpu',
      String(peer.threads),
      '128',
      '128',
      figure(peer.trainImagesPerSecond),
      figure(peer.inferImagesPerSecond),
      figure(peer.peakRssMebibytes),
    ]);
  }
  const table = formatTable(['model', 'backend', 'threads', 'batch', 'micro-batch', 'train img/s', 'infer img/s', 'peak RSS MiB'], rows);
  const ratios = peers.flatMap((peer) =>
    results
      .filter((result) => result.threads === peer.threads && result.backend !== 'cpu')
      .map((ours) => {
        const train = ours.trainImagesPerSecond / peer.trainImagesPerSecond;
        const infer = ours.inferImagesPerSecond / peer.inferImagesPerSecond;
        const rss = ours.peakRssMebibytes && peer.peakRssMebibytes ? `, peak RSS ${(ours.peakRssMebibytes / peer.peakRssMebibytes).toFixed(2)}×` : '';
        const batchNote = ours.batch === 128 ? '' : ` (ours at batch ${ours.batch}, peer at 128)`;
        return `${ours.backend}/peer, ${peer.threads} thread(s): train ${train.toFixed(2)}×, infer ${infer.toFixed(2)}×${rss}${batchNote}`;
      }),
  );
  return [table, ...ratios].join('\n');
}
