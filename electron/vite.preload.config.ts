import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Sandboxed preloads run as one CommonJS file that may require only 'electron': bundle it. */
export default defineConfig({
  build: {
    lib: { entry: path.join(here, 'preload.ts'), formats: ['cjs'], fileName: () => 'preload.cjs' },
    outDir: path.join(here, '..', 'dist', 'electron'),
    emptyOutDir: false,
    minify: false,
    rollupOptions: { external: ['electron'] },
  },
});
