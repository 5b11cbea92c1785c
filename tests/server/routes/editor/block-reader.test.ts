import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { BlockedReader } from '../../../../contract/api.js';
import { forgetReaders } from '../../../../server/db/queries/triage.js';
import { describeEachDialect } from '../../../helpers/databases.js';
import { validReport } from '../../../helpers/reports.js';
import { send } from '../../ingest/fixtures.js';
import { addMember, addSite, addUser, call, errorCode, type Harness, harness, tokenFor } from './harness.js';

const DAY = 24 * 60 * 60 * 1000;

describeEachDialect('blocking a reader', (t) => {
  let h: Harness;
  let owner: { token: string };
  let editor: { token: string };
  let siteId: string;
  let key: string;

  beforeAll(async () => {
    h = harness(t, { TRUST_PROXY: '1' });
    h.clock.current = new Date('2026-11-02T09:00:00.000Z');
    const ownerUser = await addUser(t().db, 'owner');
    const editorUser = await addUser(t().db, 'editor');
    siteId = await addSite(t().db, ownerUser.id);
    await addMember(t().db, siteId, editorUser.id, 'editor');
    owner = { token: await tokenFor(t().db, ownerUser.id) };
    editor = { token: await tokenFor(t().db, editorUser.id) };
    key = (await t().db.selectFrom('sites').select('key').where('id', '=', siteId).executeTakeFirstOrThrow())
      .key;
  });

  async function report(ip: string, n?: number) {
    h.clock.advance(1000);
    const body = validReport(key, n);
    const response = await send(h.app, body, { ip });
    return { body, response, answer: await response.json() };
  }

  function stored(id: string) {
    return t()
      .db.selectFrom('reports')
      .select(['status', 'group_key'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  function announced(reportId: string) {
    return t()
      .db.selectFrom('jobs')
      .select('id')
      .where('kind', '=', 'group.created')
      .where(sql<boolean>`payload->>'reportId' = ${reportId}`)
      .execute();
  }

  it('blocks the reader of a report for 30 days: later reports, on later days too, are kept as spam and answered as accepted', async () => {
    const first = await report('198.51.100.10');
    expect(first.response.status).toBe(201);
    expect((await call(h.app, 'POST', `/v1/reports/${first.body.id}/block-reader`, editor)).status).toBe(403);
    const blocked = await call(h.app, 'POST', `/v1/reports/${first.body.id}/block-reader`, owner);
    expect(blocked.status).toBe(201);
    const block: BlockedReader = await blocked.json();
    expect(block.reportId).toBe(first.body.id);
    expect(new Date(block.expiresAt).getTime() - h.clock.current.getTime()).toBe(30 * DAY);

    // The next day the client hash has rotated; the reader is still recognised.
    h.clock.advance(DAY);
    const duplicate = await report('198.51.100.10');
    expect(duplicate.response.status).toBe(201);
    expect(duplicate.answer).toEqual({ id: duplicate.body.id, status: 'new', duplicates: 0 });
    expect((await stored(duplicate.body.id))?.status).toBe('spam');
    const fresh = await report('198.51.100.10', 7);
    expect((await stored(fresh.body.id))?.status).toBe('spam');
    expect(await announced(fresh.body.id)).toEqual([]);
    const group = await t()
      .db.selectFrom('groups')
      .select('readers')
      .where('group_key', '=', (await stored(first.body.id))?.group_key ?? '')
      .executeTakeFirstOrThrow();
    expect(group.readers).toBe(1);

    // Anyone else is unaffected.
    const other = await report('198.51.100.11', 8);
    expect(other.answer).toEqual({ id: other.body.id, status: 'new', duplicates: 0 });
    expect((await stored(other.body.id))?.status).toBe('new');
    expect(await announced(other.body.id)).toHaveLength(1);

    // After 30 days the block has lapsed.
    h.clock.advance(30 * DAY);
    const later = await report('198.51.100.10', 9);
    expect((await stored(later.body.id))?.status).toBe('new');
  });

  it('announces a group first reported by a blocked reader when someone else reports it', async () => {
    const mine = await report('198.51.100.20', 20);
    expect((await call(h.app, 'POST', `/v1/reports/${mine.body.id}/block-reader`, owner)).status).toBe(201);
    h.clock.advance(DAY);
    const spam = await report('198.51.100.20', 21);
    expect(await announced(spam.body.id)).toEqual([]);
    const real = await report('198.51.100.21', 21);
    expect((await stored(real.body.id))?.status).toBe('new');
    expect(await announced(real.body.id)).toHaveLength(1);
  });

  it('lists and lifts blocks (owners only)', async () => {
    const mine = await report('198.51.100.30', 30);
    const made: BlockedReader = await (
      await call(h.app, 'POST', `/v1/reports/${mine.body.id}/block-reader`, owner)
    ).json();
    expect((await call(h.app, 'GET', `/v1/sites/${siteId}/blocked-readers`, editor)).status).toBe(403);
    const list: BlockedReader[] = await (
      await call(h.app, 'GET', `/v1/sites/${siteId}/blocked-readers`, owner)
    ).json();
    expect(list.map((b) => b.id)).toContain(made.id);
    expect(
      (await call(h.app, 'DELETE', `/v1/sites/${siteId}/blocked-readers/${made.id}`, owner)).status,
    ).toBe(204);
    expect(
      (await call(h.app, 'DELETE', `/v1/sites/${siteId}/blocked-readers/${made.id}`, owner)).status,
    ).toBe(404);
    h.clock.advance(60_000);
    const after = await report('198.51.100.30', 31);
    expect((await stored(after.body.id))?.status).toBe('new');
  });

  it('cannot block a reader once their report is older than 48 hours (409)', async () => {
    const old = await report('198.51.100.40', 40);
    h.clock.advance(49 * 60 * 60 * 1000);
    await forgetReaders(t().db, new Date(h.clock.current.getTime() - 48 * 60 * 60 * 1000), h.clock.current);
    const response = await call(h.app, 'POST', `/v1/reports/${old.body.id}/block-reader`, owner);
    expect(response.status).toBe(409);
    expect(await errorCode(response)).toBe('conflict');
  });

  it('answers 404 for another site’s report', async () => {
    const stranger = await addUser(t().db, 'stranger');
    const theirs = await report('198.51.100.50', 50);
    const token = await tokenFor(t().db, stranger.id);
    expect((await call(h.app, 'POST', `/v1/reports/${theirs.body.id}/block-reader`, { token })).status).toBe(
      404,
    );
  });
});
