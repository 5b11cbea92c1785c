/**
 * Bodies over the cap against the real server process: refused with 413 payload_too_large after
 * the cap, before parsing and before anything else (a sign-in reads its body before it checks
 * anything), with the process's memory measured while a huge body streams in.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT } from '../../../server/routes/route.js';
import {
  createScratchPostgres,
  databaseUrl,
  dropScratchPostgres,
  isPostgresAvailable,
} from '../../helpers/databases.js';
import { type RunningServer, startServer } from '../../helpers/server.js';
import { rssMiB, streamBody } from '../../helpers/streamed-body.js';

/** What a client may try to send: a gibibyte, streamed without a Content-Length. */
const HUGE = 1024 * 1024 * 1024;
/** Growth of the server's memory that a refused body may cause: a few buffers, never the body. */
const RSS_BOUND_MIB = 48;

describe('request bodies over the cap, against the server process', () => {
  let dataDir: string;
  let database: string | undefined;
  let server: RunningServer;

  beforeAll(async () => {
    // On PostgreSQL when there is one: the embedded database's own memory would dwarf what is measured.
    dataDir = mkdtempSync(join(tmpdir(), 'misprint-body-cap-'));
    database = (await isPostgresAvailable()) ? await createScratchPostgres() : undefined;
    server = await startServer(database ? { DATABASE_URL: databaseUrl(database) } : { DATA_DIR: dataDir }, {
      timeoutMs: 120_000,
    });
    // Warm: the first requests compile and allocate what every later one reuses.
    for (let i = 0; i < 5; i++) await fetch(`${server.url}/api/v1/me`).then((r) => r.arrayBuffer());
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    if (database) await dropScratchPostgres(database);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a streamed sign-in body past the cap with 413, its memory bounded', async () => {
    const pid = server.process.pid ?? 0;
    const before = rssMiB(pid);
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMiB(pid));
    }, 5);
    const answer = await streamBody(
      server.port,
      '/api/v1/auth/login',
      { 'Content-Type': 'application/json' },
      HUGE,
    ).finally(() => clearInterval(sampler));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = rssMiB(pid);
    console.info(
      `[body cap] server RSS ${before.toFixed(0)} MiB before, ${peak.toFixed(0)} MiB at most during, ` +
        `${after.toFixed(0)} MiB after; ${(answer.sent / 1024 / 1024).toFixed(1)} MiB of ${HUGE / 1024 / 1024} MiB sent`,
    );
    expect(answer.status).toBe(413);
    expect(answer.text).toContain('"payload_too_large"');
    expect(answer.sent).toBeLessThan(HUGE);
    expect(peak - before).toBeLessThan(RSS_BOUND_MIB);
    // The server is still well.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('refuses a declared Content-Length past the cap at once, on a route that needs no sign-in and on one that does', async () => {
    for (const path of ['/api/v1/auth/login', '/api/v1/sites']) {
      const answer = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'a@example.test', password: 'x'.repeat(BODY_LIMIT) }),
      });
      expect(answer.status).toBe(413);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    }
  });

  it('still reads a body just under the cap', async () => {
    const body = JSON.stringify({ email: 'a@example.test', password: 'x' });
    const padded = body.replace('{', `{${' '.repeat(BODY_LIMIT - body.length)}`);
    expect(Buffer.byteLength(padded)).toBe(BODY_LIMIT);
    const answer = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: padded,
    });
    expect(answer.status).toBe(401);
  });
});
