/**
 * What the group.created job learns for each new group (spam signals, the dictionary) and what
 * ingest counts itself (distinct readers), driven through the real ingest route and job runner.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { groupCreatedHandler } from '../../../server/jobs/group-created.js';
import { createJobRunner, type JobRunner } from '../../../server/jobs/runner.js';
import { createLogger } from '../../../server/logger.js';
import type { SpellChecker } from '../../../server/spelling/checker.js';
import { createSpellChecker } from '../../../server/spelling/checker.js';
import { spellingStep } from '../../../server/spelling/step.js';
import { FLOOD_PAGES } from '../../../server/triage/spam-signals.js';
import { spamSignalsStep } from '../../../server/triage/spam-step.js';
import { describeEachDialect } from '../../helpers/databases.js';
import { validReport } from '../../helpers/reports.js';
import { send } from '../ingest/fixtures.js';
import { addSite, addUser, harness } from '../routes/editor/harness.js';

/** A checker that answers only when released, recording what it was asked. */
function gatedChecker() {
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const asked: string[] = [];
  const checker: SpellChecker = {
    async check(lang, text) {
      asked.push(text);
      await gate;
      return lang === 'en'
        ? { known: text === 'received', suggestions: text === 'received' ? [] : ['received'] }
        : null;
    },
    async close() {},
  };
  return { checker, asked, release };
}

describeEachDialect('group facts: readers, spam signals, spelling', (t) => {
  let runners: JobRunner[] = [];
  beforeEach(async () => {
    await t().db.deleteFrom('jobs').execute();
    runners = [];
  });
  afterEach(async () => {
    await Promise.all(runners.map((r) => r.stop(1000)));
  });

  async function setup(checker: SpellChecker) {
    const h = harness(t, { TRUST_PROXY: '1' });
    h.clock.current = new Date('2026-11-29T09:00:00.000Z');
    const owner = await addUser(t().db, 'owner');
    const siteId = await addSite(t().db, owner.id);
    const { key } = await t()
      .db.selectFrom('sites')
      .select('key')
      .where('id', '=', siteId)
      .executeTakeFirstOrThrow();
    const runner = createJobRunner({
      db: t().db,
      logger: createLogger('silent'),
      now: h.clock.now,
      handlers: [groupCreatedHandler([spamSignalsStep(t().db), spellingStep(t().db, checker)])],
      signal: h.deps.jobs,
      periodic: false,
    });
    runners.push(runner);
    return { ...h, siteId, key, runner };
  }

  function groupsOf(siteId: string) {
    return t()
      .db.selectFrom('groups as g')
      .innerJoin('report_groups as rg', (j) =>
        j.onRef('rg.site_id', '=', 'g.site_id').onRef('rg.group_key', '=', 'g.group_key'),
      )
      .innerJoin('reports as r', 'r.id', 'g.first_report_id')
      .select(['r.url', 'r.quote_exact', 'g.readers', 'g.spelling', 'g.spam_signals', 'rg.priority'])
      .where('g.site_id', '=', siteId)
      .orderBy('r.url')
      .execute();
  }

  it('answers reports while the dictionary check of their group is still running', async () => {
    const gated = gatedChecker();
    const s = await setup(gated.checker);
    s.runner.start();
    const first = await send(s.app, validReport(s.key), { ip: '198.51.100.1' });
    expect(first.status).toBe(201);
    await expect.poll(() => gated.asked, { timeout: 10_000 }).toEqual(['recieved']);
    // The check hangs; ingest goes on regardless.
    s.clock.advance(1000);
    const second = await send(s.app, validReport(s.key, 2), { ip: '198.51.100.2' });
    expect(second.status).toBe(201);
    expect((await groupsOf(s.siteId)).map((g) => g.spelling)).toEqual([null, null]);
    gated.release();
    await expect
      .poll(async () => (await groupsOf(s.siteId)).map((g) => g.spelling), { timeout: 10_000 })
      .toEqual([
        { known: false, suggestions: ['received'] },
        { known: false, suggestions: ['received'] },
      ]);
  });

  it('stores the real dictionary’s verdict on a typo in English, and none for other languages or kinds', async () => {
    const checker = createSpellChecker();
    try {
      const s = await setup(checker);
      const url = (n: number) => `https://news.example/spelling-${n}`;
      await send(s.app, validReport(s.key, undefined, { url: url(1) }), { ip: '198.51.100.1' });
      await send(s.app, validReport(s.key, undefined, { url: url(2), lang: 'ja' }), { ip: '198.51.100.1' });
      await send(s.app, validReport(s.key, undefined, { url: url(3), kind: 'fact' }), { ip: '198.51.100.1' });
      await send(
        s.app,
        validReport(s.key, undefined, {
          url: url(4),
          lang: 'en-GB',
          quote: { exact: 'received', prefix: 'has ', suffix: ' it' },
        }),
        { ip: '198.51.100.1' },
      );
      await s.runner.drain();
      const spelling = (await groupsOf(s.siteId)).map((g) => g.spelling);
      expect(spelling[0]?.known).toBe(false);
      expect(spelling[0]?.suggestions).toContain('received');
      expect(spelling.slice(1)).toEqual([null, null, { known: true, suggestions: [] }]);
    } finally {
      await checker.close();
    }
  }, 120_000);

  it('counts distinct readers, not reports, and ranks the group higher for each new one', async () => {
    const s = await setup(gatedChecker().checker);
    const priorities: number[] = [];
    for (const ip of ['198.51.100.1', '198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      s.clock.advance(1);
      expect((await send(s.app, validReport(s.key), { ip })).status).toBe(201);
      priorities.push((await groupsOf(s.siteId))[0]?.priority ?? Number.NaN);
    }
    const [group] = await groupsOf(s.siteId);
    expect(group?.readers).toBe(3);
    expect(priorities[1]).toBeCloseTo(priorities[0] ?? 0, 3);
    expect(priorities[2]).toBeGreaterThan((priorities[1] ?? 0) + 3);
    expect(priorities[3]).toBeGreaterThan(priorities[2] ?? 0);
  });

  it('marks links in the comment and unrelated corrections, and ranks those groups lower', async () => {
    const gated = gatedChecker();
    gated.release();
    const s = await setup(gated.checker);
    const url = (n: number) => `https://news.example/spam-${n}`;
    await send(s.app, validReport(s.key, undefined, { url: url(1) }), { ip: '198.51.100.1' });
    await send(
      s.app,
      validReport(s.key, undefined, { url: url(2), comment: 'cheap offers at www.deals.example' }),
      { ip: '198.51.100.2' },
    );
    await send(s.app, validReport(s.key, undefined, { url: url(3), suggestion: 'visit our shop' }), {
      ip: '198.51.100.3',
    });
    await s.runner.drain();
    const groups = await groupsOf(s.siteId);
    expect(groups.map((g) => g.spam_signals)).toEqual([[], ['link'], ['unrelated']]);
    expect(groups[1]?.priority).toBeLessThan((groups[0]?.priority ?? 0) - 20);
    expect(groups[2]?.priority).toBeLessThan((groups[0]?.priority ?? 0) - 20);
  });

  it(`marks every group of a sender who reported more than ${FLOOD_PAGES} pages in a day, earlier ones too`, async () => {
    const gated = gatedChecker();
    gated.release();
    const s = await setup(gated.checker);
    const pages = FLOOD_PAGES + 1;
    for (let n = 0; n < pages; n++) {
      s.clock.advance(10_000);
      const body = validReport(s.key, undefined, {
        url: `https://news.example/flood-${String(n).padStart(2, '0')}`,
      });
      expect((await send(s.app, body, { ip: '198.51.100.66' })).status).toBe(201);
      if (n === 0) await s.runner.drain();
    }
    await send(s.app, validReport(s.key, undefined, { url: 'https://news.example/zz-other' }), {
      ip: '198.51.100.7',
    });
    await s.runner.drain();
    const groups = await groupsOf(s.siteId);
    expect(groups.filter((g) => g.spam_signals.includes('flood'))).toHaveLength(pages);
    expect(groups.at(-1)?.spam_signals).toEqual([]);
  });
});
