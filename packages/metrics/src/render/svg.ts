/** Escapes text for SVG/XML content and attribute values (numeric character references). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** A standalone SVG document of the given size on a white background, holding `body` (one element per line). */
export function svgDocument(width: number, height: number, body: readonly string[], fontSize = 12): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="${fontSize}">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    ...body,
    '</svg>',
  ].join('\n');
}

/** About `count` round tick values (steps of 1, 2 or 5 × 10^k) covering [minimum, maximum]. */
export function niceTicks(minimum: number, maximum: number, count = 5): number[] {
  if (minimum === maximum) return [minimum];
  const rough = (maximum - minimum) / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((f) => f * magnitude).find((s) => s >= rough) ?? rough;
  const ticks: number[] = [];
  for (let t = Math.ceil(minimum / step) * step; t <= maximum + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}
