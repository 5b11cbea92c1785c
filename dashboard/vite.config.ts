/**
 * Builds the dashboard into dist/public/app/ (index.html + hashed assets/), served at /app/ with an
 * SPA fallback to index.html (see the team's build layout).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/app/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/public/app', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Source maps are not served to browsers; the size budget counts only what they download.
    sourcemap: false,
    modulePreload: { polyfill: false },
  },
});
