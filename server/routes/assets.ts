import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Context, Hono } from 'hono';
import { type StaticFile, StaticFiles } from '../assets/static-files.js';
import { findDemoSite } from '../db/queries/demo.js';
import { DEMO_CSP, renderDemoPage } from '../demo/page.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';

/** The widget loader's URL never changes, so a short cache lets a new release reach pages soon. */
export const LOADER_CACHE = 'public, max-age=300';
/** Hashed file names change with their content: cache for a year, never revalidate. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** The dashboard's entry page is revalidated on every load (its ETag makes that a cheap 304). */
export const REVALIDATE = 'no-cache';

/** Options of {@link assetRoutes}. */
export interface AssetOptions {
  /** Where the built `widget/` and `app/` folders are; defaults to the package's `dist/public`. */
  readonly publicDir?: string;
}

/**
 * The build output next to this module: compiled, it runs from dist/server/routes/ and the files
 * are in dist/public/; from source (tsx, vitest) it runs from server/routes/.
 */
function defaultPublicDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const packageOrDist = resolve(here, '../..');
  return basename(packageOrDist) === 'dist'
    ? resolve(packageOrDist, 'public')
    : resolve(packageOrDist, 'dist/public');
}

/** Whether any entity tag in If-None-Match names this file, in any of its encodings (weak comparison). */
function matches(ifNoneMatch: string | undefined, tag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((t) => {
    const bare = t.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
    return bare === tag || bare === `${tag}-br` || bare === `${tag}-gz`;
  });
}

/** Whether the client accepts `coding` (present in Accept-Encoding with a non-zero q). */
function accepts(acceptEncoding: string | undefined, coding: string): boolean {
  if (!acceptEncoding) return false;
  return acceptEncoding.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name !== coding) return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** Sends a file with validators, compression by Accept-Encoding, and the given extra headers. */
function sendFile(c: Context, file: StaticFile, headers: Record<string, string>): Response {
  const common: Record<string, string> = { ...headers };
  if (file.br || file.gzip) common.Vary = 'Accept-Encoding';
  const encoding =
    file.br && accepts(c.req.header('accept-encoding'), 'br')
      ? 'br'
      : file.gzip && accepts(c.req.header('accept-encoding'), 'gzip')
        ? 'gzip'
        : null;
  const etag = `"${file.tag}${encoding === 'br' ? '-br' : encoding === 'gzip' ? '-gz' : ''}"`;
  if (matches(c.req.header('if-none-match'), file.tag)) {
    return new Response(null, { status: 304, headers: { ...common, ETag: etag } });
  }
  const body = encoding === 'br' ? file.br : encoding === 'gzip' ? file.gzip : file.body;
  const out: Record<string, string> = {
    ...common,
    ETag: etag,
    'Content-Type': file.contentType,
    'Content-Length': String(body?.byteLength ?? 0),
  };
  if (encoding) out['Content-Encoding'] = encoding;
  return new Response(body, { status: 200, headers: out });
}

/**
 * The built front ends and the demo page: `/widget.js` and its chunks (public, cross-origin),
 * the dashboard at `/app/` (single-page app: unknown paths get its index.html), `/demo`, and `/`
 * redirecting to the dashboard. Paths are checked segment by segment, so nothing outside the build
 * output can be named.
 */
export function assetRoutes(deps: AppDeps, options: AssetOptions = {}): Hono {
  const files = new StaticFiles(options.publicDir ?? defaultPublicDir());
  const app = new Hono();

  async function notBuilt(part: 'widget' | 'app', what: string): Promise<ApiError> {
    return (await files.hasDirectory(part))
      ? new ApiError('not_found', `No such ${what} file.`)
      : new ApiError('unavailable', `The ${what} is not built; run \`npm run build\` and restart.`);
  }

  app.get('/', (c) => c.redirect('/app/', 302));

  // The loader and its chunks are fetched by other sites' pages; chunks load through import(),
  // which is a CORS request, hence `*` (they are public and sent without credentials).
  app.get('/widget.js', async (c) => {
    const file = await files.get('widget/widget.js');
    if (!file) throw await notBuilt('widget', 'widget');
    return sendFile(c, file, { 'Cache-Control': LOADER_CACHE, 'Access-Control-Allow-Origin': '*' });
  });
  app.get('/widget/chunks/*', async (c) => {
    const file = await files.get(`widget/chunks/${c.req.path.slice('/widget/chunks/'.length)}`);
    if (!file) throw await notBuilt('widget', 'widget');
    return sendFile(c, file, { 'Cache-Control': IMMUTABLE_CACHE, 'Access-Control-Allow-Origin': '*' });
  });

  async function dashboardIndex(c: Context): Promise<Response> {
    const index = await files.get('app/index.html');
    if (!index)
      throw new ApiError('unavailable', 'The dashboard is not built; run `npm run build` and restart.');
    return sendFile(c, index, { 'Cache-Control': REVALIDATE });
  }
  app.get('/app', (c) => c.redirect('/app/', 301));
  app.get('/app/', dashboardIndex);
  app.get('/app/*', async (c) => {
    const relative = c.req.path.slice('/app/'.length);
    const file = relative === '' ? null : await files.get(`app/${relative}`);
    if (file) {
      return sendFile(c, file, {
        'Cache-Control': relative.startsWith('assets/') ? IMMUTABLE_CACHE : REVALIDATE,
      });
    }
    // A missing hashed asset is a stale page asking for an old build: HTML in its place would only
    // confuse the browser. Every other path is a client-side route of the single-page app.
    if (relative.startsWith('assets/')) throw await notBuilt('app', 'dashboard');
    return dashboardIndex(c);
  });

  app.get('/demo', async (c) => {
    const origin = deps.config.publicUrl ? new URL(deps.config.publicUrl).origin : new URL(c.req.url).origin;
    const site = await findDemoSite(deps.db, origin);
    if (!site) {
      throw new ApiError(
        'not_found',
        `No site accepts reports from ${origin}, so the demo has nothing to send to. Create one with: misprint site create --name Demo --origin ${origin} --owner <e-mail>`,
      );
    }
    return c.html(renderDemoPage({ siteKey: site.key, siteName: site.name }), 200, {
      'Cache-Control': 'no-store',
      'Content-Security-Policy': DEMO_CSP,
    });
  });

  return app;
}
