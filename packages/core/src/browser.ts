/** @lowres/core for browsers: the portable API plus the browser's backend selection (webgpu → webgl → wasm → cpu). */
export * from './portable';
// The Node entry's names, so code written against them runs in a page unchanged.
export {
  initBrowserBackend as initBackend,
  browserBackendReport as backendReport,
  BROWSER_BACKEND_NAMES as BACKEND_NAMES,
  type BrowserBackendName as BackendName,
  type BrowserBackendReport as BackendReport,
  type BrowserBackendOptions as InitBackendOptions,
} from './backend/init-browser-backend';
export { modelIO } from './io/browser-model-io';
