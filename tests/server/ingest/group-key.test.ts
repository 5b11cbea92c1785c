import { describe, expect, it } from 'vitest';
import { type GroupKeyInput, groupKey, pageOf } from '../../../server/ingest/group-key.js';

const base: GroupKeyInput = {
  siteId: 'site-1',
  url: 'https://news.example/budget',
  quote: { exact: 'recieved', prefix: 'Yesterday the council has ', suffix: ' the draft budget on Monday' },
};
const withQuote = (quote: Partial<GroupKeyInput['quote']>) =>
  groupKey({ ...base, quote: { ...base.quote, ...quote } });

describe('groupKey', () => {
  it('is a fixed-length versioned hash', () => {
    expect(groupKey(base)).toMatch(/^v1:[A-Za-z0-9_-]{43}$/);
  });

  it('groups selections that differ only in whitespace or in distant context', () => {
    expect(withQuote({ prefix: 'the council has ' })).toBe(groupKey(base));
    expect(withQuote({ prefix: 'Long ago, yesterday the  council\nhas ', suffix: ' the draft budget' })).toBe(
      groupKey(base),
    );
    expect(withQuote({ exact: ' recieved\n' })).toBe(groupKey(base));
  });

  it('separates other sites, pages, texts and places on the page', () => {
    const key = groupKey(base);
    expect(groupKey({ ...base, siteId: 'site-2' })).not.toBe(key);
    expect(groupKey({ ...base, url: 'https://news.example/other' })).not.toBe(key);
    expect(withQuote({ exact: 'Recieved' })).not.toBe(key);
    expect(withQuote({ suffix: ' the final budget' })).not.toBe(key);
    expect(withQuote({ prefix: 'the mayor has ' })).not.toBe(key);
  });

  it('keeps a whitespace-only selection distinct from nothing', () => {
    expect(withQuote({ exact: '  ' })).not.toBe(withQuote({ exact: ' ' }));
  });
});

describe('pageOf', () => {
  it('drops fragments and tracking parameters but keeps the rest of the query', () => {
    expect(pageOf('https://news.example/a?id=7&utm_source=x&UTM_Medium=y&fbclid=z#top')).toBe(
      'https://news.example/a?id=7',
    );
    expect(pageOf('https://news.example/a?page=2')).not.toBe(pageOf('https://news.example/a?page=3'));
  });
});
