import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connect.js';
import { findUserByEmail } from '../../server/db/queries/users.js';
import { verifyPassword } from '../../server/services/passwords.js';
import {
  createScratchPostgres,
  databaseUrl,
  dropScratchPostgres,
  isPostgresAvailable,
} from '../helpers/databases.js';
import { validReport } from '../helpers/reports.js';
import { freePort, type RunningServer, startServer } from '../helpers/server.js';
import { lines, runCli } from './run.js';

const postgres = await isPostgresAvailable();

/** The value printed after `label` in the start banner. */
function printed(output: string, label: string): string {
  const match = output.match(new RegExp(`${label}\\s+(\\S+)`));
  if (!match?.[1]) throw new Error(`"${label}" not printed in:\n${output}`);
  return match[1];
}

/** Sends a request line exactly as written (no client-side `..` folding) and returns the raw answer. */
function rawGet(port: number, target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // Written, not ended: the server drops the answer to a client that half-closes first.
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    });
    let answer = '';
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
    });
    socket.once('close', () => resolve(answer));
    socket.once('error', reject);
  });
}

/** Waits until the server's output contains `text` (the process reports asynchronously). */
async function waitForOutput(server: RunningServer, text: string): Promise<void> {
  while (!server.output().includes(text)) {
    if (server.process.exitCode !== null)
      throw new Error(`exited before printing ${text}:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('misprint serve on the embedded database', () => {
  let dataDir: string;
  let server: RunningServer | undefined;

  // A first start creates the embedded database: seconds on a quiet machine, far more on a busy CI
  // runner, hence the start in a hook with the longer hook timeout.
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'misprint-serve-'));
    server = await startServer({ DATA_DIR: dataDir, LOG_LEVEL: 'info' }, { timeoutMs: 110_000 });
  });
  afterAll(async () => {
    await server?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts on an empty DATA_DIR, answers health checks and prints the demo key and a sign-in', async () => {
    if (!server) throw new Error('server not started');
    await waitForOutput(server, 'password:');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'pglite' });

    const output = server.output();
    const key = printed(output, 'Demo site key:');
    expect(output).toContain(`/widget.js" data-site="${key}" async></script>`);
    // HOST names one address, so links sent to people use it (never a request's Host header).
    expect(output).toContain(`http://127.0.0.1:${server.port}/app/`);
    expect(printed(output, 'e-mail:')).toBe('owner@misprint.example');

    // The demo site accepts the server's own origin, so its page embeds it.
    const demo = await fetch(`${server.url}/demo`);
    expect(demo.status).toBe(200);
    expect(await demo.text()).toContain(`data-site="${key}"`);
  });

  it('refuses a second process on the same DATA_DIR with one line', async () => {
    const second = await runCli(['serve'], {
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
    });
    expect(second.code).toBe(1);
    expect(second.stdout).toBe('');
    expect(lines(second.stderr)).toHaveLength(1);
    expect(second.stderr).toContain('is in use by another Misprint process');
    expect((await fetch(`${server!.url}/readyz`)).status).toBe(200);
  });

  it.each([
    ['/widget/chunks/../../../package.json', 404],
    ['/widget/chunks/..%2f..%2f..%2fpackage.json', 404],
    ['/widget/chunks/%2e%2e/%2e%2e/%2e%2e/package.json', 404],
    ['/app/assets/../../../../package.json', 404],
    // Any other path under /app/ is a dashboard route: the app's page answers it.
    ['/app/..%2f..%2f..%2fpackage.json', 200],
    ['/widget.js/../../package.json', 404],
  ])(
    'never serves a file outside the build output over a raw socket: %s answers %i',
    async (target, status) => {
      const answer = await rawGet(server!.port, target);
      expect(answer.split('\r\n')[0]).toBe(`HTTP/1.1 ${status} ${status === 200 ? 'OK' : 'Not Found'}`);
      expect(answer).not.toContain('"devDependencies"');
      if (status === 200) expect(answer).toMatch(/content-type: text\/html/i);
    },
  );

  it('lets an in-flight request finish on SIGTERM, then exits 0 and releases DATA_DIR', async () => {
    const running = server!;
    const password = printed(running.output(), 'password:');
    // A valid report for the demo site whose body is still arriving when the signal lands.
    const report = validReport(printed(running.output(), 'Demo site key:'), 0, {
      url: `${running.url}/demo`,
    });
    const body = JSON.stringify(report);
    const answer = new Promise<number>((resolve, reject) => {
      const req = request(`${running.url}/api/v1/reports`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) },
      });
      req.once('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.once('error', reject);
      req.flushHeaders();
      req.write(body.slice(0, 10));
      // A round trip on another connection lets the server accept this one before the signal.
      void fetch(`${running.url}/healthz`)
        .then(() => {
          running.process.kill('SIGTERM');
          return waitForOutput(running, 'shutting down');
        })
        .then(() => req.end(body.slice(10)), reject);
    });
    expect(await answer).toBe(201);
    await running.stop();
    expect(running.process.exitCode, running.output()).toBe(0);
    expect(existsSync(join(dataDir, 'misprint.lock'))).toBe(false);

    // The printed password is the owner's (stored hashed), and the directory opens again.
    const handle = await openDatabase({ kind: 'pglite', dataDir });
    try {
      const owner = await findUserByEmail(handle.db, 'owner@misprint.example');
      expect(await verifyPassword(password, owner!.password_hash!)).toBe(true);
      const stored = await handle.db.selectFrom('reports').select('id').execute();
      expect(stored).toEqual([{ id: report.id }]);
    } finally {
      await handle.close();
    }
  });

  it('starts again on the same DATA_DIR without a second first start', { timeout: 120_000 }, async () => {
    server = await startServer({ DATA_DIR: dataDir, LOG_LEVEL: 'info' }, { timeoutMs: 110_000 });
    await waitForOutput(server, '"message":"started"');
    expect(server.output()).not.toContain('First start');
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    await server.stop();
    expect(server.process.exitCode).toBe(0);
  });
});

describe('misprint serve refusing to start', () => {
  let busy: Server;
  let busyPort: number;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'misprint-refuse-'));
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const address = busy.address();
    busyPort = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(async () => {
    await new Promise((resolve) => busy.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    [{ PORT: 'http' }, 'invalid PORT: must be a number'],
    [{ PORT: '70000' }, 'invalid PORT: must be 0–65535'],
    [{ DATABASE_URL: 'mysql://localhost/misprint' }, 'invalid DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/misprint' }, 'cannot reach the database at'],
  ])('exits 1 with one line for %j', async (env, message) => {
    const result = await runCli(['serve'], { ...env, DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toContain(message);
  });

  // The database is opened, migrated and bootstrapped before the port is bound: a first start.
  it('exits 1 with one line when the port is taken, and leaves DATA_DIR unlocked', {
    timeout: 120_000,
  }, async () => {
    const result = await runCli(['serve'], { PORT: String(busyPort), HOST: '127.0.0.1', DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      `misprint: cannot listen on 127.0.0.1:${busyPort}: the port is already in use (set PORT to another one)`,
    ]);
    expect(existsSync(join(dataDir, 'misprint.lock'))).toBe(false);
  });
});

describe.runIf(postgres)('misprint serve on PostgreSQL', () => {
  let name: string;
  const servers: RunningServer[] = [];

  beforeAll(async () => {
    name = await createScratchPostgres();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.kill()));
    if (name) await dropScratchPostgres(name);
  });

  it('brings up two processes started together on one fresh database, with one first start', async () => {
    const env = { DATABASE_URL: databaseUrl(name), LOG_LEVEL: 'info' };
    servers.push(...(await Promise.all([startServer(env), startServer(env)])));
    for (const server of servers) {
      await waitForOutput(server, '"message":"started"');
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', database: 'postgres' });
    }
    expect(servers.filter((s) => s.output().includes('First start'))).toHaveLength(1);
    for (const server of servers) {
      await server.stop();
      expect(server.process.exitCode).toBe(0);
    }
  });
});
