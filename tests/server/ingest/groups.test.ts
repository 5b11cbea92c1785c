import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { publicationInstant } from '../../../server/ingest/schema.js';
import { describeEachDialect } from '../../helpers/databases.js';
import { addSite, clock, ingestApp, report, send, storedReports } from './fixtures.js';

describe('publicationInstant', () => {
  it.each([
    ['2026-11-20T08:00:00Z', '2026-11-20T08:00:00.000Z'],
    ['2026-11-20T09:00:00+01:00', '2026-11-20T08:00:00.000Z'],
    ['2026-11-20T09:00:00+0100', '2026-11-20T08:00:00.000Z'],
    ['2026-11-20T08:00:00.123456Z', '2026-11-20T08:00:00.123Z'],
    ['2026-11-20 08:00', '2026-11-20T08:00:00.000Z'],
    ['2026-11-20T08:00:00', '2026-11-20T08:00:00.000Z'],
    ['2026-11-20', '2026-11-20T00:00:00.000Z'],
    [' 2026-11-20T08:00:00-05:00 ', '2026-11-20T13:00:00.000Z'],
  ])('reads %j as %s', (value, expected) => {
    expect(publicationInstant(value)).toBe(expected);
  });

  it.each(['yesterday', '20/11/2026', '2026-13-45', '0001-01-01', 'Fri, 20 Nov 2026 08:00:00 GMT', ''])(
    'drops %j',
    (value) => {
      expect(publicationInstant(value)).toBeUndefined();
    },
  );
});

describeEachDialect('ingest: groups, page metadata and routing', (t) => {
  const at = clock('2026-11-29T09:00:00.000Z');
  let app: ReturnType<typeof ingestApp>;
  beforeAll(() => {
    app = ingestApp(t().db, t().dialect, at);
  });

  async function member(siteId: string, role: 'owner' | 'editor' | 'viewer'): Promise<string> {
    const user = await t()
      .db.insertInto('users')
      .values({ email: `${role}-${randomUUID()}@news.example` })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t().db.insertInto('memberships').values({ site_id: siteId, user_id: user.id, role }).execute();
    return user.id;
  }

  async function setRoutes(siteId: string, routes: unknown): Promise<void> {
    await sql`UPDATE sites SET settings = jsonb_set(settings, '{routes}', ${JSON.stringify(routes)}::jsonb)
               WHERE id = ${siteId}::uuid`.execute(t().db);
  }

  function groupOf(siteId: string) {
    return t().db.selectFrom('groups').selectAll().where('site_id', '=', siteId).execute();
  }

  function jobsOf(kind: string) {
    return t().db.selectFrom('jobs').selectAll().where('kind', '=', kind).orderBy('id').execute();
  }

  it('stores the page metadata with the report and on its new group', async () => {
    const site = await addSite(t().db);
    const page = { author: '  Jane   Roe ', section: 'Politics', published: '2026-11-20T09:00:00+01:00' };
    const response = await send(app, report(site.key, { page }));
    expect(response.status).toBe(201);
    const [row] = await storedReports(t().db, site.id);
    expect(row?.page_author).toBe('Jane Roe');
    expect(row?.page_section).toBe('Politics');
    expect(row?.page_published_at).toEqual(new Date('2026-11-20T08:00:00.000Z'));
    const [group] = await groupOf(site.id);
    expect(group).toMatchObject({
      group_key: row?.group_key,
      first_report_id: row?.id,
      page_author: 'Jane Roe',
      page_section: 'Politics',
      assignee_id: null,
    });
  });

  it('accepts a report without page metadata, or with an unreadable date, keeping the rest', async () => {
    const site = await addSite(t().db);
    expect((await send(app, report(site.key))).status).toBe(201);
    // Later, so the rows read back in receipt order (equal times come back in any order).
    at.advance(1000);
    const odd = report(site.key, {
      page: { author: 'Ann Lee', published: 'last Tuesday' },
      url: 'https://news.example/b',
    });
    expect((await send(app, odd)).status).toBe(201);
    const rows = await storedReports(t().db, site.id);
    expect(rows.map((r) => [r.page_author, r.page_published_at])).toEqual([
      [null, null],
      ['Ann Lee', null],
    ]);
  });

  it('refuses page fields over 200 characters or with control characters, naming the field', async () => {
    const site = await addSite(t().db);
    const long = await send(app, report(site.key, { page: { section: 'x'.repeat(201) } }));
    expect(long.status).toBe(400);
    const body: { error: { issues: { path: string }[] } } = await long.json();
    expect(body.error.issues.map((i) => i.path)).toEqual(['page.section']);
    expect((await send(app, report(site.key, { page: { author: 'Jane\u0000Roe' } }))).status).toBe(400);
  });

  it('creates one group and one group.created job per group, however many duplicates', async () => {
    const site = await addSite(t().db);
    const before = (await jobsOf('group.created')).length;
    for (let i = 0; i < 3; i++) {
      at.advance(1);
      const response = await send(app, report(site.key), { ip: `198.51.100.${i + 1}` });
      expect(response.status).toBe(201);
    }
    const groups = await groupOf(site.id);
    expect(groups).toHaveLength(1);
    const jobs = (await jobsOf('group.created')).slice(before);
    expect(jobs).toHaveLength(1);
    const [first] = await storedReports(t().db, site.id);
    expect(jobs[0]?.payload).toEqual({
      siteId: site.id,
      groupKey: groups[0]?.group_key,
      groupId: groups[0]?.id,
      reportId: first?.id,
    });
  });

  it('does not announce a replayed report again', async () => {
    const site = await addSite(t().db);
    const body = report(site.key);
    expect((await send(app, body)).status).toBe(201);
    const before = (await jobsOf('group.created')).length;
    expect((await send(app, body)).status).toBe(200);
    expect(await jobsOf('group.created')).toHaveLength(before);
  });

  it('assigns a new group by the first rule matching its author and section, trimmed and in any case', async () => {
    const site = await addSite(t().db);
    const [politics, jane, janePolitics] = [
      await member(site.id, 'editor'),
      await member(site.id, 'editor'),
      await member(site.id, 'owner'),
    ];
    await setRoutes(site.id, [
      { author: 'jane roe', section: 'politics', assignee: janePolitics },
      { author: ' JANE ROE ', assignee: jane },
      { section: 'Politics', assignee: politics },
    ]);
    const cases = [
      [{ author: 'Jane Roe', section: 'Politics' }, janePolitics],
      [{ author: 'Jane Roe', section: 'Sport' }, jane],
      [{ author: 'Sam Poe', section: 'politics' }, politics],
      [{ author: 'Sam Poe', section: 'Sport' }, null],
      [{}, null],
    ] as const;
    for (const [i, [page, expected]] of cases.entries()) {
      const body = report(site.key, { page, url: `https://news.example/routing-${i}` });
      expect((await send(app, body)).status).toBe(201);
      const group = await t()
        .db.selectFrom('groups')
        .innerJoin('reports', 'reports.id', 'groups.first_report_id')
        .select('groups.assignee_id')
        .where('reports.id', '=', body.id)
        .executeTakeFirstOrThrow();
      expect(group.assignee_id, JSON.stringify(page)).toBe(expected);
    }
  });

  it('skips rules naming a viewer, a non-member or a malformed assignee, and malformed rules', async () => {
    const site = await addSite(t().db);
    const viewer = await member(site.id, 'viewer');
    const editor = await member(site.id, 'editor');
    const outsider = await member((await addSite(t().db)).id, 'editor');
    await setRoutes(site.id, [
      'not a rule',
      { assignee: editor },
      { author: 'Jane Roe', assignee: viewer },
      { author: 'Jane Roe', assignee: outsider },
      { author: 'Jane Roe', assignee: 'not-a-uuid' },
      { author: 'Jane Roe', assignee: editor },
    ]);
    const body = report(site.key, { page: { author: 'Jane Roe' } });
    expect((await send(app, body)).status).toBe(201);
    const [group] = await groupOf(site.id);
    expect(group?.assignee_id).toBe(editor);
  });

  it('announces every report to report.created listeners only when the site has them', async () => {
    const quiet = await addSite(t().db);
    const listening = await addSite(t().db);
    await t()
      .db.updateTable('sites')
      .set({ notify_events: ['report.created'] })
      .where('id', '=', listening.id)
      .execute();
    const before = (await jobsOf('event')).length;
    await send(app, report(quiet.key));
    at.advance(1);
    await send(app, report(listening.key), { ip: '198.51.100.20' });
    at.advance(1);
    await send(app, report(listening.key), { ip: '198.51.100.21' });
    const events = (await jobsOf('event')).slice(before);
    expect(events).toHaveLength(2);
    const [group] = await groupOf(listening.id);
    const rows = await storedReports(t().db, listening.id);
    expect(events.map((e) => e.payload)).toEqual(
      rows.map((r) => ({
        type: 'report.created',
        siteId: listening.id,
        at: expect.any(String),
        groupKey: group?.group_key,
        groupId: group?.id,
        reportId: r.id,
      })),
    );
  });
});
