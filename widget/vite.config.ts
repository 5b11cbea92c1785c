/**
 * Builds the widget into dist/public/widget/ with one `vite build --config widget/vite.config.ts`:
 * - widget.js: the loader, a classic script (IIFE) that `import()`s the chunks;
 * - chunks/<chunk>-<lang>-<hash>.js for every chunk with words (dialog, dialog-touch, hint, told) and language,
 *   chunks/flush-<hash>.js for the offline queue: ES modules that import nothing, so each arrives
 *   in one round trip (no waterfall), and a reader downloads only their own language's words.
 * Each chunk is its own build (shared code is duplicated on disk rather than split into a shared
 * chunk, which would cost a second round trip). All chunk names carry one hash of all chunks, so the
 * loader builds any name from `__MISPRINT_BUILD__` and the language instead of carrying a table.
 */
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';
import { build, defineConfig, type Plugin } from 'vite';
import { LIMITS } from '../contract/report.js';
import { LANGS } from './lang.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/public/widget', import.meta.url));
const jsx = { jsx: { runtime: 'automatic', importSource: 'preact' } } as const;

/** Evergreen browsers with dynamic import, constructable stylesheets and <dialog>. */
const target = ['chrome111', 'edge111', 'firefox111', 'safari16.4'];
/**
 * CSS is minified for browsers with light-dark(), or Lightning CSS adds its light-dark() fallback
 * variables to every rule setting `color-scheme`. Our CSS uses nothing newer than `target` has.
 */
const cssTarget = ['chrome123', 'edge123', 'firefox120', 'safari17.5'];

/** How one chunk is built: the module it comes from and, for chunks with words, which words. */
interface ChunkSpec {
  readonly module: string;
  /** The exports of `i18n/<lang>.ts` the module's `chunk(...words)` factory takes; none: no words. */
  readonly words: readonly ('dialog' | 'hint' | 'told' | 'touch')[];
}

/**
 * Every chunk by name. A chunk with words is built per language, its default export being
 * `chunk(...words)`; one without exports the module's export of its own name as its default.
 * `dialog-touch` is the dialog with the touch button, which the loader fetches on coarse pointers
 * instead of `dialog`: one file, so the button costs a touch screen no second request and no
 * second copy of what the two share.
 */
const CHUNKS: Readonly<Record<string, ChunkSpec>> = {
  dialog: { module: 'dialog/index.ts', words: ['dialog'] },
  'dialog-touch': { module: 'touch.ts', words: ['dialog', 'touch'] },
  hint: { module: 'hint.ts', words: ['hint'] },
  told: { module: 'told.ts', words: ['told'] },
  flush: { module: 'flush.ts', words: [] },
};

/** Resolves to a file of the widget's source folder, as a string literal for generated code. */
function source(path: string): string {
  return JSON.stringify(fileURLToPath(new URL(`./${path}`, import.meta.url)));
}

/** The entry module of chunk `name` (in `lang`, for chunks with words). */
function entryCode(name: string, spec: ChunkSpec, lang: string): string {
  if (spec.words.length === 0) return `export { ${name} as default } from ${source(spec.module)};`;
  return [
    `import { ${spec.words.join(', ')} } from ${source(`i18n/${lang}.ts`)};`,
    `import { chunk } from ${source(spec.module)};`,
    `export default chunk(${spec.words.join(', ')});`,
  ].join('\n');
}

/** The generated entry of a chunk build (a virtual module: `\0` keeps other plugins off it). */
const ENTRY = 'virtual:misprint-chunk';

/**
 * The contract's limits as numbers in the widget's code: `LIMITS.urlMax` becomes `2048`, so a chunk
 * carries the few it uses instead of the whole frozen object (which is pure, so it goes once unused).
 */
const inlineLimits: Plugin = {
  name: 'misprint-inline-limits',
  transform(code, id) {
    if (!id.includes('/widget/') || !code.includes('LIMITS.')) return null;
    return code.replace(/\bLIMITS\.(\w+)\b/g, (whole, name: string) => {
      const value: unknown = Reflect.get(LIMITS, name);
      if (typeof value !== 'number') throw new Error(`widget build: no limit ${whole}`);
      return String(value);
    });
  },
};

/** Builds one chunk from `code` and returns its single output file. */
async function buildChunk(code: string): Promise<string> {
  const entry: Plugin = {
    name: 'misprint-chunk-entry',
    // Library mode hands the entry over as a path under `root`.
    resolveId: (id) => (id.endsWith(ENTRY) ? `\0${ENTRY}` : null),
    load: (id) => (id === `\0${ENTRY}` ? code : null),
  };
  const result = await build({
    configFile: false,
    root,
    logLevel: 'warn',
    oxc: jsx,
    plugins: [entry, inlineLimits],
    build: {
      write: false,
      target,
      cssTarget,
      cssMinify: true,
      sourcemap: false,
      // Library mode: no module-preload helper around anything.
      lib: { entry: ENTRY, formats: ['es'], fileName: 'chunk' },
      rolldownOptions: { output: { minify: true, comments: false } },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => ('output' in r ? r.output : []));
  const chunks = outputs.filter((file) => file.type === 'chunk');
  if (chunks.length !== 1 || !chunks[0])
    throw new Error(`widget build: a chunk must be one self-contained file, got ${chunks.length}`);
  return shortenInternals(chunks[0].code);
}

/**
 * Preact's own build names its internal fields `__`, `__k`, `__e`…, over two hundred times in a
 * chunk; a chunk is a closed world (nothing outside reads them), so they become one or two letters.
 * Only these: the loader and the chunks share their other names. `__html` (dangerouslySetInnerHTML)
 * and `__proto__` are not internals.
 */
async function shortenInternals(code: string): Promise<string> {
  const result = await minify(code, {
    module: true,
    compress: false,
    mangle: { properties: { regex: /^__[A-Za-z]*$/, reserved: ['__html', '__proto__'] } },
    format: { comments: false },
  });
  if (!result.code) throw new Error('widget build: terser returned no code');
  return result.code;
}

/** Builds every chunk, writes them with the build hash in their names, and returns the hash. */
async function buildChunks(): Promise<string> {
  const jobs: { name: string; code: Promise<string> }[] = [];
  for (const [name, spec] of Object.entries(CHUNKS)) {
    if (spec.words.length === 0) jobs.push({ name, code: buildChunk(entryCode(name, spec, '')) });
    else
      for (const lang of LANGS)
        jobs.push({ name: `${name}-${lang}`, code: buildChunk(entryCode(name, spec, lang)) });
  }
  const built = await Promise.all(jobs.map(async (job) => ({ name: job.name, code: await job.code })));
  const hash = createHash('sha256');
  for (const file of built) hash.update(`${file.name}\0${file.code}\0`);
  const tag = hash.digest('base64url').slice(0, 8);
  await rm(`${outDir}/chunks`, { recursive: true, force: true });
  await mkdir(`${outDir}/chunks`, { recursive: true });
  await Promise.all(built.map((file) => writeFile(`${outDir}/chunks/${file.name}-${tag}.js`, file.code)));
  return tag;
}

/** Builds the chunks before the loader and defines their hash as `__MISPRINT_BUILD__`. */
function chunks(): Plugin {
  return {
    name: 'misprint-chunks',
    apply: 'build',
    async config() {
      return { define: { __MISPRINT_BUILD__: JSON.stringify(await buildChunks()) } };
    },
  };
}

export default defineConfig({
  root,
  plugins: [chunks()],
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
