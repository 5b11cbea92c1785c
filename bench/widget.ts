/**
 * What the widget costs a host page: the loader's and the chunks' sizes (raw, gzip, brotli, as
 * served compressed), the loader's compile + evaluation time in Chromium on a long article,
 * against an empty script as the baseline, from the browser's own trace (devtools.timeline), and
 * the time from Ctrl+Enter to the dialog on a news article over emulated networks (issue 11).
 *
 *   npm run build:web && npx tsx bench/widget.ts
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { CHROMIUM_PATH, launchChromium } from '../tests/helpers/browser.js';
import { type DialogTiming, measureTimeToDialog } from './lib/dialog-timing.js';
import { fixed, latencies } from './lib/stats.js';

const WIDGET_DIR = fileURLToPath(new URL('../dist/public/widget/', import.meta.url));
/** Page loads per script, alternating, after one untimed load of each. */
const LOADS = 10;
/** Paragraphs of the synthetic article: a long read, ~30,000 words. */
const PARAGRAPHS = 400;
/** Samples of each time-to-dialog case (BENCH_DIALOG_SAMPLES overrides). */
const DIALOG_SAMPLES = Number(process.env.BENCH_DIALOG_SAMPLES ?? 10);
/** Reader pauses between double-click and Ctrl+Enter: the 300 ms, and one long enough to prefetch on Fast 3G. */
const PAUSES = [300, 1500];

/** Sizes of one file in bytes. */
export interface FileSize {
  readonly name: string;
  readonly raw: number;
  readonly gzip: number;
  readonly brotli: number;
}

/** Figures of the widget benchmark. */
export interface WidgetFigures {
  readonly files: readonly FileSize[];
  /** Median and p95 compile + evaluate time of the loader and of an empty script, in ms. */
  readonly loaderMs: { p50: number; p95: number } | null;
  readonly emptyMs: { p50: number; p95: number } | null;
  /** Requests for chunks the loader made on page load (should be none: it only listens). */
  readonly chunkRequestsOnLoad: number | null;
  /** Ctrl+Enter → dialog visible, per network and way of reaching it. */
  readonly timeToDialog: readonly DialogTiming[] | null;
}

function size(name: string, bytes: Buffer): FileSize {
  return {
    name,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

function article(script: string, paragraphs = PARAGRAPHS): string {
  const sentence =
    'The council has recieved the draft budget for 2027, which the mayor described as prudent but ambitious. ';
  const body = Array.from(
    { length: paragraphs },
    (_, i) => `<p id="p${i}">${sentence.repeat(6)}<a href="#p${i}">Paragraph ${i}</a>.</p>`,
  ).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Budget 2027</title></head>
<body><main><article><h1>Council passes the budget</h1>${body}</article></main>
<script src="${script}" data-site="bench-site" async></script></body></html>`;
}

/** Serves the article (for either script), the widget's files and an empty script on 127.0.0.1. */
async function serveFixtures(): Promise<{ server: Server; origin: string; chunkRequests: () => number }> {
  let chunks = 0;
  const compressed = new Map<string, Buffer>();
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    // Brotli where the browser takes it, as the server sends its precompressed files: on an
    // emulated slow network the bytes on the wire are what the reader waits for.
    const send = (type: string, body: string | Buffer) => {
      const br = /\bbr\b/.test(String(req.headers['accept-encoding']));
      res.writeHead(200, {
        'Content-Type': type,
        'Cache-Control': 'no-store',
        ...(br ? { 'Content-Encoding': 'br' } : {}),
      });
      if (!br) return res.end(body);
      // Compressed once per path, as the server does at start: compressing per request would add
      // its time to every local figure.
      const packed = compressed.get(path) ?? brotliCompressSync(body);
      compressed.set(path, packed);
      res.end(packed);
    };
    if (path === '/article-widget.html') return send('text/html', article('/widget.js'));
    // A news article of the demo's length (eight paragraphs), where readers meet the dialog.
    if (path === '/news.html') return send('text/html', article('/widget.js', 8));
    if (path === '/article-empty.html') return send('text/html', article('/empty.js'));
    if (path === '/empty.js') return send('text/javascript', '');
    if (path === '/widget.js') return send('text/javascript', await readFile(join(WIDGET_DIR, 'widget.js')));
    if (path.startsWith('/widget/chunks/')) {
      chunks++;
      const file = join(WIDGET_DIR, 'chunks', path.slice('/widget/chunks/'.length).replace(/[^\w.-]/g, ''));
      if (existsSync(file)) return send('text/javascript', await readFile(file));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, origin: `http://127.0.0.1:${port}`, chunkRequests: () => chunks };
}

interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  args?: { data?: { url?: string } };
}

/** Milliseconds Chromium spent compiling and evaluating scripts whose URL ends with `script`. */
function scriptCostMs(trace: Buffer, script: string): number {
  const parsed: unknown = JSON.parse(trace.toString('utf8'));
  const events: TraceEvent[] = Array.isArray(parsed)
    ? parsed
    : ((parsed as { traceEvents?: TraceEvent[] }).traceEvents ?? []);
  let micros = 0;
  for (const event of events) {
    if (event.ph !== 'X' || !event.dur) continue;
    if (!['EvaluateScript', 'v8.compile', 'v8.compileModule', 'v8.evaluateModule'].includes(event.name))
      continue;
    if (event.args?.data?.url?.endsWith(script)) micros += event.dur;
  }
  return micros / 1000;
}

/** Runs the widget benchmark. */
export async function benchWidget(log: (line: string) => void = console.log): Promise<WidgetFigures> {
  if (!existsSync(join(WIDGET_DIR, 'widget.js'))) {
    throw new Error('dist/public/widget/widget.js is missing: run `npm run build:web` first');
  }
  const files = [size('widget.js (loader)', await readFile(join(WIDGET_DIR, 'widget.js')))];
  const chunkDir = join(WIDGET_DIR, 'chunks');
  for (const name of (await readdir(chunkDir)).filter((f) => f.endsWith('.js')).sort()) {
    files.push(size(`chunks/${name}`, await readFile(join(chunkDir, name))));
  }

  if (!existsSync(CHROMIUM_PATH)) {
    log(`widget: Chromium not found at ${CHROMIUM_PATH}; sizes only`);
    return { files, loaderMs: null, emptyMs: null, chunkRequestsOnLoad: null, timeToDialog: null };
  }
  log(`widget: timing the loader in Chromium on a ${PARAGRAPHS}-paragraph article (${LOADS} loads each)…`);
  const fixtures = await serveFixtures();
  const browser = await launchChromium();
  try {
    const loader: number[] = [];
    const empty: number[] = [];
    let chunkRequestsOnLoad = 0;
    for (let i = -1; i < LOADS; i++) {
      for (const [script, into] of [
        ['/widget.js', loader],
        ['/empty.js', empty],
      ] as const) {
        const page = await browser.newPage();
        const before = fixtures.chunkRequests();
        await browser.startTracing(page, { categories: ['devtools.timeline', 'v8'] });
        await page.goto(`${fixtures.origin}/article-${script === '/widget.js' ? 'widget' : 'empty'}.html`, {
          waitUntil: 'load',
        });
        // Let an async script that ran late finish, and anything it schedules on load.
        await page.evaluate(
          () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))),
        );
        const trace = await browser.stopTracing();
        if (script === '/widget.js') chunkRequestsOnLoad += fixtures.chunkRequests() - before;
        if (i >= 0) into.push(scriptCostMs(trace, script));
        await page.close();
      }
    }
    const summary = (samples: number[]) => {
      const l = latencies(samples);
      return { p50: l.p50, p95: l.p95 };
    };
    const timeToDialog = await measureTimeToDialog({
      browser,
      url: `${fixtures.origin}/news.html`,
      samples: DIALOG_SAMPLES,
      pauses: PAUSES,
      log,
    });
    return { files, loaderMs: summary(loader), emptyMs: summary(empty), chunkRequestsOnLoad, timeToDialog };
  } finally {
    await browser.close();
    fixtures.server.close();
  }
}

/** Gzip bytes of everything a first use fetches in `lang`: its dialog chunk (and on touch screens its touch chunk). */
export function firstUse(
  files: readonly FileSize[],
  lang: string,
): { desktop: FileSize; touch: FileSize } | null {
  const find = (name: string) => files.find((f) => f.name.startsWith(`chunks/${name}-${lang}-`));
  // On touch screens the dialog comes in its flavour with the report button, in the same one request.
  const dialog = find('dialog');
  const touch = find('dialog-touch');
  if (!dialog || !touch) return null;
  return { desktop: dialog, touch };
}

/** The largest file of each chunk kind across languages (`dialog`, `touch`, …), and the loader. */
function largestByKind(files: readonly FileSize[]): FileSize[] {
  const byKind = new Map<string, FileSize>();
  for (const file of files) {
    const kind = /^chunks\/(.+?)(?:-[a-z]{2})?-[\w-]{8}\.js$/.exec(file.name)?.[1] ?? file.name;
    const seen = byKind.get(kind);
    if (!seen || file.gzip > seen.gzip) byKind.set(kind, file);
  }
  return [...byKind.values()];
}

/** Prints the figures of one run. */
export function printWidget(f: WidgetFigures, log: (line: string) => void = console.log): void {
  for (const file of largestByKind(f.files)) {
    log(
      `widget: ${file.name.padEnd(28)} ${String(file.raw).padStart(6)} B raw, ${String(file.gzip).padStart(6)} B gzip, ${String(file.brotli).padStart(6)} B brotli` +
        (file.name.startsWith('chunks/') ? '  (largest language)' : ''),
    );
  }
  for (const lang of ['en', 'ru']) {
    const use = firstUse(f.files, lang);
    if (use)
      log(
        `widget: first use (${lang}): ${use.desktop.gzip} B gzip, ${use.desktop.brotli} B brotli; ` +
          `with the touch button ${use.touch.gzip} B gzip, ${use.touch.brotli} B brotli`,
      );
  }
  if (f.loaderMs && f.emptyMs) {
    log(
      `widget: loader compile + evaluate p50 ${fixed(f.loaderMs.p50, 2)} ms (p95 ${fixed(f.loaderMs.p95, 2)}), ` +
        `empty script p50 ${fixed(f.emptyMs.p50, 2)} ms → cost ${fixed(f.loaderMs.p50 - f.emptyMs.p50, 2)} ms; ` +
        `chunk requests on page load: ${f.chunkRequestsOnLoad}`,
    );
  }
  for (const t of f.timeToDialog ?? []) {
    log(
      `widget: time to dialog, ${t.network.padEnd(10)} ${t.how.padEnd(20)} p50 ${fixed(t.p50, 0).padStart(5)} ms, p90 ${fixed(t.p90, 0).padStart(5)} ms; ` +
        `full dialog p50 ${fixed(t.fullP50, 0).padStart(5)} ms, p90 ${fixed(t.fullP90, 0).padStart(5)} ms (${t.samples} samples)`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printWidget(await benchWidget());
}
