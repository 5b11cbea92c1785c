import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import { ApiError, renderError } from '../../../server/errors.js';
import { createLogger } from '../../../server/logger.js';
import { securityHeaders } from '../../../server/middleware/security-headers.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/databases.js';

/** Parses a CSP header into directive → sources. */
function parseCsp(header: string | null): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

const FRAMING_HEADERS = [
  'Content-Security-Policy',
  'X-Frame-Options',
  'Permissions-Policy',
  'Referrer-Policy',
];

describe('security headers', () => {
  let database: TestDatabase;
  let app: Hono;

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    app = createApp({
      db: database.db,
      dialect: database.dialect,
      config: loadConfig({}),
      logger: createLogger('silent'),
      now: () => new Date(),
    });
  });
  afterAll(async () => {
    await database.close();
  });

  function expectStrictPolicy(res: Response): Map<string, string[]> {
    const header = res.headers.get('Content-Security-Policy');
    expect(header).toBeTruthy();
    expect(header).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|\*/);
    const csp = parseCsp(header);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('X-Frame-Options')).toBe('DENY');
    expect(res.headers.get('Referrer-Policy')).toMatch(/^(strict-origin-when-cross-origin|no-referrer)$/);
    expect(res.headers.get('Permissions-Policy')).toContain('camera=()');
    return csp;
  }

  it('gives the dashboard a strict policy that loads only from its own origin', async () => {
    for (const path of ['/app/', '/app/sites/1/reports', '/app/assets/index-abc.js']) {
      const csp = expectStrictPolicy(await app.request(path));
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('connect-src')).toEqual(["'self'"]);
    }
  });

  it('gives the editor API a policy under which nothing loads at all', async () => {
    for (const path of [
      '/api/v1/me',
      '/api/v1/sites',
      '/api/openapi.json',
      `/api/v1/reports/${crypto.randomUUID()}`,
    ]) {
      const csp = expectStrictPolicy(await app.request(path));
      expect(csp.get('default-src')).toEqual(["'none'"]);
    }
  });

  it('sends the ingest route only nosniff, leaving CORS to the route and framing noise out', async () => {
    const requests = [
      new Request('http://localhost/api/v1/reports', {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain', Origin: 'https://news.example' },
        body: '{}',
      }),
      new Request('http://localhost/api/v1/reports', {
        method: 'OPTIONS',
        headers: {
          Origin: 'https://news.example',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type',
        },
      }),
    ];
    for (const request of requests) {
      const res = await app.request(request);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
      for (const name of FRAMING_HEADERS) expect(res.headers.get(name), name).toBeNull();
      expect(res.headers.get('Cross-Origin-Resource-Policy')).toBeNull();
    }
  });

  it('lets any page load the widget script and its chunks', async () => {
    for (const path of ['/widget.js', '/widget/chunks/dialog-abc123.js']) {
      const res = await app.request(path);
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(res.headers.get('Cross-Origin-Resource-Policy')).toBe('cross-origin');
      for (const name of FRAMING_HEADERS) expect(res.headers.get(name), name).toBeNull();
    }
  });

  it('sends HSTS only when the public origin is https', async () => {
    const plain = new Hono()
      .use(securityHeaders({ publicUrl: 'http://typos.example' }))
      .get('/app/', (c) => c.text('x'));
    const secure = new Hono()
      .use(securityHeaders({ publicUrl: 'https://typos.example' }))
      .get('/app/', (c) => c.text('x'));
    expect((await plain.request('/app/')).headers.get('Strict-Transport-Security')).toBeNull();
    expect((await secure.request('/app/')).headers.get('Strict-Transport-Security')).toMatch(
      /max-age=\d{7,}/,
    );
  });

  it('puts the headers on error answers too', async () => {
    const logger = createLogger('silent');
    const failing = new Hono();
    failing.onError((error, c) => renderError(error, c, logger));
    failing.use(securityHeaders());
    failing.get('/api/v1/boom', () => {
      throw new Error('boom');
    });
    failing.get('/api/v1/denied', () => {
      throw new ApiError('forbidden', 'no');
    });
    const boom = await failing.request('/api/v1/boom');
    expect(boom.status).toBe(500);
    expectStrictPolicy(boom);
    const denied = await failing.request('/api/v1/denied');
    expect(denied.status).toBe(403);
    expectStrictPolicy(denied);
  });
});
