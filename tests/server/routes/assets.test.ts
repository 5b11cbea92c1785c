import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaticFiles } from '../../../server/assets/static-files.js';
import { loadConfig } from '../../../server/config.js';
import { createSite } from '../../../server/db/queries/sites.js';
import { createUser } from '../../../server/db/queries/users.js';
import { DEMO_TYPOS } from '../../../server/demo/page.js';
import { type AppDeps, appDeps } from '../../../server/deps.js';
import { renderError } from '../../../server/errors.js';
import { createLogger } from '../../../server/logger.js';
import { assetRoutes, IMMUTABLE_CACHE, LOADER_CACHE } from '../../../server/routes/assets.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../helpers/databases.js';

const WIDGET = `/* loader */\n${'export const x = "widget";\n'.repeat(100)}`;
const CHUNK = 'export default function dialog() {}\n';
const INDEX =
  '<!doctype html><title>Misprint</title><div id="app"></div><script type="module" src="/app/assets/index-Ab12.js"></script>';
const SECRET = 'not-for-the-web';

/** A build output in a temp dir, with a file next to it that must never be served. */
function fakeBuild(): { root: string; publicDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'misprint-assets-'));
  const publicDir = join(root, 'public');
  mkdirSync(join(publicDir, 'widget/chunks'), { recursive: true });
  mkdirSync(join(publicDir, 'app/assets'), { recursive: true });
  writeFileSync(join(publicDir, 'widget/widget.js'), WIDGET);
  writeFileSync(join(publicDir, 'widget/chunks/dialog-Xy9_z.js'), CHUNK);
  writeFileSync(join(publicDir, 'app/index.html'), INDEX);
  writeFileSync(join(publicDir, 'app/assets/index-Ab12.js'), 'console.log("dashboard")');
  writeFileSync(join(publicDir, 'app/favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(publicDir, 'app/.env'), SECRET);
  writeFileSync(join(root, 'secret.txt'), SECRET);
  return { root, publicDir };
}

function depsFor(db: TestDatabase, publicUrl: string | null = null): AppDeps {
  return appDeps({
    db: db.db,
    dialect: db.dialect,
    config: { ...loadConfig({}), publicUrl },
    logger: createLogger('silent'),
    now: () => new Date(),
  });
}

/** The asset routes mounted as createApp mounts them, with its error handler. */
function appFor(deps: AppDeps, publicDir: string): Hono {
  const app = new Hono();
  app.onError((error, c) => renderError(error, c, deps.logger));
  app.route('/', assetRoutes(deps, { publicDir }));
  return app;
}

describe('static assets', () => {
  let db: TestDatabase;
  let build: { root: string; publicDir: string };
  let app: Hono;

  beforeAll(async () => {
    db = await createTestDatabase('pglite');
    build = fakeBuild();
    app = appFor(depsFor(db), build.publicDir);
  });
  afterAll(async () => {
    await db.close();
    rmSync(build.root, { recursive: true, force: true });
  });

  it('serves the widget loader with a short cache, an ETag and CORS for every site', async () => {
    const res = await app.request('/widget.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe(LOADER_CACHE);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    expect(await res.text()).toBe(WIDGET);
  });

  it('answers 304 without a body when the ETag still matches', async () => {
    const first = await app.request('/widget.js');
    const etag = first.headers.get('etag')!;
    const again = await app.request('/widget.js', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe(LOADER_CACHE);
    const stale = await app.request('/widget.js', { headers: { 'If-None-Match': '"something-else"' } });
    expect(stale.status).toBe(200);
  });

  it('sends brotli or gzip when the client accepts it, with its own ETag and Vary', async () => {
    const br = await app.request('/widget.js', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(WIDGET);
    const gz = await app.request('/widget.js', { headers: { 'Accept-Encoding': 'gzip, br;q=0' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(WIDGET);
    expect(new Set([br.headers.get('etag'), gz.headers.get('etag')]).size).toBe(2);
    // A compressed variant's tag revalidates too.
    const revalidated = await app.request('/widget.js', {
      headers: { 'Accept-Encoding': 'br', 'If-None-Match': br.headers.get('etag')! },
    });
    expect(revalidated.status).toBe(304);
  });

  it('picks up a rebuilt loader without a restart', async () => {
    const before = (await app.request('/widget.js')).headers.get('etag');
    writeFileSync(join(build.publicDir, 'widget/widget.js'), `${WIDGET}// rebuilt\n`);
    const after = await app.request('/widget.js');
    expect(after.headers.get('etag')).not.toBe(before);
    expect(await after.text()).toContain('// rebuilt');
    writeFileSync(join(build.publicDir, 'widget/widget.js'), WIDGET);
  });

  it('serves widget chunks as immutable, cross-origin scripts', async () => {
    const res = await app.request('/widget/chunks/dialog-Xy9_z.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe(IMMUTABLE_CACHE);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.text()).toBe(CHUNK);
  });

  it('answers 404 in the error shape for a chunk that does not exist', async () => {
    const res = await app.request('/widget/chunks/dialog-old.js');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('redirects / and /app to the dashboard', async () => {
    for (const path of ['/', '/app']) {
      const res = await app.request(path);
      expect(res.status).toBeGreaterThanOrEqual(301);
      expect(res.status).toBeLessThanOrEqual(302);
      expect(res.headers.get('location')).toBe('/app/');
    }
  });

  it('serves the dashboard entry page revalidated on every load', async () => {
    const res = await app.request('/app/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toBe(INDEX);
    const again = await app.request('/app/', { headers: { 'If-None-Match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('answers client-side routes of the dashboard with its entry page', async () => {
    for (const path of ['/app/sites/0b9d/reports', '/app/login', '/app/reports/abc?status=new']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toBe(INDEX);
    }
  });

  it('serves hashed dashboard assets as immutable and other files revalidated', async () => {
    const asset = await app.request('/app/assets/index-Ab12.js');
    expect(asset.headers.get('cache-control')).toBe(IMMUTABLE_CACHE);
    expect(await asset.text()).toBe('console.log("dashboard")');
    const icon = await app.request('/app/favicon.svg');
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers 404, not the entry page, for a hashed asset that does not exist', async () => {
    const res = await app.request('/app/assets/index-gone.js');
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await app.request('/widget.js', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBeTruthy();
    expect(await res.text()).toBe('');
  });

  it.each([
    '/widget/chunks/..%2f..%2f..%2fsecret.txt',
    '/widget/chunks/%2e%2e/%2e%2e/%2e%2e/secret.txt',
    '/widget/chunks/..%5c..%5c..%5csecret.txt',
    '/widget/chunks/%252e%252e%252f%252e%252e%252fsecret.txt',
    '/app/..%2f..%2fsecret.txt',
    '/app/assets/..%2f..%2f..%2fsecret.txt',
    '/app/assets/%2e%2e/%2e%2e/%2e%2e/secret.txt',
    '/app/.env',
    '/app/assets/%00secret.txt',
  ])('never serves a file outside the build output or a dotfile: %s', async (path) => {
    const res = await app.request(`http://localhost${path}`);
    const body = await res.text();
    expect(body).not.toContain(SECRET);
    if (res.status === 200) expect(body).toBe(INDEX);
  });
});

describe('StaticFiles', () => {
  let build: { root: string; publicDir: string };
  beforeAll(() => {
    build = fakeBuild();
  });
  afterAll(() => rmSync(build.root, { recursive: true, force: true }));

  // URL parsing already folds `..` away before a path reaches the routes; these raw relative paths
  // check the last line of defence on its own.
  it.each([
    '../secret.txt',
    'widget/../../secret.txt',
    'widget/chunks/../../../secret.txt',
    './widget/widget.js',
    'app/.env',
    'app//index.html',
    '/etc/passwd',
    'app\\..\\..\\secret.txt',
    'app/index.html\0',
    '',
  ])('refuses the path %j', async (relative) => {
    expect(await new StaticFiles(build.publicDir).get(relative)).toBeNull();
  });

  it('finds a file inside the root', async () => {
    const file = await new StaticFiles(build.publicDir).get('widget/chunks/dialog-Xy9_z.js');
    expect(Buffer.from(file!.body).toString()).toBe(CHUNK);
  });

  it('refuses a directory', async () => {
    expect(await new StaticFiles(build.publicDir).get('widget/chunks')).toBeNull();
  });
});

describe('static assets before the build has run', () => {
  let db: TestDatabase;
  let empty: string;
  let app: Hono;

  beforeAll(async () => {
    db = await createTestDatabase('pglite');
    empty = mkdtempSync(join(tmpdir(), 'misprint-unbuilt-'));
    app = appFor(depsFor(db), empty);
  });
  afterAll(async () => {
    await db.close();
    rmSync(empty, { recursive: true, force: true });
  });

  it.each(['/widget.js', '/widget/chunks/dialog.js', '/app/', '/app/sites', '/app/assets/index.js'])(
    'answers %s with 503 unavailable saying to build',
    async (path) => {
      const res = await app.request(path);
      expect(res.status).toBe(503);
      const body = await res.json();
      expect(body.error.code).toBe('unavailable');
      expect(body.error.message).toContain('npm run build');
    },
  );
});

describeEachDialect('the /demo page', (t) => {
  let publicDir: string;
  beforeAll(() => {
    publicDir = mkdtempSync(join(tmpdir(), 'misprint-demo-'));
  });
  afterAll(() => rmSync(publicDir, { recursive: true, force: true }));

  async function owner(): Promise<string> {
    const user = await createUser(t().db, {
      email: `owner-${crypto.randomUUID()}@news.example`,
      password: 'correct horse',
    });
    return user.id;
  }

  it('answers 404 with a way out when no site accepts the server origin', async () => {
    const app = appFor(depsFor(t(), 'https://nobody-allows-this.example'), publicDir);
    const res = await app.request('/demo');
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).toContain('misprint site create');
  });

  it('embeds the widget for the oldest site that accepts the server origin', async () => {
    const origin = `https://typos-${crypto.randomUUID()}.example`;
    const ownerId = await owner();
    const first = await createSite(t().db, {
      name: 'Demo',
      origins: ['https://news.example', origin],
      ownerId,
    });
    await createSite(t().db, { name: 'Later', origins: [origin], ownerId });
    const app = appFor(depsFor(t(), origin), publicDir);
    const res = await app.request('/demo');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain(`<script src="/widget.js" data-site="${first.key}" async></script>`);
    for (const typo of DEMO_TYPOS) expect(html).toContain(` ${typo} `);
  });

  it('uses the request origin when PUBLIC_URL is not set', async () => {
    const ownerId = await owner();
    const site = await createSite(t().db, {
      name: 'Local demo',
      origins: ['http://127.0.0.1:4321'],
      ownerId,
    });
    const app = appFor(depsFor(t(), null), publicDir);
    const html = await (await app.request('http://127.0.0.1:4321/demo')).text();
    expect(html).toContain(`data-site="${site.key}"`);
  });

  it('escapes the site name', async () => {
    const origin = `https://escape-${crypto.randomUUID()}.example`;
    await createSite(t().db, {
      name: '<img src=x onerror=alert(1)>',
      origins: [origin],
      ownerId: await owner(),
    });
    const html = await (await appFor(depsFor(t(), origin), publicDir).request('/demo')).text();
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
