import { describe, expect, it } from 'vitest';
import { svgLinePlot } from './svg-line-plot';

describe('svgLinePlot', () => {
  it('maps data points onto the plot area and lists each series in the legend', () => {
    const svg = svgLinePlot(
      [
        { name: 'loss', points: [{ x: 0, y: 2 }, { x: 1, y: 1 }, { x: 2, y: 0 }] },
        { name: 'val <loss>', points: [{ x: 0, y: Number.NaN }, { x: 2, y: 1 }] },
      ],
      { title: 'Loss', xLabel: 'epoch', yLabel: 'loss', width: 564, height: 384 },
    );
    expect(svg.startsWith('<svg')).toBe(true);
    // Plot area: x from 64 to 434 (width − 130), y from 36 to 336 (height − 48); y=2 is the top.
    expect(svg).toContain('d="M64.00,36.00 L249.00,186.00 L434.00,336.00"');
    expect(svg).toContain('d="M434.00,186.00"');
    expect(svg).toContain('val &lt;loss&gt;');
    expect(svg.match(/<circle/g)).toHaveLength(4);
  });
});
