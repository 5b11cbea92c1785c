/**
 * Delivery faults that need a real network between the worker and PostgreSQL: the database
 * vanishes while a message is in flight, so its outcome cannot be recorded. The message must still
 * be delivered (at least once, with the same webhook-id) once the database is back.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delivery } from '../../../contract/channels.js';
import { createApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import { type DatabaseHandle, openDatabase } from '../../../server/db/connect.js';
import { migrateToLatest } from '../../../server/db/migrate.js';
import { createChannel } from '../../../server/db/queries/channels.js';
import { listDeliveries } from '../../../server/db/queries/deliveries.js';
import { createSite } from '../../../server/db/queries/sites.js';
import { appDeps } from '../../../server/deps.js';
import { jobHandlers } from '../../../server/jobs/handlers.js';
import { createJobRunner } from '../../../server/jobs/runner.js';
import { createLogger } from '../../../server/logger.js';
import {
  ADMIN_DATABASE_URL,
  createScratchPostgres,
  databaseUrl,
  dropScratchPostgres,
  postgresAvailable,
} from '../../helpers/databases.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { FIXTURE_ORIGIN, GENEROUS_RATE_LIMITS, validReport } from '../../helpers/reports.js';
import { startTcpProxy, type TcpProxy } from '../../helpers/tcp-proxy.js';
import { addUser, Clock } from '../routes/editor/harness.js';

describe.runIf(postgresAvailable)('delivery while the database goes down [postgres]', () => {
  let name: string;
  let proxy: TcpProxy;
  let handle: DatabaseHandle;
  let receiver: Receiver;

  beforeAll(async () => {
    name = await createScratchPostgres();
    const direct = await openDatabase({ kind: 'postgres', url: databaseUrl(name), poolSize: 2 });
    await migrateToLatest(direct.db);
    await direct.close();
    const admin = new URL(ADMIN_DATABASE_URL);
    proxy = await startTcpProxy({ host: admin.hostname, port: Number(admin.port || 5432) });
    handle = await openDatabase({
      kind: 'postgres',
      url: proxy.rewrite(databaseUrl(name)),
      poolSize: 4,
      connectTimeoutMs: 1000,
    });
    receiver = await startReceiver([{ status: 200, delayMs: 300 }]);
  }, 60_000);

  afterAll(async () => {
    await receiver?.close();
    await handle?.close();
    await proxy?.close();
    if (name) await dropScratchPostgres(name);
  });

  it('delivers a message whose outcome was lost with the database, again with the same webhook-id', async () => {
    const clock = new Clock();
    const deps = appDeps({
      db: handle.db,
      dialect: 'postgres',
      config: loadConfig({ LOG_LEVEL: 'silent', FETCH_ALLOW_PRIVATE: 'true' }),
      logger: createLogger('silent'),
      now: clock.now,
    });
    const app = createApp(deps);
    const runner = createJobRunner({
      db: handle.db,
      logger: deps.logger,
      now: clock.now,
      handlers: jobHandlers(deps),
      periodic: false,
    });
    const owner = await addUser(handle.db, 'owner');
    const site = await createSite(handle.db, {
      name: 'Gazette',
      origins: [FIXTURE_ORIGIN],
      ownerId: owner.id,
    });
    await sql`UPDATE sites SET settings = jsonb_set(settings::jsonb, '{rateLimits}', ${JSON.stringify(GENEROUS_RATE_LIMITS)}::jsonb)
               WHERE id = ${site.id}::uuid`.execute(handle.db);
    const channel = await createChannel(handle.db, {
      siteId: site.id,
      type: 'webhook',
      name: 'Hook',
      events: ['group.created'],
      filter: {},
      config: { url: `${receiver.url}/hook` },
      secret: `whsec_${Buffer.alloc(32, 5).toString('base64')}`,
      createdBy: owner.id,
      at: clock.now(),
    });
    const sent = await app.request('/api/v1/reports', {
      method: 'POST',
      headers: { Origin: FIXTURE_ORIGIN, 'Content-Type': 'text/plain' },
      body: JSON.stringify(validReport(site.key, 1)),
    });
    expect(sent.status).toBe(201);

    // The database goes down while the receiver holds the request.
    receiver.onRequest = () => {
      receiver.onRequest = null;
      void proxy.down('refuse');
    };
    await runner.drain().catch(() => 0);
    expect(receiver.received).toHaveLength(1);

    await proxy.up();
    // The lost attempt's claim ends with its lease; then any worker takes the message again.
    clock.advance(2 * 60_000);
    await runner.drain();
    expect(receiver.received).toHaveLength(2);
    const ids = receiver.received.map((r) => r.headers['webhook-id']);
    expect(ids[1]).toBe(ids[0]);
    const { items }: { items: Delivery[] } = await listDeliveries(handle.db, channel.id, 10, null);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ state: 'delivered', attempts: 2, lastStatus: 200 });
    await runner.stop(1000);
  }, 60_000);
});
