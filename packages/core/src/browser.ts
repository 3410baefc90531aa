/** @lowres/core for browsers: the portable API plus the browser's backend selection (webgpu → webgl → wasm → cpu). */
export * from './portable';
export {
  initBrowserBackend,
  initBrowserBackend as initBackend,
  browserBackendReport,
  browserBackendReport as backendReport,
  firstWorkingBackend,
  BROWSER_BACKEND_NAMES,
  type BrowserBackendName,
  type BrowserBackendOptions,
  type BrowserBackendReport,
  type BackendAttempt,
  type WasmPaths,
} from './backend/init-browser-backend';
export { modelIO } from './io/browser-model-io';
