/**
 * Three server processes on one PostgreSQL database behind a real HAProxy, as docs/operations.md
 * ("Deployment", replicas) promises: reports and triage go through the load balancer, one replica is killed mid-run, and
 * the invariants hold — every acknowledged report is stored once, the per-client rate limit is exact
 * across replicas, a session works on every replica, and each job runs once.
 */

import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../server/db/connect.js';
import { createUser } from '../../server/db/queries/users.js';
import type { Database } from '../../server/db/schema.js';
import { DEFAULT_LEASE_MS } from '../../server/jobs/runner.js';
import {
  createScratchPostgres,
  databaseUrl,
  dropScratchPostgres,
  postgresAvailable,
} from '../helpers/databases.js';
import { isHaproxyAvailable, type LoadBalancer, startLoadBalancer } from '../helpers/haproxy.js';
import { createFixtureSite, FIXTURE_ORIGIN, GENEROUS_RATE_LIMITS, validReport } from '../helpers/reports.js';
import { type RunningServer, startServer } from '../helpers/server.js';

const PASSWORD = 'correct horse battery staple';
/** Reports sent through the balancer while one replica dies. */
const LOAD = 600;
/** Requests in flight at once during the load. */
const CONCURRENCY = 16;

/** POSTs a report through `url`, as the widget does: text/plain from an allowed page. */
function post(url: string, body: unknown): Promise<Response> {
  return fetch(`${url}/api/v1/reports`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: FIXTURE_ORIGIN },
    body: JSON.stringify(body),
  });
}

/**
 * Sends one report until it is acknowledged (201 or 200), retrying network failures and 5xx with
 * the same id as the widget's queue does; answers the acknowledging status.
 */
async function sendUntilAcknowledged(url: string, body: { id: string }): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const status = await post(url, body).then(
      async (res) => {
        await res.arrayBuffer();
        return res.status;
      },
      () => 0,
    );
    if (status === 201 || status === 200) return status;
    if (status !== 0 && status < 500) throw new Error(`report ${body.id} refused with ${status}`);
    if (attempt >= 50) throw new Error(`report ${body.id} never acknowledged (last ${status})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The `job done` lines of a replica's JSON log. */
function jobsDone(output: string): { id: number; key: string | null; kind: string }[] {
  return output
    .split('\n')
    .filter((line) => line.includes('"message":"job done"'))
    .map((line) => JSON.parse(line));
}

describe.runIf(postgresAvailable && isHaproxyAvailable())('three replicas behind HAProxy', () => {
  let name = '';
  let handle: DatabaseHandle;
  let db: Kysely<Database>;
  let replicas: RunningServer[] = [];
  let balancer: LoadBalancer;
  let generous: { id: string; key: string };
  let strict: { id: string; key: string };
  let email = '';

  beforeAll(async () => {
    name = await createScratchPostgres();
    const env = { DATABASE_URL: databaseUrl(name), TRUST_PROXY: '1', LOG_LEVEL: 'debug' };
    // The first replica migrates; the others start together on the migrated database.
    replicas = [await startServer(env)];
    replicas.push(...(await Promise.all([startServer(env), startServer(env)])));
    handle = await openDatabase({ kind: 'postgres', url: databaseUrl(name), poolSize: 4 });
    db = handle.db;
    generous = await createFixtureSite(db, { rateLimits: GENEROUS_RATE_LIMITS });
    strict = await createFixtureSite(db);
    email = `ed-${randomUUID()}@news.example`;
    const editor = await createUser(db, { email, password: PASSWORD, name: 'Ed' });
    await db
      .insertInto('memberships')
      .values([
        { site_id: generous.id, user_id: editor.id, role: 'editor' },
        { site_id: strict.id, user_id: editor.id, role: 'editor' },
      ])
      .execute();
    balancer = await startLoadBalancer(replicas.map((r) => r.port));
  }, 120_000);

  afterAll(async () => {
    await balancer?.stop();
    await Promise.all(replicas.map((r) => r.stop()));
    await handle?.close();
    if (name) await dropScratchPostgres(name);
  });

  it('holds one client to exactly its per-minute limit, however the balancer spreads its reports', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, n) =>
        post(balancer.url, validReport(strict.key, n)).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
    const stored = await db.selectFrom('reports').select('id').where('site_id', '=', strict.id).execute();
    expect(stored).toHaveLength(10);
  });

  it('accepts a session made through the balancer on every replica', async () => {
    const login = await fetch(`${balancer.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    for (const replica of replicas) {
      const me = await fetch(`${replica.url}/api/v1/me`, { headers: { Cookie: cookie } });
      expect(me.status, replica.url).toBe(200);
      const body: { user: { email: string } } = await me.json();
      expect(body.user.email).toBe(email);
    }
  });

  it('stores every acknowledged report once while a replica is killed, and triages through the balancer', async () => {
    const reports = Array.from({ length: LOAD }, (_, n) => validReport(generous.key, n));
    const acknowledged = new Set<string>();
    let next = 0;
    let killed: Promise<void> | null = null;
    const victim = replicas[1];
    const worker = async () => {
      for (let i = next++; i < reports.length; i = next++) {
        const body = reports[i];
        if (!body) continue;
        await sendUntilAcknowledged(balancer.url, body);
        acknowledged.add(body.id);
        if (acknowledged.size === LOAD / 3 && victim) killed = victim.kill();
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await killed;
    expect(victim?.process.signalCode).toBe('SIGKILL');
    expect(acknowledged.size).toBe(LOAD);
    const stored = await db.selectFrom('reports').select('id').where('site_id', '=', generous.id).execute();
    expect(stored).toHaveLength(LOAD);
    expect(new Set(stored.map((r) => r.id))).toEqual(new Set(reports.map((r) => r.id)));

    // Triage through the balancer with a session, CSRF token and all, on the surviving replicas.
    const login = await fetch(`${balancer.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    const me: { csrfToken: string } = await login.json();
    const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    const ids = reports.slice(0, 50).map((r) => r.id);
    for (const chunk of [ids.slice(0, 25), ids.slice(25)]) {
      const bulk = await fetch(`${balancer.url}/api/v1/sites/${generous.id}/reports/bulk`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': me.csrfToken },
        body: JSON.stringify({ ids: chunk, status: 'fixed' }),
      });
      expect(bulk.status).toBe(200);
    }
    const fixed = await db
      .selectFrom('reports')
      .select('id')
      .where('site_id', '=', generous.id)
      .where('status', '=', 'fixed')
      .execute();
    expect(new Set(fixed.map((r) => r.id))).toEqual(new Set(ids));
  });

  it(
    'runs each job once across the replicas, and each periodic job once per period',
    async () => {
      // Every report above started a group whose job some replica ran; wait for the queue to empty.
      // The jobs the killed replica had claimed are claimed again once their lease runs out.
      const deadline = Date.now() + DEFAULT_LEASE_MS + 30_000;
      for (;;) {
        const pending = await db
          .selectFrom('jobs')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('done_at', 'is', null)
          .where('run_at', '<=', new Date())
          .executeTakeFirstOrThrow();
        if (Number(pending.n) === 0) break;
        if (Date.now() > deadline) {
          const kinds = await db
            .selectFrom('jobs')
            .select(['kind', 'attempts', 'locked_until', 'last_error'])
            .where('done_at', 'is', null)
            .where('run_at', '<=', new Date())
            .execute();
          const complaints = replicas.flatMap((r) =>
            r
              .output()
              .split('\n')
              .filter((line) => /"level":"(warn|error)"/.test(line))
              .slice(-5),
          );
          throw new Error(
            `${pending.n} due jobs still pending: ${JSON.stringify(kinds)}; replicas said: ${complaints.join('\n')}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const done = replicas.flatMap((r) => jobsDone(r.output()));
      const perJob = new Map<number, number>();
      for (const line of done) perJob.set(line.id, (perJob.get(line.id) ?? 0) + 1);
      expect([...perJob.values()].every((n) => n === 1)).toBe(true);
      expect(done.filter((line) => line.kind === 'group.created').length).toBeGreaterThanOrEqual(LOAD);

      const periodic = await db.selectFrom('jobs').selectAll().where('dedupe_key', 'is not', null).execute();
      const finished = periodic.filter((job) => job.done_at !== null);
      // At least the previous period of each periodic kind was made up at start, on a fresh queue.
      // Every periodic kind: each handler with `every` in server/jobs/handlers.ts.
      expect(new Set(finished.map((job) => job.kind))).toEqual(
        new Set([
          'jobs.sweep',
          'retention.reports',
          'retention.clients',
          'deliveries.sweep',
          'mail.digest-schedule',
          'readers.forget',
          'recheck.schedule',
        ]),
      );
      for (const job of finished) {
        const lines = done.filter((line) => line.key === job.dedupe_key);
        expect(lines, String(job.dedupe_key)).toHaveLength(1);
      }
    },
    DEFAULT_LEASE_MS + 60_000,
  );
});
