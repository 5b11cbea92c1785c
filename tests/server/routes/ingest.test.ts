import { request as httpRequest } from 'node:http';
import { type ServerType, serve } from '@hono/node-server';
import { Kysely, PostgresDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS } from '../../../contract/api.js';
import { createApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import { createPool } from '../../../server/db/connect.js';
import type { Database } from '../../../server/db/schema.js';
import { createLogger } from '../../../server/logger.js';
import { describeEachDialect } from '../../helpers/databases.js';
import { addSite, clock, ingestApp, ORIGIN, report, send, storedReports } from '../ingest/fixtures.js';

describeEachDialect('POST /api/v1/reports', (t) => {
  const at = clock();
  const app = () => ingestApp(t().db, t().dialect, at);
  let ip = 0;
  /** A fresh client address per test, so per-client limits never couple tests. */
  const nextIp = () => `198.51.100.${++ip}`;

  it('stores a report and answers 201 with its id, status and duplicate count', async () => {
    const site = await addSite(t().db);
    const body = report(site.key);
    const res = await send(app(), body, { ip: nextIp() });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: body.id, status: 'new', duplicates: 0 });
    const [row] = await storedReports(t().db, site.id);
    expect(row).toMatchObject({
      id: body.id,
      url: `${ORIGIN}/budget-2027`,
      title: 'Council passes the budget',
      lang: 'en',
      quote_exact: 'recieved',
      quote_prefix: 'the council has ',
      quote_suffix: ' the draft budget on Monday',
      position_start: 1234,
      position_end: 1242,
      suggestion: 'received',
      comment: 'spelling',
      kind: 'typo',
      status: 'new',
    });
    expect(row?.received_at.toISOString()).toBe(at.now().toISOString());
  });

  it('accepts application/json and text/plain with any charset parameter', async () => {
    const site = await addSite(t().db);
    for (const contentType of [
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'TEXT/PLAIN;charset=ISO-8859-1',
    ]) {
      const res = await send(app(), report(site.key), { contentType, ip: nextIp() });
      expect(res.status, contentType).toBe(201);
    }
  });

  it('answers 415 for other media types and for none', async () => {
    const site = await addSite(t().db);
    for (const contentType of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
      const res = await send(app(), report(site.key), { contentType, ip: nextIp() });
      expect(res.status, contentType).toBe(415);
      expect((await res.json()).error.code).toBe('unsupported_media_type');
    }
    expect(await storedReports(t().db, site.id)).toHaveLength(0);
  });

  it('answers 413 for a body over 16 KiB, whatever Content-Length says', async () => {
    const site = await addSite(t().db);
    const big = JSON.stringify(report(site.key, { comment: 'x'.repeat(17 * 1024) }));
    const honest = await send(app(), big, { ip: nextIp() });
    expect(honest.status).toBe(413);
    expect((await honest.json()).error.code).toBe('payload_too_large');

    const stream = (declared: string | null) => {
      const bytes = new TextEncoder().encode(big);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 1000) controller.enqueue(bytes.slice(i, i + 1000));
          controller.close();
        },
      });
      const headers: Record<string, string> = { 'Content-Type': 'text/plain', Origin: ORIGIN };
      if (declared) headers['Content-Length'] = declared;
      return app().request('/api/v1/reports', {
        method: 'POST',
        headers,
        body,
        duplex: 'half',
      } as RequestInit);
    };
    const lying = await stream('100');
    expect(lying.status).toBe(413);
    const absent = await stream(null);
    expect(absent.status).toBe(413);
    expect(await storedReports(t().db, site.id)).toHaveLength(0);
  });

  it('accepts a body of exactly 16 KiB', async () => {
    const site = await addSite(t().db);
    const base = JSON.stringify(report(site.key, { comment: '' }));
    const body = JSON.stringify(report(site.key, { comment: 'x'.repeat(16 * 1024 - base.length) }));
    expect(new TextEncoder().encode(body).length).toBe(16 * 1024);
    // The comment is over its own 2000-character limit, so the body gets as far as validation.
    const res = await send(app(), body, { ip: nextIp() });
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues).toEqual([{ path: 'comment', message: expect.any(String) }]);
  });

  it('answers 400 invalid_report for malformed JSON and for a body that is not an object', async () => {
    const site = await addSite(t().db);
    for (const body of ['{"site":', '', '[1,2]', 'null']) {
      const res = await send(app(), body, { ip: nextIp() });
      expect(res.status, body).toBe(400);
      expect((await res.json()).error.code).toBe('invalid_report');
    }
    expect(await storedReports(t().db, site.id)).toHaveLength(0);
  });

  it('lists every invalid field with its dotted path', async () => {
    const site = await addSite(t().db);
    const body = {
      ...report(site.key),
      id: '6f1c2a57-3b0e-1d4e-8a6b-0e6d1c2a5734',
      url: 'javascript:alert(1)',
      quote: { exact: '', prefix: 'a', suffix: 'b' },
      kind: 'rant',
      position: { start: 5, end: 2 },
    };
    const res = await send(app(), body, { ip: nextIp() });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('invalid_report');
    expect(error.issues.map((i: { path: string }) => i.path).sort()).toEqual(
      ['id', 'kind', 'position.end', 'quote.exact', 'url'].sort(),
    );
  });

  it('stores strings NFC-normalised and the page URL without its fragment', async () => {
    const site = await addSite(t().db);
    const body = report(site.key, {
      url: `${ORIGIN}/caf\u00e9?x=1#:~:text=recieved`,
      quote: { exact: 'cafe\u0301', prefix: 'Un ', suffix: ' noir' },
      comment: 'line one\n\tline two',
    });
    expect((await send(app(), body, { ip: nextIp() })).status).toBe(201);
    const [row] = await storedReports(t().db, site.id);
    expect(row?.quote_exact).toBe('caf\u00e9');
    expect(row?.url).toBe(`${ORIGIN}/caf%C3%A9?x=1`);
    expect(row?.comment).toBe('line one\n\tline two');
  });

  it('rejects control characters, newlines in single-line fields and lone surrogates', async () => {
    const site = await addSite(t().db);
    const cases: [Partial<Parameters<typeof report>[1]>, string][] = [
      [{ comment: 'bell\u0007' }, 'comment'],
      [{ comment: 'carriage\rreturn' }, 'comment'],
      [{ suggestion: 'del\u007f' }, 'suggestion'],
      [{ title: 'two\nlines' }, 'title'],
      [{ lang: 'en\t' }, 'lang'],
      [{ url: `${ORIGIN}/a\nb` }, 'url'],
      [{ quote: { exact: 'half \ud83d', prefix: '', suffix: '' } }, 'quote.exact'],
      [{ comment: '\udc00 alone' }, 'comment'],
    ];
    for (const [overrides, path] of cases) {
      const res = await send(app(), report(site.key, overrides), { ip: nextIp() });
      expect(res.status, path).toBe(400);
      expect((await res.json()).error.issues).toEqual([{ path, message: expect.any(String) }]);
    }
    expect(await storedReports(t().db, site.id)).toHaveLength(0);
  });

  it('rejects a lone surrogate sent as a JSON escape', async () => {
    const site = await addSite(t().db);
    const json = JSON.stringify(report(site.key)).replace('"recieved"', '"recieved\\ud800"');
    const res = await send(app(), json, { ip: nextIp() });
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues[0].path).toBe('quote.exact');
  });

  it('applies the wire format limits and the site’s own selection limit to quote.exact', async () => {
    const site = await addSite(t().db, { maxSelection: 10 });
    const ok = await send(
      app(),
      report(site.key, { quote: { exact: 'x'.repeat(10), prefix: '', suffix: '' } }),
      {
        ip: nextIp(),
      },
    );
    expect(ok.status).toBe(201);
    const tooLong = await send(
      app(),
      report(site.key, { quote: { exact: 'x'.repeat(11), prefix: '', suffix: '' } }),
      {
        ip: nextIp(),
      },
    );
    expect(tooLong.status).toBe(400);
    expect((await tooLong.json()).error.issues).toEqual([
      { path: 'quote.exact', message: expect.stringContaining('10') },
    ]);

    const other = await addSite(t().db);
    const limits: [Partial<Parameters<typeof report>[1]>, string][] = [
      [{ quote: { exact: 'x'.repeat(1001), prefix: '', suffix: '' } }, 'quote.exact'],
      [{ quote: { exact: 'x', prefix: 'p'.repeat(257), suffix: '' } }, 'quote.prefix'],
      [{ suggestion: 's'.repeat(1001) }, 'suggestion'],
      [{ comment: 'c'.repeat(2001) }, 'comment'],
      [{ title: 't'.repeat(513) }, 'title'],
      [{ url: `${ORIGIN}/${'u'.repeat(2048)}` }, 'url'],
    ];
    for (const [overrides, path] of limits) {
      const res = await send(app(), report(other.key, overrides), { ip: nextIp() });
      expect(res.status, path).toBe(400);
      expect((await res.json()).error.issues.map((i: { path: string }) => i.path)).toEqual([path]);
    }
    // Limits count characters: 300 emoji are 600 UTF-16 units and still within the default 300.
    const emoji = await send(
      app(),
      report(other.key, { quote: { exact: '\u{1F600}'.repeat(300), prefix: '', suffix: '' } }),
      {
        ip: nextIp(),
      },
    );
    expect(emoji.status).toBe(201);
  });

  it('defaults kind to typo and ignores unknown fields', async () => {
    const site = await addSite(t().db);
    const { kind: _kind, ...body } = report(site.key);
    expect((await send(app(), { ...body, future: 'field' }, { ip: nextIp() })).status).toBe(201);
    const [row] = await storedReports(t().db, site.id);
    expect(row?.kind).toBe('typo');
  });

  it('answers 404 unknown_site for a key no site has', async () => {
    const res = await send(app(), report('no-such-key'), { ip: nextIp() });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'unknown_site', message: expect.any(String) } });
  });

  it('answers 404 for a site deleted while this process still had it cached', async () => {
    const site = await addSite(t().db);
    const application = app();
    expect((await send(application, report(site.key), { ip: nextIp() })).status).toBe(201);
    await t().db.deleteFrom('sites').where('id', '=', site.id).execute();
    const res = await send(application, report(site.key), { ip: nextIp() });
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('unknown_site');
  });

  it('answers 403 when the origin is not allowed, readable by that origin, and stores nothing', async () => {
    const site = await addSite(t().db);
    const res = await send(app(), report(site.key), { origin: 'https://evil.example', ip: nextIp() });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('origin_not_allowed');
    // docs/contract.md, "Which origins may send": the widget on a page the site did not list must be able to read the refusal.
    expect(res.headers.get('access-control-allow-origin')).toBe('https://evil.example');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('vary')).toContain('Origin');
    expect(await storedReports(t().db, site.id)).toHaveLength(0);
  });

  it('lets no stranger read the answer for a site key that does not exist', async () => {
    const res = await send(app(), report('key_nobody_has_this'), {
      origin: 'https://stranger.example',
      ip: nextIp(),
    });
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('unknown_site');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('without an Origin header accepts only reports about pages on the site’s origins', async () => {
    const site = await addSite(t().db);
    const own = await send(app(), report(site.key), { origin: null, ip: nextIp() });
    expect(own.status).toBe(201);
    const nullOrigin = await send(app(), report(site.key), { origin: 'null', ip: nextIp() });
    expect(nullOrigin.status).toBe(201);
    const foreign = await send(app(), report(site.key, { url: 'https://evil.example/page' }), {
      origin: null,
      ip: nextIp(),
    });
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).error.code).toBe('origin_not_allowed');
    // From an allowed Origin, the page may name its canonical URL on another host.
    const canonical = await send(app(), report(site.key, { url: 'https://www.news.example/page' }), {
      ip: nextIp(),
    });
    expect(canonical.status).toBe(201);
  });

  it('sends CORS headers only to the site’s allowed origins', async () => {
    const site = await addSite(t().db, { origins: [ORIGIN, 'http://localhost:3000'] });
    const res = await send(app(), report(site.key, { url: 'http://localhost:3000/a' }), {
      origin: 'http://localhost:3000',
      ip: nextIp(),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(res.headers.get('access-control-expose-headers')).toBe('Retry-After');
    expect(res.headers.get('vary')).toContain('Origin');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('set-cookie')).toBeNull();

    // Allowed by another site only: that is not this site's origin.
    const other = await addSite(t().db, { origins: ['https://other.example'] });
    const refused = await send(app(), report(site.key), { origin: 'https://other.example', ip: nextIp() });
    expect(refused.status).toBe(403);
    // Readable (the refusal only), so the widget there says the address is not set up.
    expect(refused.headers.get('access-control-allow-origin')).toBe('https://other.example');
    expect(refused.headers.get('vary')).toContain('Origin');
    expect(other.key).toBeTruthy();
  });

  it('lets an allowed origin read errors given before the site is known', async () => {
    const site = await addSite(t().db, { origins: ['https://early.example'] });
    const res = await send(app(), '{broken', { origin: 'https://early.example', ip: nextIp() });
    expect(res.status).toBe(400);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://early.example');
    const stranger = await send(app(), '{broken', { origin: 'https://stranger.example', ip: nextIp() });
    expect(stranger.status).toBe(400);
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    expect(site.key).toBeTruthy();
  });

  it('answers a preflight from an origin some site allows, and caches it for a day', async () => {
    await addSite(t().db, { origins: ['https://preflight.example'] });
    const res = await app().request('/api/v1/reports', {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://preflight.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://preflight.example');
    expect(res.headers.get('access-control-allow-methods')).toBe('POST');
    expect(res.headers.get('access-control-allow-headers')).toBe('Content-Type');
    expect(res.headers.get('access-control-max-age')).toBe('86400');
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('refuses a preflight from an origin no site allows, in the one error shape', async () => {
    for (const headers of [{ Origin: 'https://nobody.example' }, {}] as Record<string, string>[]) {
      const res = await app().request('/api/v1/reports', { method: 'OPTIONS', headers });
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect((await res.json()).error.code).toBe('origin_not_allowed');
    }
  });

  it('answers a filled honeypot exactly like an accepted report and stores nothing', async () => {
    const site = await addSite(t().db);
    const body = report(site.key, { hp: 'http://spam.example' });
    const res = await send(app(), body, { ip: nextIp() });
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(await res.json()).toEqual({ id: body.id, status: 'new', duplicates: 0 });
    expect(await storedReports(t().db, site.id)).toHaveLength(0);
  });

  it('answers a replayed id with 200 and the same body, storing it once', async () => {
    const site = await addSite(t().db);
    const body = report(site.key);
    const first = await send(app(), body, { ip: nextIp() });
    expect(first.status).toBe(201);
    const again = await send(app(), body, { ip: nextIp() });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(await first.json());
    expect(await storedReports(t().db, site.id)).toHaveLength(1);
  });

  it('stores one row for 24 concurrent sends of one id, from one client and from many', async () => {
    const site = await addSite(t().db);
    const perMinute = DEFAULT_SITE_SETTINGS.rateLimits.clientPerMinute;
    for (const sameClient of [true, false]) {
      const body = report(site.key);
      const client = nextIp();
      const answers = await Promise.all(
        Array.from({ length: 24 }, () => send(app(), body, { ip: sameClient ? client : nextIp() })),
      );
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      // Replays count against the client's limit as new reports do: one client gets its minute's worth.
      expect(statuses.filter((s) => s === 200)).toHaveLength(sameClient ? perMinute - 1 : 23);
      expect(statuses.filter((s) => s === 429)).toHaveLength(sameClient ? 24 - perMinute : 0);
      const rows = await t().db.selectFrom('reports').select('id').where('id', '=', body.id).execute();
      expect(rows).toHaveLength(1);
    }
  });

  it('refuses an id that belongs to another site’s report', async () => {
    const first = await addSite(t().db);
    const second = await addSite(t().db);
    const body = report(first.key);
    expect((await send(app(), body, { ip: nextIp() })).status).toBe(201);
    const res = await send(app(), { ...body, site: second.key }, { ip: nextIp() });
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues).toEqual([{ path: 'id', message: expect.any(String) }]);
    expect(await storedReports(t().db, second.id)).toHaveLength(0);
  });

  it('counts earlier reports of the same text on the same page as duplicates', async () => {
    const site = await addSite(t().db);
    const quote = { exact: 'recieved', prefix: 'Yesterday the council has ', suffix: ' the draft' };
    const sent = [];
    const answers = [];
    for (const prefix of [quote.prefix, 'the council has ', '\n  the  council has ']) {
      at.advance(1000);
      const body = report(site.key, { quote: { ...quote, prefix } });
      sent.push(body);
      answers.push(await (await send(app(), body, { ip: nextIp() })).json());
    }
    expect(answers.map((a) => a.duplicates)).toEqual([0, 1, 2]);
    // Another page, another place on the page, another text: not duplicates.
    const elsewhere = [
      report(site.key, { quote, url: `${ORIGIN}/other-page` }),
      report(site.key, { quote: { ...quote, suffix: ' the final budget' } }),
      report(site.key, { quote: { ...quote, exact: 'recieve' } }),
    ];
    for (const body of elsewhere) {
      expect((await (await send(app(), body, { ip: nextIp() })).json()).duplicates).toBe(0);
    }
    // Tracking parameters and fragments name the same page.
    const tracked = report(site.key, { quote, url: `${ORIGIN}/budget-2027?utm_source=x#top` });
    const trackedAnswer = await (await send(app(), tracked, { ip: nextIp() })).json();
    expect(trackedAnswer.duplicates).toBe(3);
    // A replay reports what the first answer did, however many came after it.
    const replay = await send(app(), tracked, { ip: nextIp() });
    expect(await replay.json()).toEqual(trackedAnswer);
    const firstReplay = await send(app(), sent[0], { ip: nextIp() });
    expect(await firstReplay.json()).toEqual(answers[0]);
  });

  it('stores no raw client address, only a hash that differs per site', async () => {
    const address = '192.0.2.123';
    const first = await addSite(t().db);
    const second = await addSite(t().db);
    await send(app(), report(first.key), { ip: address });
    await send(app(), report(second.key), { ip: address });
    const rows = await t()
      .db.selectFrom('reports')
      .selectAll()
      .where('site_id', 'in', [first.id, second.id])
      .execute();
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(JSON.stringify(row)).not.toContain(address);
    expect(rows[0]?.ip_hash).not.toBe(rows[1]?.ip_hash);
    expect(rows[0]?.ip_hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describeEachDialect('POST /api/v1/reports served by node', (t) => {
  let server: ServerType;
  let port = 0;
  const at = clock();
  beforeAll(async () => {
    const app = ingestApp(t().db, t().dialect, at);
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    const address = server.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** Sends `body` over a real socket, chunked (no Content-Length) when `chunked` is set. */
  function post(body: string, chunked: boolean): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { 'Content-Type': 'text/plain', Origin: ORIGIN };
      if (!chunked) headers['Content-Length'] = String(Buffer.byteLength(body));
      const req = httpRequest(
        { host: '127.0.0.1', port, path: '/api/v1/reports', method: 'POST', headers },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      if (chunked) {
        for (let i = 0; i < body.length; i += 4096) req.write(body.slice(i, i + 4096));
        req.end();
      } else {
        req.end(body);
      }
    });
  }

  it('stores a report sent with or without Content-Length, hashing the socket address', async () => {
    const site = await addSite(t().db);
    for (const chunked of [false, true]) {
      const res = await post(JSON.stringify(report(site.key)), chunked);
      expect(res.status, `chunked: ${chunked}`).toBe(201);
    }
    const rows = await storedReports(t().db, site.id);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(JSON.stringify(row)).not.toContain('127.0.0.1');
  });

  it('answers 413 for a large body with or without Content-Length', async () => {
    const site = await addSite(t().db);
    const big = JSON.stringify(report(site.key, { comment: 'x'.repeat(20 * 1024) }));
    for (const chunked of [false, true]) {
      const res = await post(big, chunked);
      expect(res.status, `chunked: ${chunked}`).toBe(413);
      expect(JSON.parse(res.text).error.code).toBe('payload_too_large');
    }
    expect(await storedReports(t().db, site.id)).toHaveLength(0);
  });
});

describe('POST /api/v1/reports with the database down', () => {
  let db: Kysely<Database>;
  beforeAll(() => {
    db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: createPool('postgres://postgres@127.0.0.1:1/x') }),
    });
  });
  afterAll(() => db.destroy());

  it('answers 503 unavailable with Retry-After to reports and preflights', async () => {
    const app = createApp({
      db,
      dialect: 'postgres',
      config: loadConfig({ TRUST_PROXY: '1', LOG_LEVEL: 'silent' }),
      logger: createLogger('silent'),
      now: () => new Date(),
    });
    const res = await send(app, report('some-key'));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await res.json()).error.code).toBe('unavailable');
    const preflight = await app.request('/api/v1/reports', {
      method: 'OPTIONS',
      headers: { Origin: ORIGIN },
    });
    expect(preflight.status).toBe(503);
    expect(preflight.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
