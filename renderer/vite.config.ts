import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The renderer is a plain web app: the same bundle runs in an Electron window and in Chromium. */
export default defineConfig({
  root: here,
  base: '/',
  publicDir: path.join(here, '..', 'assets', 'web'),
  plugins: [react()],
  resolve: {
    alias: [
      { find: '@contracts', replacement: path.join(here, '..', 'main', 'contracts', 'index.ts') },
      // React's profiling build keeps <Profiler> callbacks in production: the diagnostics count commits
      // (the render benchmark's "React commits per second"); its cost is a few per cent of commit time.
      { find: /^react-dom\/client$/, replacement: 'react-dom/profiling' },
    ],
  },
  build: {
    outDir: path.join(here, '..', 'dist', 'renderer'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    // No inline scripts or eval: the core's Content-Security-Policy forbids them.
    modulePreload: { polyfill: false },
  },
});
