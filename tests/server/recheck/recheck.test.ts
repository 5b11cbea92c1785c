/**
 * Re-checks against real HTTP servers on 127.0.0.1: the route, the scheduled jobs, the SSRF guards.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RecheckResult } from '../../../contract/api.js';
import { createJobRunner } from '../../../server/jobs/runner.js';
import { createLogger } from '../../../server/logger.js';
import {
  RECHECK_PERIOD_MS,
  recheckScheduleHandler,
  recheckSiteHandler,
} from '../../../server/recheck/jobs.js';
import { describeEachDialect } from '../../helpers/databases.js';
import {
  addMember,
  addReport,
  addSite,
  addUser,
  call,
  type Harness,
  harness,
  tokenFor,
} from '../routes/editor/harness.js';

const BEFORE =
  '<!doctype html><html><head><title>Budget</title><script>var s = "the council has recieved the draft budget";</script></head><body><nav data-misprint-ignore>Home</nav><article><h1>Budget</h1><p>';
const AFTER = '</p></article></body></html>';
const TYPO = 'Yesterday the council has recieved the draft budget on Monday, as planned.';
const FIXED = 'Yesterday the council has received the draft budget on Monday, as planned.';
const REWRITTEN = 'The budget was passed after a long debate.';
const quote = { exact: 'recieved', prefix: 'the council has ', suffix: ' the draft budget on Monday' };

/** A page server that records the paths it was asked for. */
async function pageServer(
  pages: (
    req: IncomingMessage,
    origin: string,
  ) => { status: number; headers?: Record<string, string>; body?: string | Buffer } | 'hang',
) {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req.url ?? '');
    const answer = pages(req, origin());
    if (answer === 'hang') return;
    res.writeHead(answer.status, { 'Content-Type': 'text/html; charset=utf-8', ...answer.headers });
    res.end(answer.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  const origin = () => `http://127.0.0.1:${address.port}`;
  return {
    origin: origin(),
    port: address.port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describeEachDialect('page re-check', (t) => {
  let outside: Awaited<ReturnType<typeof pageServer>>;
  let site: Awaited<ReturnType<typeof pageServer>>;
  let h: Harness;
  let token: string;
  let viewerToken: string;
  let ownerId: string;

  beforeAll(async () => {
    outside = await pageServer(() => ({ status: 200, body: BEFORE + FIXED + AFTER }));
    site = await pageServer((req, origin) => {
      const path = (req.url ?? '').split('?')[0];
      switch (path) {
        case '/fixed':
          return { status: 200, body: BEFORE + FIXED + AFTER };
        case '/still':
          return { status: 200, body: BEFORE + TYPO + AFTER };
        case '/changed':
          return { status: 200, body: BEFORE + REWRITTEN + AFTER };
        case '/moved':
          return { status: 301, headers: { Location: `${origin}/fixed` } };
        case '/away':
          return { status: 302, headers: { Location: `${outside.origin}/fixed` } };
        case '/loop':
          return { status: 302, headers: { Location: `${origin}/loop` } };
        case '/huge':
          return { status: 200, body: Buffer.alloc(3 * 1024 * 1024, 'a') };
        case '/hang':
          return 'hang';
        case '/gone':
          return { status: 404, body: 'not found' };
        default:
          return { status: 500 };
      }
    });
    h = harness(t, { FETCH_ALLOW_PRIVATE: 'true', PUBLIC_URL: 'https://typos.example' });
    const owner = await addUser(t().db, 'owner');
    const viewer = await addUser(t().db, 'viewer');
    ownerId = owner.id;
    token = await tokenFor(t().db, owner.id);
    viewerToken = await tokenFor(t().db, viewer.id);
    void viewer;
  });

  afterAll(async () => {
    await site?.close();
    await outside?.close();
  });

  async function siteWith(paths: string[], origins = [site.origin]) {
    const id = await addSite(t().db, ownerId);
    await t().db.updateTable('sites').set({ origins }).where('id', '=', id).execute();
    const reports: Record<string, string> = {};
    for (const path of paths)
      reports[path] = await addReport(t().db, id, { url: `${site.origin}${path}`, ...quote });
    return { id, reports };
  }

  async function state(reportId: string) {
    return t()
      .db.selectFrom('reports as r')
      .innerJoin('groups as g', (j) =>
        j.onRef('g.site_id', '=', 'r.site_id').onRef('g.group_key', '=', 'r.group_key'),
      )
      .select(['r.status', 'r.note', 'g.check_result', 'g.checked_at'])
      .where('r.id', '=', reportId)
      .executeTakeFirstOrThrow();
  }

  it('closes what was fixed (by the system), leaves what is still there, marks what changed, and skips what cannot be reached', async () => {
    const paths = ['/fixed', '/still', '/changed', '/moved', '/away', '/loop', '/huge', '/hang', '/gone'];
    const { id, reports } = await siteWith(paths);
    const seenBefore = site.seen.length;
    const response = await call(h.app, 'POST', `/v1/sites/${id}/recheck`, { token }, {});
    expect(response.status).toBe(200);
    const result: RecheckResult = await response.json();
    expect(result).toEqual({ checked: 9, fixed: 2, stillThere: 1, changed: 1, unreachable: 5 });

    for (const path of ['/fixed', '/moved']) {
      expect(await state(reports[path] ?? '')).toMatchObject({
        status: 'fixed',
        note: 'no longer on the page',
        check_result: 'fixed',
      });
      const events = await t()
        .db.selectFrom('report_events')
        .selectAll()
        .where('report_id', '=', reports[path] ?? '')
        .execute();
      expect(events).toMatchObject([
        { actor_id: null, from_status: 'new', to_status: 'fixed', note: 'no longer on the page' },
      ]);
    }
    expect(await state(reports['/still'] ?? '')).toMatchObject({
      status: 'new',
      check_result: 'still_there',
    });
    expect(await state(reports['/changed'] ?? '')).toMatchObject({
      status: 'new',
      check_result: 'page_changed',
    });
    for (const path of ['/away', '/loop', '/huge', '/hang', '/gone']) {
      expect(await state(reports[path] ?? '')).toMatchObject({
        status: 'new',
        note: null,
        check_result: null,
        checked_at: null,
      });
    }
    // A redirect off the allowed origins is not followed; at most 3 redirects are.
    expect(outside.seen).toEqual([]);
    expect(site.seen.slice(seenBefore).filter((p) => p === '/loop')).toHaveLength(4);
  }, 60_000);

  it('fetches at most one page a second per site, with its User-Agent', async () => {
    const starts: number[] = [];
    const agents: string[] = [];
    const paced = await pageServer((req) => {
      starts.push(Date.now());
      agents.push(req.headers['user-agent'] ?? '');
      return { status: 200, body: BEFORE + TYPO + AFTER };
    });
    try {
      const id = await addSite(t().db, ownerId);
      await t()
        .db.updateTable('sites')
        .set({ origins: [paced.origin] })
        .where('id', '=', id)
        .execute();
      for (const n of [1, 2, 3]) await addReport(t().db, id, { url: `${paced.origin}/p${n}`, ...quote });
      const result: RecheckResult = await (
        await call(h.app, 'POST', `/v1/sites/${id}/recheck`, { token }, {})
      ).json();
      expect(result.stillThere).toBe(3);
      expect(starts).toHaveLength(3);
      expect((starts[2] ?? 0) - (starts[0] ?? 0)).toBeGreaterThanOrEqual(1900);
      expect(agents[0]).toMatch(/^Misprint\/\d+\.\d+\.\d+ \(\+https:\/\/typos\.example\)$/);
    } finally {
      await paced.close();
    }
  }, 30_000);

  it('re-checks one page when given its URL (tracking parameters and fragment aside)', async () => {
    const { id, reports } = await siteWith(['/still', '/fixed']);
    const response = await call(
      h.app,
      'POST',
      `/v1/sites/${id}/recheck`,
      { token },
      { url: `${site.origin}/fixed?utm_source=cms#top` },
    );
    expect(await response.json()).toEqual({
      checked: 1,
      fixed: 1,
      stillThere: 0,
      changed: 0,
      unreachable: 0,
    });
    expect((await state(reports['/still'] ?? '')).checked_at).toBeNull();
  });

  it('lets editors and tokens re-check, not viewers; refuses a body that is not a URL', async () => {
    const { id } = await siteWith([]);
    const viewerId = (
      await t()
        .db.selectFrom('api_tokens')
        .select('user_id')
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow()
    ).user_id;
    await addMember(t().db, id, viewerId, 'viewer');
    expect((await call(h.app, 'POST', `/v1/sites/${id}/recheck`, { token: viewerToken }, {})).status).toBe(
      403,
    );
    expect(
      (await call(h.app, 'POST', `/v1/sites/${id}/recheck`, { token }, { url: 'javascript:alert(1)' }))
        .status,
    ).toBe(400);
    expect(await (await call(h.app, 'POST', `/v1/sites/${id}/recheck`, { token }, {})).json()).toEqual({
      checked: 0,
      fixed: 0,
      stillThere: 0,
      changed: 0,
      unreachable: 0,
    });
  });

  it('without FETCH_ALLOW_PRIVATE refuses a site on 127.0.0.1, by name or by address, before any request', async () => {
    const guarded = harness(t);
    const seenBefore = site.seen.length;
    const byName = await siteWith(['/fixed'], [`http://localhost:${site.port}`]);
    await t()
      .db.updateTable('reports')
      .set({ url: `http://localhost:${site.port}/fixed` })
      .where('id', '=', byName.reports['/fixed'] ?? '')
      .execute();
    const byAddress = await siteWith(['/fixed']);
    for (const s of [byName, byAddress]) {
      const result: RecheckResult = await (
        await call(guarded.app, 'POST', `/v1/sites/${s.id}/recheck`, { token }, {})
      ).json();
      expect(result).toEqual({ checked: 1, fixed: 0, stillThere: 0, changed: 0, unreachable: 1 });
      expect((await state(s.reports['/fixed'] ?? '')).status).toBe('new');
    }
    expect(site.seen.length).toBe(seenBefore);
  });

  it('schedules each site with open groups once per 6-hour period, across replicas, and runs it', async () => {
    const { id, reports } = await siteWith(['/fixed']);
    await t().db.deleteFrom('jobs').execute();
    const period = Math.floor(h.clock.now().getTime() / RECHECK_PERIOD_MS);
    const schedule = recheckScheduleHandler(h.deps);
    const job = {
      id: 0,
      kind: 'recheck.schedule',
      payload: {},
      attempts: 1,
      lockToken: '',
      runAt: new Date(),
      createdAt: new Date(),
      dedupeKey: null,
      signal: new AbortController().signal,
    };
    await schedule.run(job);
    await schedule.run(job);
    const jobs = await t()
      .db.selectFrom('jobs')
      .select(['payload', 'run_at', 'dedupe_key'])
      .where('kind', '=', 'recheck.site')
      .execute();
    const mine = jobs.filter((j) => j.dedupe_key === `recheck.site:${id}:${period}`);
    expect(mine).toHaveLength(1);
    const runAt = mine[0]?.run_at.getTime() ?? 0;
    expect(runAt).toBeGreaterThanOrEqual(period * RECHECK_PERIOD_MS);
    expect(runAt).toBeLessThan((period + 1) * RECHECK_PERIOD_MS);

    h.clock.current = new Date((period + 1) * RECHECK_PERIOD_MS);
    await t()
      .db.deleteFrom('jobs')
      .where('kind', '=', 'recheck.site')
      .where('dedupe_key', '<>', `recheck.site:${id}:${period}`)
      .execute();
    const runner = createJobRunner({
      db: t().db,
      logger: createLogger('silent'),
      now: h.clock.now,
      handlers: [recheckSiteHandler(h.deps)],
      periodic: false,
    });
    expect(await runner.drain()).toBe(1);
    expect(await state(reports['/fixed'] ?? '')).toMatchObject({ status: 'fixed', check_result: 'fixed' });
  }, 30_000);
});
