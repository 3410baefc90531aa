import { describe, expect, it } from 'vitest';
import { svgLinePlot } from './line-plot';
import { svgToPng } from './svg-to-png';

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
    expect(svg).toContain('val &#60;loss&#62;');
    expect(svg.match(/<circle/g)).toHaveLength(4);
  });

  it('pads the axes and widens the legend on request', () => {
    const svg = svgLinePlot([{ name: 'a rather long series name', points: [{ x: 0, y: 0 }, { x: 10, y: 1 }] }], {
      title: 'Scatter',
      xLabel: 'x',
      yLabel: 'y',
      width: 564,
      height: 384,
      legendWidth: 230,
      padding: 0.25,
    });
    // Plot area: x from 64 to 334 (width − 230), y from 36 to 336; the data span the middle two thirds.
    expect(svg).toContain('d="M109.00,286.00 L289.00,86.00"');
    expect(svg).toContain('<text x="372" y="50">a rather long series name</text>');
  });

  it('is a well-formed SVG document that resvg parses, title included', () => {
    const svg = svgLinePlot([{ name: 'loss', points: [{ x: 0, y: 1 }, { x: 1, y: 0 }] }], { title: 'A & B', xLabel: 'epoch', yLabel: 'loss' });
    expect(svg).toContain('<text x="247" y="20" text-anchor="middle" font-size="14">A &#38; B</text>');
    expect(svgToPng(svg).length).toBeGreaterThan(0);
  });
});
