/**
 * Builds the widget into dist/public/widget/ with one `vite build --config widget/vite.config.ts`:
 * - chunks/dialog-<hash>.js (+ one chunk per language): the Preact dialog, an ES module;
 * - chunks/flush-<hash>.js: the offline queue's sender, loaded without the dialog;
 * - widget.js: the loader, a classic script (IIFE) that `import()`s the dialog by its hashed name.
 * The loader has to know their names, so a plugin builds the chunks first (in the `config` hook)
 * and hands the name to the loader through `define`.
 */
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/public/widget', import.meta.url));
const jsx = { jsx: { runtime: 'automatic', importSource: 'preact' } } as const;

/** Evergreen browsers with dynamic import, constructable stylesheets and <dialog>. */
const target = ['chrome111', 'edge111', 'firefox111', 'safari16.4'];

/** Builds the chunks and returns the entries' file names (relative to `chunks/`) by entry name. */
async function buildChunks(): Promise<Record<string, string>> {
  const result = await build({
    configFile: false,
    root,
    logLevel: 'warn',
    oxc: jsx,
    build: {
      outDir: `${outDir}/chunks`,
      emptyOutDir: true,
      target,
      cssMinify: true,
      sourcemap: false,
      // Library mode: no module-preload helper around the language imports. It keeps whitespace
      // in ES output unless told otherwise, and the chunk has a size budget.
      lib: {
        entry: {
          dialog: fileURLToPath(new URL('./dialog/index.ts', import.meta.url)),
          flush: fileURLToPath(new URL('./flush.ts', import.meta.url)),
        },
        formats: ['es'],
      },
      rolldownOptions: {
        output: {
          minify: true,
          comments: false,
          entryFileNames: '[name]-[hash].js',
          chunkFileNames: '[name]-[hash].js',
        },
      },
    },
  });
  const names: Record<string, string> = {};
  for (const output of Array.isArray(result) ? result : [result]) {
    if (!('output' in output)) continue;
    for (const file of output.output)
      if (file.type === 'chunk' && file.isEntry) names[file.name] = file.fileName;
  }
  if (!names.dialog || !names.flush)
    throw new Error('widget build: the dialog or flush chunk was not produced');
  return names;
}

/** Builds the chunks before the loader and defines their names (`__MISPRINT_CHUNK__`, `__MISPRINT_FLUSH__`). */
function dialogChunk(): Plugin {
  return {
    name: 'misprint-dialog-chunk',
    apply: 'build',
    async config() {
      const names = await buildChunks();
      return {
        define: {
          __MISPRINT_CHUNK__: JSON.stringify(names.dialog),
          __MISPRINT_FLUSH__: JSON.stringify(names.flush),
        },
      };
    },
  };
}

export default defineConfig({
  root,
  plugins: [dialogChunk()],
  oxc: jsx,
  build: {
    outDir,
    emptyOutDir: false,
    target,
    minify: true,
    sourcemap: false,
    copyPublicDir: false,
    lib: {
      entry: fileURLToPath(new URL('./loader.ts', import.meta.url)),
      formats: ['iife'],
      name: 'MisprintLoader',
      fileName: () => 'widget.js',
    },
  },
});
