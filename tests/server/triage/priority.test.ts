import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { FRESH_ARTICLE_HOURS, reasonsFor } from '../../../server/triage/reasons.js';
import { describeEachDialect } from '../../helpers/databases.js';

const NOW = new Date('2026-11-29T12:00:00.000Z');
const HOUR = 3_600_000;
const ago = (hours: number) => new Date(NOW.getTime() - hours * HOUR);

/** The facts misprint_priority reads, per case. */
interface Facts {
  readers: number;
  unknownWord?: boolean;
  signals?: string[];
  published?: Date | null;
  lastReceived?: Date;
}

describeEachDialect('misprint_priority', (t) => {
  async function priority(f: Facts): Promise<number> {
    const spelling =
      f.unknownWord === undefined ? null : JSON.stringify({ known: !f.unknownWord, suggestions: [] });
    const result = await sql<{ p: number }>`
      SELECT misprint_priority(${f.readers}::int, ${spelling}::jsonb, ${f.signals ?? []}::text[],
                               ${f.published ?? null}::timestamptz, ${f.lastReceived ?? NOW}::timestamptz) AS p`.execute(
      t().db,
    );
    return Number(result.rows[0]?.p);
  }

  it('orders a table of cases as an editor would want them', async () => {
    const cases: Array<[string, Facts]> = [
      [
        '8 readers, not in the dictionary, article an hour old',
        { readers: 8, unknownWord: true, published: ago(1) },
      ],
      ['8 readers', { readers: 8, unknownWord: false }],
      ['1 reader, article an hour old', { readers: 1, published: ago(1) }],
      ['1 reader, not in the dictionary', { readers: 1, unknownWord: true }],
      ['1 reader', { readers: 1 }],
      ['1 reader, old article', { readers: 1, published: ago(24 * 400) }],
      ['5 readers, a link in the comment', { readers: 5, signals: ['link'] }],
      ['1 reader, 12 hours earlier', { readers: 1, lastReceived: ago(12) }],
      ['1 reader, a flooding sender with links', { readers: 1, signals: ['flood', 'link'] }],
    ];
    const ranked = await Promise.all(cases.map(async ([name, f]) => ({ name, p: await priority(f) })));
    const order = [...ranked].sort((a, b) => b.p - a.p).map((r) => r.name);
    expect(order).toEqual([
      '8 readers, not in the dictionary, article an hour old',
      '8 readers',
      '1 reader, article an hour old',
      '1 reader, not in the dictionary',
      '1 reader',
      '1 reader, old article',
      '5 readers, a link in the comment',
      '1 reader, 12 hours earlier',
      '1 reader, a flooding sender with links',
    ]);
    // An old article neither gains nor loses: only freshness adds.
    expect(ranked[5]?.p).toBe(ranked[4]?.p);
  });

  it('grows with each doubling of readers by the same step', async () => {
    const [one, two, four] = await Promise.all([1, 2, 4].map((readers) => priority({ readers })));
    expect((two ?? 0) - (one ?? 0)).toBeCloseTo(6);
    expect((four ?? 0) - (two ?? 0)).toBeCloseTo(6);
  });

  it('rewards a fresh article until the window reasons.ts names, and not after', async () => {
    const none = await priority({ readers: 1 });
    const inside = { readers: 1, published: ago(FRESH_ARTICLE_HOURS - 1) };
    const outside = { readers: 1, published: ago(FRESH_ARTICLE_HOURS) };
    expect(await priority(inside)).toBeGreaterThan(none);
    expect(await priority(outside)).toBe(none);
    const facts = (published: Date) => ({
      readers: 1,
      spelling: null,
      spamSignals: [],
      pagePublishedAt: published,
      lastReceivedAt: NOW,
    });
    expect(reasonsFor(facts(ago(FRESH_ARTICLE_HOURS - 1)), NOW)).toEqual(['article published 2 days ago']);
    expect(reasonsFor(facts(ago(FRESH_ARTICLE_HOURS)), NOW)).toEqual([]);
  });

  it('is a function of the facts alone: the same facts give the same number at any time', async () => {
    const first = await priority({ readers: 3, unknownWord: true });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await priority({ readers: 3, unknownWord: true })).toBe(first);
  });
});
