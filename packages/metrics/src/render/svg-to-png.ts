import { Resvg } from '@resvg/resvg-js';

/**
 * Rasterises an SVG document to PNG bytes at its own size with resvg; text is set in the system's
 * sans-serif font (DejaVu Sans where installed).
 */
export function svgToPng(svg: string): Uint8Array {
  const renderer = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' } });
  return new Uint8Array(renderer.render().asPng());
}
