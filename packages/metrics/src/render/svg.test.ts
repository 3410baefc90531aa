import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { escapeXml, niceTicks, svgDocument } from './svg';
import { svgToPng } from './svg-to-png';

describe('the SVG writer', () => {
  it('escapes markup characters', () => {
    expect(escapeXml(`a<b & "c" 'd'>`)).toBe('a&#60;b &#38; &#34;c&#34; &#39;d&#39;&#62;');
  });

  it('wraps elements in a sized document on white', () => {
    const svg = svgDocument(30, 20, ['<circle cx="1" cy="1" r="1"/>'], 11);
    expect(svg.split('\n')).toEqual([
      '<svg xmlns="http://www.w3.org/2000/svg" width="30" height="20" viewBox="0 0 30 20" font-family="sans-serif" font-size="11">',
      '<rect width="30" height="20" fill="white"/>',
      '<circle cx="1" cy="1" r="1"/>',
      '</svg>',
    ]);
  });

  it('chooses round ticks', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(3, 47)).toEqual([10, 20, 30, 40]);
    expect(niceTicks(2, 2)).toEqual([2]);
  });
});

describe('svgToPng', () => {
  it('rasterises at the SVG size with its colours, and sets text in a real font', () => {
    const svg = svgDocument(120, 40, ['<rect x="0" y="0" width="10" height="10" fill="rgb(31,119,180)"/>', '<text x="20" y="28" font-size="24">Wg</text>']);
    const png = PNG.sync.read(Buffer.from(svgToPng(svg)));
    expect([png.width, png.height]).toEqual([120, 40]);
    expect(Array.from(png.data.subarray((5 * 120 + 5) * 4, (5 * 120 + 5) * 4 + 4))).toEqual([31, 119, 180, 255]);
    let ink = 0;
    for (let y = 0; y < 40; y++) for (let x = 18; x < 120; x++) if (png.data[(y * 120 + x) * 4]! < 128) ink++;
    expect(ink).toBeGreaterThan(40); // no installed font would leave the text out silently
  });
});
