import { randomUUID } from 'node:crypto';
import { beforeEach, expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS } from '../../../contract/api.js';
import type { ReportStatus } from '../../../contract/report.js';
import { loadConfig } from '../../../server/config.js';
import { createSite } from '../../../server/db/queries/sites.js';
import { createUser } from '../../../server/db/queries/users.js';
import { appDeps } from '../../../server/deps.js';
import { createJobRunner } from '../../../server/jobs/runner.js';
import { createLogger } from '../../../server/logger.js';
import { clientRetentionHandler, reportRetentionHandler } from '../../../server/retention/handlers.js';
import { describeEachDialect } from '../../helpers/databases.js';

const DAY = 24 * 60 * 60 * 1000;
/** Past the jitter of this day's daily job and of this hour's hourly one. */
const NOW = new Date('2026-11-29T02:30:00.000Z');

describeEachDialect('retention', (t) => {
  const clock = { at: NOW };
  const deps = () =>
    appDeps({
      db: t().db,
      dialect: t().dialect,
      config: loadConfig({ LOG_LEVEL: 'silent' }),
      logger: createLogger('silent'),
      now: () => clock.at,
    });

  beforeEach(async () => {
    clock.at = NOW;
    await t().db.deleteFrom('jobs').execute();
  });

  async function site(retentionDays: number | null): Promise<string> {
    const owner = await createUser(t().db, { email: `owner-${randomUUID()}@news.example`, password: null });
    const created = await createSite(t().db, {
      name: 'News',
      origins: ['https://news.example'],
      ownerId: owner.id,
      settings: { ...DEFAULT_SITE_SETTINGS, retentionDays },
    });
    return created.id;
  }

  async function report(siteId: string, ageDays: number, status: ReportStatus, groupKey = randomUUID()) {
    const id = randomUUID();
    const at = new Date(NOW.getTime() - ageDays * DAY);
    await t()
      .db.insertInto('reports')
      .values({
        id,
        site_id: siteId,
        url: 'https://news.example/a',
        quote_exact: 'recieved',
        status,
        group_key: groupKey,
        ip_hash: `hash-${id}`,
        received_at: at,
      })
      .execute();
    await t()
      .db.insertInto('report_events')
      .values({ report_id: id, from_status: 'new', to_status: status, created_at: at })
      .execute();
    return id;
  }

  async function remaining(siteId: string) {
    return t().db.selectFrom('reports').select(['id', 'ip_hash']).where('site_id', '=', siteId).execute();
  }

  function run(...handlers: ReturnType<typeof reportRetentionHandler>[]) {
    return createJobRunner({
      db: t().db,
      logger: createLogger('silent'),
      now: () => clock.at,
      handlers,
    }).drain();
  }

  it('deletes closed reports older than the site’s retention with their history, keeps the rest', async () => {
    const kept = await site(30);
    const old = {
      fixed: await report(kept, 31, 'fixed'),
      dismissed: await report(kept, 40, 'dismissed'),
      spam: await report(kept, 400, 'spam'),
    };
    const young = await report(kept, 29, 'fixed');
    const openOld = await report(kept, 400, 'new');
    const keepAll = await site(null);
    const untouched = await report(keepAll, 400, 'fixed');

    expect(await run(reportRetentionHandler(deps()))).toBeGreaterThan(0);

    expect((await remaining(kept)).map((r) => r.id).sort()).toEqual([young, openOld].sort());
    expect((await remaining(keepAll)).map((r) => r.id)).toEqual([untouched]);
    const events = await t()
      .db.selectFrom('report_events')
      .select('report_id')
      .where('report_id', 'in', Object.values(old))
      .execute();
    expect(events).toEqual([]);
  });

  it('removes a group with its last report and keeps a group that still has one', async () => {
    const siteId = await site(30);
    const [emptied, shared] = [randomUUID(), randomUUID()];
    await report(siteId, 60, 'fixed', emptied);
    await report(siteId, 60, 'fixed', shared);
    await report(siteId, 1, 'new', shared);
    await run(reportRetentionHandler(deps()));
    const groups = await t()
      .db.selectFrom('groups')
      .select('group_key')
      .where('site_id', '=', siteId)
      .execute();
    expect(groups.map((g) => g.group_key)).toEqual([shared]);
    const buckets = await t()
      .db.selectFrom('report_groups')
      .select(['group_key', 'status', 'report_count'])
      .where('site_id', '=', siteId)
      .execute();
    expect(buckets).toEqual([{ group_key: shared, status: 'new', report_count: 1 }]);
  });

  it('runs once a day, however many times the runner looks', async () => {
    const siteId = await site(30);
    await report(siteId, 60, 'fixed');
    const handler = reportRetentionHandler(deps());
    // Yesterday's run (made up on a fresh queue) and today's.
    expect(await run(handler)).toBe(2);
    await report(siteId, 60, 'fixed');
    clock.at = new Date(NOW.getTime() + 20 * 60 * 60 * 1000);
    expect(await run(handler)).toBe(0);
    expect(await remaining(siteId)).toHaveLength(1);
    clock.at = new Date(NOW.getTime() + DAY);
    expect(await run(handler)).toBe(1);
    expect(await remaining(siteId)).toHaveLength(0);
  });

  it('clears client hashes after 48 hours, not before, whatever the status', async () => {
    const siteId = await site(null);
    const fresh = await report(siteId, 1.9, 'new');
    const stale = await report(siteId, 2.1, 'new');
    const staleClosed = await report(siteId, 3, 'spam');
    await run(clientRetentionHandler(deps()));
    const hashes = Object.fromEntries((await remaining(siteId)).map((r) => [r.id, r.ip_hash]));
    expect(hashes[fresh]).toBe(`hash-${fresh}`);
    expect(hashes[stale]).toBe('');
    expect(hashes[staleClosed]).toBe('');
  });

  it('deletes expired sessions and spent sign-in windows', async () => {
    const user = await createUser(t().db, { email: `ed-${randomUUID()}@news.example`, password: null });
    await t()
      .db.insertInto('sessions')
      .values([
        {
          id_hash: `gone-${user.id}`,
          user_id: user.id,
          csrf_token: 'x',
          expires_at: new Date(NOW.getTime() - 1),
        },
        {
          id_hash: `live-${user.id}`,
          user_id: user.id,
          csrf_token: 'x',
          expires_at: new Date(NOW.getTime() + DAY),
        },
      ])
      .execute();
    await t()
      .db.insertInto('login_attempts')
      .values([
        { key: `old-${user.id}`, window_start: new Date(NOW.getTime() - 2 * DAY), failures: 3 },
        { key: `now-${user.id}`, window_start: new Date(NOW.getTime() - 60_000), failures: 1 },
      ])
      .execute();
    await run(clientRetentionHandler(deps()));
    const sessions = await t()
      .db.selectFrom('sessions')
      .select('id_hash')
      .where('user_id', '=', user.id)
      .execute();
    expect(sessions.map((s) => s.id_hash)).toEqual([`live-${user.id}`]);
    const windows = await t()
      .db.selectFrom('login_attempts')
      .select('key')
      .where('key', 'in', [`old-${user.id}`, `now-${user.id}`])
      .execute();
    expect(windows.map((w) => w.key)).toEqual([`now-${user.id}`]);
  });
});
