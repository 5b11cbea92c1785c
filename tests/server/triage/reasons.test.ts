import { describe, expect, it } from 'vitest';
import { reasonsFor } from '../../../server/triage/reasons.js';

const NOW = new Date('2026-11-29T12:00:00Z');
const base = {
  readers: 1,
  spelling: null,
  spamSignals: [],
  pagePublishedAt: null,
  lastReceivedAt: new Date('2026-11-29T11:00:00Z'),
};

describe('reasonsFor', () => {
  it('gives none for a lone reader of an undated page', () => {
    expect(reasonsFor(base, NOW)).toEqual([]);
  });

  it('names readers, the dictionary and a fresh article, then spam signals', () => {
    expect(
      reasonsFor(
        {
          readers: 5,
          spelling: { known: false, suggestions: ['received'] },
          spamSignals: ['flood', 'link'],
          pagePublishedAt: new Date('2026-11-29T10:00:00Z'),
          lastReceivedAt: new Date('2026-11-29T11:00:00Z'),
        },
        NOW,
      ),
    ).toEqual([
      '5 readers',
      'not in the dictionary',
      'article published 2 h ago',
      'link or markup in the comment',
      'sender reported many pages',
    ]);
  });

  it('says nothing of an article that was old when reported, or of known words', () => {
    expect(
      reasonsFor(
        {
          ...base,
          spelling: { known: true, suggestions: [] },
          pagePublishedAt: new Date('2026-11-20T00:00:00Z'),
        },
        NOW,
      ),
    ).toEqual([]);
  });

  it('gives the article’s age in minutes, hours or days as of now', () => {
    const fresh = (published: string, now: string) =>
      reasonsFor(
        { ...base, pagePublishedAt: new Date(published), lastReceivedAt: new Date(published) },
        new Date(now),
      );
    expect(fresh('2026-11-29T11:25:00Z', '2026-11-29T12:00:00Z')).toEqual(['article published 35 min ago']);
    expect(fresh('2026-11-25T12:00:00Z', '2026-11-29T12:00:00Z')).toEqual(['article published 4 days ago']);
  });
});
