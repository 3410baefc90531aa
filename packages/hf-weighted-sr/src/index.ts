/** @lowres/hf-weighted-sr for Node: the browser-safe API plus the PNG weight-map writer (pngjs needs Node's zlib and streams). */
export * from './browser';
export { renderWeightMapPng } from './render/render-weight-map-png';
