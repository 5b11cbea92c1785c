/**
 * Readers told (docs/contract.md): what the widget remembers of sent reports, the status question it asks on
 * a later page view, and the thanks it shows once per fixed report.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as en from '../../widget/i18n/en.js';
import {
  ASK_EVERY_MS,
  ASK_PREFIX,
  readSent,
  remember,
  SENT_PREFIX,
  SENT_TTL_MS,
  type Sent,
  writeSent,
} from '../../widget/sent.js';
import { askStatuses } from '../../widget/status.js';
import { tell, thanks } from '../../widget/told.js';
import type { Widget, WidgetConfig } from '../../widget/types.js';

const SITE = 'site-key';
const config: WidgetConfig = {
  site: SITE,
  endpoint: 'https://typos.example/',
  lang: 'en',
  theme: 'auto',
  nonce: '',
  maxSelection: 300,
  notify: true,
};
const widget: Widget = { config, open: vi.fn(), flush: vi.fn(), use: vi.fn() };

/** A report sent `ago` ms before this page view began. */
function sent(id: string, exact: string, fix: string | undefined, ago = 60_000): Sent {
  return { id, exact, ...(fix ? { fix } : {}), at: performance.timeOrigin - ago };
}

const fetchMock = vi.fn<typeof fetch>();

/** The toast's lines, or null when none is shown. */
function toast(): string[] | null {
  const box = document.querySelector('[data-misprint-host]')?.shadowRoot?.querySelector('[role="status"]');
  return box ? [...box.querySelectorAll('p')].map((p) => p.textContent ?? '') : null;
}

beforeEach(() => {
  localStorage.clear();
  fetchMock.mockReset();
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  vi.unstubAllGlobals();
  for (const host of document.querySelectorAll('[data-misprint-host]')) host.remove();
});

describe('remembered reports', () => {
  it('keeps each report once, newest last, and makes the next page view ask', () => {
    remember(localStorage, SITE, sent('a', 'recieved', 'received'));
    remember(localStorage, SITE, sent('b', 'teh', undefined));
    remember(localStorage, SITE, sent('a', 'recieved', 'received'));
    expect(readSent(localStorage, SITE).map((r) => r.id)).toEqual(['b', 'a']);
    expect(localStorage.getItem(ASK_PREFIX + SITE)).toBe('0');
  });

  it('keeps at most 50, one question’s worth', () => {
    for (let i = 0; i < 55; i++) remember(localStorage, SITE, sent(`r${i}`, 'x', undefined));
    const kept = readSent(localStorage, SITE);
    expect(kept).toHaveLength(50);
    expect(kept[0]?.id).toBe('r5');
  });

  it('reads anything unreadable as nothing, and removes both keys when none are left', () => {
    localStorage.setItem(SENT_PREFIX + SITE, '{not json');
    expect(readSent(localStorage, SITE)).toEqual([]);
    localStorage.setItem(SENT_PREFIX + SITE, JSON.stringify([{ id: 1 }, sent('a', 'x', undefined)]));
    expect(readSent(localStorage, SITE).map((r) => r.id)).toEqual(['a']);
    writeSent(localStorage, SITE, []);
    expect(localStorage.getItem(SENT_PREFIX + SITE)).toBeNull();
    expect(localStorage.getItem(ASK_PREFIX + SITE)).toBeNull();
  });
});

describe('askStatuses', () => {
  it('posts the question as text/plain without credentials and keeps only known statuses', async () => {
    fetchMock.mockResolvedValue(
      new Response(JSON.stringify({ statuses: { a: 'fixed', b: 'open', c: 'burnt', d: 3 } }), {
        status: 200,
      }),
    );
    const answer = await askStatuses('https://typos.example/', { site: SITE, ids: ['a', 'b'] });
    expect([...(answer ?? [])]).toEqual([
      ['a', 'fixed'],
      ['b', 'open'],
    ]);
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe('https://typos.example/api/v1/reports/status');
    expect(init).toMatchObject({ method: 'POST', credentials: 'omit' });
    expect(init?.headers).toBeUndefined();
    expect(JSON.parse(String(init?.body))).toEqual({ site: SITE, ids: ['a', 'b'] });
  });

  it('answers null when the server cannot be asked', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    expect(await askStatuses('https://typos.example', { site: SITE, ids: ['a'] })).toBeNull();
    fetchMock.mockResolvedValueOnce(new Response('{"error":{}}', { status: 429 }));
    expect(await askStatuses('https://typos.example', { site: SITE, ids: ['a'] })).toBeNull();
    fetchMock.mockResolvedValueOnce(new Response('<html>', { status: 200 }));
    expect(await askStatuses('https://typos.example', { site: SITE, ids: ['a'] })).toBeNull();
  });
});

describe('thanks', () => {
  it('names the typo and the correction, or the typo alone, cut when long', () => {
    expect(thanks(en.told, sent('a', 'recieved', 'received'))).toBe(
      'Fixed: “recieved” → “received”. Thank you!',
    );
    expect(thanks(en.told, sent('a', 'teh', undefined))).toBe('Fixed: “teh”. Thank you!');
    const long = thanks(en.told, sent('a', `a\n${'b'.repeat(100)}`, undefined));
    expect(long).toBe(`Fixed: “a ${'b'.repeat(57)}…”. Thank you!`);
  });
});

describe('tell', () => {
  const now = () => performance.timeOrigin + 5_000;

  it('asks about earlier reports, thanks once for the fixed one, and forgets fixed and closed ones', async () => {
    writeSent(localStorage, SITE, [
      sent('fixed', 'recieved', 'received'),
      sent('closed', 'colour', 'color'),
      sent('open', 'teh', 'the'),
      sent('unknown', 'adn', 'and'),
    ]);
    fetchMock.mockResolvedValue(
      new Response(JSON.stringify({ statuses: { fixed: 'fixed', closed: 'closed', open: 'open' } })),
    );
    await tell(widget, en.told, now);
    expect(JSON.parse(String(fetchMock.mock.calls[0]?.[1]?.body)).ids).toEqual([
      'fixed',
      'closed',
      'open',
      'unknown',
    ]);
    expect(toast()).toEqual(['Fixed: “recieved” → “received”. Thank you!']);
    expect(readSent(localStorage, SITE).map((r) => r.id)).toEqual(['open', 'unknown']);
    expect(Number(localStorage.getItem(ASK_PREFIX + SITE))).toBe(now() + ASK_EVERY_MS);
  });

  it('thanks for each fixed report in one toast, and removes the keys once nothing is left', async () => {
    writeSent(localStorage, SITE, [sent('a', 'recieved', 'received'), sent('b', 'teh', undefined)]);
    fetchMock.mockResolvedValue(new Response(JSON.stringify({ statuses: { a: 'fixed', b: 'fixed' } })));
    await tell(widget, en.told, now);
    expect(toast()).toEqual(['Fixed: “recieved” → “received”. Thank you!', 'Fixed: “teh”. Thank you!']);
    expect(localStorage.getItem(SENT_PREFIX + SITE)).toBeNull();
    expect(localStorage.getItem(ASK_PREFIX + SITE)).toBeNull();
  });

  it('never asks on the page view that sent the reports', async () => {
    writeSent(localStorage, SITE, [{ id: 'a', exact: 'recieved', at: performance.timeOrigin + 1 }]);
    await tell(widget, en.told, now);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(readSent(localStorage, SITE)).toHaveLength(1);
    expect(localStorage.getItem(ASK_PREFIX + SITE)).toBe('0');
  });

  it('forgets reports older than 30 days without asking about them', async () => {
    writeSent(localStorage, SITE, [sent('old', 'recieved', 'received', SENT_TTL_MS)]);
    await tell(widget, en.told, now);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(localStorage.getItem(SENT_PREFIX + SITE)).toBeNull();
  });

  it('keeps everything, and waits 10 minutes, when the server cannot be asked', async () => {
    writeSent(localStorage, SITE, [sent('a', 'recieved', 'received')]);
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    await tell(widget, en.told, now);
    expect(toast()).toBeNull();
    expect(readSent(localStorage, SITE)).toHaveLength(1);
    expect(Number(localStorage.getItem(ASK_PREFIX + SITE))).toBe(now() + ASK_EVERY_MS);
  });

  it('speaks the page’s language, right to left where it is written so', async () => {
    const ar = await import('../../widget/i18n/ar.js');
    writeSent(localStorage, SITE, [sent('a', 'خطا', 'خطأ')]);
    fetchMock.mockResolvedValue(new Response(JSON.stringify({ statuses: { a: 'fixed' } })));
    await tell({ ...widget, config: { ...config, lang: 'ar' } }, ar.told, now);
    const box = document.querySelector('[data-misprint-host]')?.shadowRoot?.querySelector('[role="status"]');
    expect(box?.getAttribute('dir')).toBe('rtl');
    expect(toast()).toEqual(['تم التصحيح: «خطا» ← «خطأ». شكرًا لك!']);
  });
});
