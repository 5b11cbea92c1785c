/**
 * Two server processes on one PostgreSQL database deliver webhooks while one is killed (SIGKILL)
 * with messages in flight: every message arrives at least once, and no message is ever in flight
 * from two workers at the same time (the receiver counts concurrent requests per webhook-id).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../server/db/connect.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { createChannel } from '../../server/db/queries/channels.js';
import {
  createScratchPostgres,
  databaseUrl,
  dropScratchPostgres,
  postgresAvailable,
} from '../helpers/databases.js';
import { type Receiver, startReceiver } from '../helpers/receiver.js';
import { createFixtureSite, FIXTURE_ORIGIN, GENEROUS_RATE_LIMITS, validReport } from '../helpers/reports.js';
import { type RunningServer, startServer } from '../helpers/server.js';

/** New groups reported, each one webhook message. */
const MESSAGES = 40;

describe.runIf(postgresAvailable)('deliveries across two replicas when one is killed [postgres]', () => {
  let name: string;
  let handle: DatabaseHandle;
  let receiver: Receiver;
  const servers: RunningServer[] = [];

  beforeAll(async () => {
    name = await createScratchPostgres();
    handle = await openDatabase({ kind: 'postgres', url: databaseUrl(name), poolSize: 4 });
    await migrateToLatest(handle.db);
    // Each answer takes a while, so messages are in flight when the replica dies.
    receiver = await startReceiver([{ status: 200, delayMs: 400 }]);
    const env = { DATABASE_URL: databaseUrl(name), FETCH_ALLOW_PRIVATE: 'true', LOG_LEVEL: 'warn' };
    servers.push(await startServer(env), await startServer(env));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await receiver?.close();
    await handle?.close();
    if (name) await dropScratchPostgres(name);
  });

  it('delivers every message at least once and never from two workers at once', async () => {
    const site = await createFixtureSite(handle.db, { rateLimits: GENEROUS_RATE_LIMITS });
    const owner = await handle.db
      .selectFrom('memberships')
      .select('user_id')
      .where('site_id', '=', site.id)
      .executeTakeFirstOrThrow();
    await createChannel(handle.db, {
      siteId: site.id,
      type: 'webhook',
      name: 'Hook',
      events: ['group.created'],
      filter: {},
      config: { url: `${receiver.url}/hook` },
      secret: `whsec_${Buffer.alloc(32, 9).toString('base64')}`,
      createdBy: owner.user_id,
      at: new Date(),
    });
    const [victim, survivor] = servers;
    if (!victim || !survivor) throw new Error('no servers');
    for (let i = 0; i < MESSAGES; i++) {
      const target = i % 2 === 0 ? victim : survivor;
      const response = await fetch(`${target.url}/api/v1/reports`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: FIXTURE_ORIGIN },
        body: JSON.stringify(validReport(site.key, i, { id: randomUUID() })),
      });
      expect(response.status).toBe(201);
    }
    await receiver.waitFor(5, 60_000);
    await victim.kill();

    // The victim's claims come back when their leases end (a minute at most); the survivor takes them.
    const deadline = Date.now() + 150_000;
    let delivered = 0;
    while (Date.now() < deadline) {
      const rows = await handle.db
        .selectFrom('deliveries')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .where('state', '=', 'delivered')
        .executeTakeFirstOrThrow();
      delivered = Number(rows.n);
      if (delivered === MESSAGES) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(delivered).toBe(MESSAGES);
    const ids = await handle.db.selectFrom('deliveries').select('id').execute();
    const answered = new Set(
      receiver.received.filter((r) => !r.aborted).map((r) => String(r.headers['webhook-id'])),
    );
    for (const { id } of ids) expect(answered.has(id), id).toBe(true);
    expect(Math.max(...receiver.maxInFlight.values())).toBe(1);
  }, 240_000);
});
