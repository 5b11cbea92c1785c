/**
 * The hostile-input corpus again, over a real socket: @hono/node-server reads declared bodies in
 * one piece (no web stream) only when Node serves the request, a path app.request never takes.
 * Plus what only exists on the wire: oversized headers, lying or absent lengths, chunked bombs.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../contract/report.js';
import { createApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import { createLogger } from '../../../server/logger.js';
import { newSiteKey } from '../../../server/services/secrets.js';
import { createTestDatabase, isPostgresAvailable, type TestDatabase } from '../../helpers/databases.js';
import {
  clientAddress,
  createFixtureSite,
  FIXTURE_ORIGIN,
  GENEROUS_RATE_LIMITS,
  validReport,
} from '../../helpers/reports.js';
import { type CorpusEntry, corpus } from './corpus.js';

/** Sends one request with node:http (which, unlike fetch, sends any header) and reads the answer. */
function post(port: number, entry: CorpusEntry, address: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const body = typeof entry.body === 'string' ? Buffer.from(entry.body) : Buffer.from(entry.body);
    const headers: Record<string, string> = {
      Origin: FIXTURE_ORIGIN,
      'X-Forwarded-For': address,
      'Content-Length': String(body.length),
    };
    if (entry.contentType !== null) headers['Content-Type'] = entry.contentType ?? 'application/json';
    Object.assign(headers, entry.headers);
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/api/v1/reports', headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Writes raw bytes on a fresh connection and resolves with the answer's status code once its head
 * has arrived (0 if the server closed without one). The socket is not half-closed: Node's server
 * ends a connection whose client has, before answering a request that arrived complete.
 */
function raw(port: number, bytes: string | Buffer): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const done = () => {
      socket.destroy();
      resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0));
    };
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n\r\n')) done();
    });
    socket.on('error', () => {});
    socket.on('close', done);
    socket.write(bytes);
  });
}

describe.runIf(await isPostgresAvailable())('ingest under hostile input over HTTP [postgres]', () => {
  const siteKey = newSiteKey();
  const entries = corpus(siteKey);
  let database: TestDatabase;
  let server: ServerType;
  let port: number;
  let client = 0;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    await createFixtureSite(database.db, { rateLimits: GENEROUS_RATE_LIMITS, key: siteKey });
    const app = createApp({
      db: database.db,
      dialect: 'postgres',
      config: loadConfig({ TRUST_PROXY: '1' }),
      logger: createLogger('silent'),
      now: () => new Date(),
    });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
        port = info.port;
        resolve();
      });
    });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await database?.close();
  });

  it.each(entries.map((entry) => [entry.name, entry] as const))(
    'answers %s the same way, never 5xx',
    async (_, entry) => {
      const { status, body } = await post(port, entry, clientAddress(client++));
      expect(status, body).toBeLessThan(500);
      if (entry.expect === 'rejected') expect(status, body).toBeGreaterThanOrEqual(400);
      if (entry.expect === 'stored') expect(status, body).toBe(201);
      if (entry.expect === 'honeypot') expect(status, body).toBeLessThan(300);
    },
  );

  const report = () => JSON.stringify(validReport(siteKey, 1));
  const head = (extra: string) =>
    `POST /api/v1/reports HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${FIXTURE_ORIGIN}\r\nContent-Type: text/plain\r\n${extra}`;

  it('refuses a 64 KiB header before the application sees it', async () => {
    const body = report();
    expect(
      await raw(
        port,
        `${head(`X-Junk: ${'a'.repeat(64 * 1024)}\r\nContent-Length: ${body.length}\r\n\r\n`)}${body}`,
      ),
    ).toBe(431);
  });

  it('refuses a declared 10 MB body without reading it', async () => {
    expect(await raw(port, head('Content-Length: 10000000\r\n\r\n{'))).toBe(413);
  });

  it('refuses a chunked body of 100,000 nested arrays at the size limit', async () => {
    const bomb = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const chunks = bomb.match(/[\s\S]{1,8192}/g) ?? [];
    const chunked = `${chunks.map((c) => `${c.length.toString(16)}\r\n${c}\r\n`).join('')}0\r\n\r\n`;
    expect(await raw(port, `${head('Transfer-Encoding: chunked\r\n\r\n')}${chunked}`)).toBe(413);
  });

  it('answers a chunked valid report like any other', async () => {
    const body = report();
    expect(
      await raw(
        port,
        `${head('Transfer-Encoding: chunked\r\n\r\n')}${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
      ),
    ).toBe(201);
  });

  it('treats a body longer than its Content-Length as a truncated report and the rest as garbage', async () => {
    const body = report();
    const status = await raw(port, `${head(`Content-Length: ${body.length - 10}\r\n\r\n`)}${body}`);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
  });

  it('keeps the body limit for bodies just over it with an honest length', async () => {
    const body = 'x'.repeat(LIMITS.bodyBytes + 1);
    expect(await raw(port, `${head(`Content-Length: ${body.length}\r\n\r\n`)}${body}`)).toBe(413);
  });
});
