import { defineConfig } from 'vite';

/** Vite config of the demo: workspace packages resolve to their browser sources; everything is served locally (no CDN). */
export default defineConfig({
  base: './',
  resolve: { conditions: ['@lowres/source', 'module', 'browser', 'development|production'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
});
