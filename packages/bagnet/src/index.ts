/** @lowres/bagnet for Node: the browser-safe API plus the PNG heatmap writer (pngjs needs Node's zlib and streams). */
export * from './browser';
export { renderEvidenceHeatmap } from './evidence-heatmap';
