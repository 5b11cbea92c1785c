import { describe, expect, it } from 'vitest';
import { LIMITS, type ReportInput } from '../../../contract/report.js';
import { ApiError } from '../../../server/errors.js';
import { checkSelectionLength, parseReport } from '../../../server/ingest/validate.js';

const valid: ReportInput = {
  site: 'key',
  id: '9b2f6c1e-4a7d-4c3b-9e8f-1a2b3c4d5e6f',
  url: 'https://news.example/a',
  quote: { exact: 'recieved', prefix: 'has ', suffix: ' the' },
};

/** The issues parseReport throws for `body`. */
function issuesOf(body: unknown): { path: string; message: string }[] {
  try {
    parseReport(body);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'invalid_report') return error.issues ?? [];
    throw error;
  }
  throw new Error('expected the report to be refused');
}

describe('parseReport', () => {
  it('accepts the smallest valid report and fills kind', () => {
    expect(parseReport(valid)).toEqual({ ...valid, kind: 'typo' });
  });

  it('lower-cases the id and accepts only UUID version 4', () => {
    expect(parseReport({ ...valid, id: valid.id.toUpperCase() }).id).toBe(valid.id);
    expect(issuesOf({ ...valid, id: '9b2f6c1e-4a7d-1c3b-9e8f-1a2b3c4d5e6f' })).toEqual([
      { path: 'id', message: 'Must be a UUID version 4.' },
    ]);
    expect(issuesOf({ ...valid, id: '9b2f6c1e-4a7d-4c3b-7e8f-1a2b3c4d5e6f' })[0]?.path).toBe('id');
    expect(issuesOf({ ...valid, id: 42 })[0]?.path).toBe('id');
  });

  it('checks the URL limit on the stored, percent-encoded form', () => {
    const base = 'https://news.example/';
    // 2,048 characters as sent, 24,345 once every emoji is percent-encoded.
    const emoji = `${base}${'😀'.repeat(LIMITS.urlMax - base.length)}`;
    expect([...emoji]).toHaveLength(LIMITS.urlMax);
    expect(issuesOf({ ...valid, url: emoji })).toEqual([
      { path: 'url', message: expect.stringContaining('once normalised') },
    ]);
    // Just inside: 168 emoji are 2,016 characters encoded.
    const inside = `${base}${'😀'.repeat(168)}`;
    const stored = parseReport({ ...valid, url: inside }).url;
    expect(stored.length).toBeLessThanOrEqual(LIMITS.urlMax);
    expect(decodeURI(stored)).toBe(inside);
    expect(issuesOf({ ...valid, url: `${inside}😀😀` })[0]?.path).toBe('url');
  });

  it('accepts only absolute http(s) URLs and drops the fragment', () => {
    expect(parseReport({ ...valid, url: 'HTTPS://News.Example/a?b=1#frag' }).url).toBe(
      'https://news.example/a?b=1',
    );
    for (const url of ['ftp://news.example/', '/relative', 'data:text/html,x', 'javascript:alert(1)', '']) {
      expect(issuesOf({ ...valid, url })[0]?.path, url).toBe('url');
    }
    expect(issuesOf({ ...valid, url: `https://news.example/${'a'.repeat(2030)}` })[0]?.path).toBe('url');
  });

  it('NFC-normalises every string before measuring it', () => {
    const report = parseReport({
      ...valid,
      title: 'Cafe\u0301',
      quote: { exact: 'A\u030a', prefix: '', suffix: '' },
    });
    expect(report.title).toBe('Caf\u00e9');
    expect(report.quote.exact).toBe('\u00c5');
  });

  it('keeps language tags, repairs underscores and drops what is not a tag', () => {
    expect(parseReport({ ...valid, lang: 'pt-BR' }).lang).toBe('pt-BR');
    expect(parseReport({ ...valid, lang: 'en_US' }).lang).toBe('en-US');
    expect(parseReport({ ...valid, lang: 'en us' }).lang).toBeUndefined();
    expect(parseReport({ ...valid, lang: '' }).lang).toBeUndefined();
    expect(issuesOf({ ...valid, lang: 'x'.repeat(36) })[0]?.path).toBe('lang');
    expect(issuesOf({ ...valid, lang: 'en\u0000' })[0]?.path).toBe('lang');
  });

  it('requires quote.exact, prefix and suffix', () => {
    expect(issuesOf({ ...valid, quote: { exact: 'x' } }).map((i) => i.path)).toEqual([
      'quote.prefix',
      'quote.suffix',
    ]);
    expect(issuesOf({ ...valid, quote: undefined }).map((i) => i.path)).toEqual(['quote']);
  });

  it('checks positions', () => {
    expect(parseReport({ ...valid, position: { start: 0, end: 8 } }).position).toEqual({ start: 0, end: 8 });
    expect(issuesOf({ ...valid, position: { start: -1, end: 2 } })[0]?.path).toBe('position.start');
    expect(issuesOf({ ...valid, position: { start: 1.5, end: 2 } })[0]?.path).toBe('position.start');
    expect(issuesOf({ ...valid, position: { start: 2, end: 2 ** 31 } })[0]?.path).toBe('position.end');
  });

  it('takes any honeypot string, control characters included, so bots see no 400', () => {
    expect(parseReport({ ...valid, hp: 'spam\u0000' }).hp).toBe('spam\u0000');
  });

  it('refuses what is not an object', () => {
    for (const body of [null, 'text', 3, [valid]]) expect(issuesOf(body)[0]?.path).toBe('');
  });
});

describe('checkSelectionLength', () => {
  it('holds quote.exact to the site’s maximum, never above the wire format’s', () => {
    const report = parseReport({ ...valid, quote: { exact: 'x'.repeat(20), prefix: '', suffix: '' } });
    expect(() => checkSelectionLength(report, 20)).not.toThrow();
    expect(() => checkSelectionLength(report, 19)).toThrow(ApiError);
    const long = parseReport({ ...valid, quote: { exact: 'x'.repeat(1000), prefix: '', suffix: '' } });
    expect(() => checkSelectionLength(long, 5000)).not.toThrow();
  });
});
