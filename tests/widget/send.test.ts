import { describe, expect, it } from 'vitest';
import type { ReportInput } from '../../contract/report.js';
import { type Fetch, postReport, retryAfterSeconds } from '../../widget/send.js';

const REPORT: ReportInput = {
  site: 'key',
  id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  url: 'https://news.example/a',
  quote: { exact: 'tpyo', prefix: 'a ', suffix: ' b' },
};

function answer(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Fetch & { calls: RequestInit[] } {
  const calls: RequestInit[] = [];
  const fetcher = async (_url: string, init: RequestInit) => {
    calls.push(init);
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers });
  };
  return Object.assign(fetcher, { calls });
}

describe('postReport', () => {
  it('sends text/plain JSON without credentials, with keepalive (a CORS simple request)', async () => {
    const fetcher = answer(201, { id: REPORT.id, status: 'new', duplicates: 0 });
    let url = '';
    await postReport('https://typos.example/', REPORT, async (u, init) => {
      url = u;
      return fetcher(u, init);
    });
    const init = fetcher.calls[0]!;
    expect(url).toBe('https://typos.example/api/v1/reports');
    expect(init.method).toBe('POST');
    // No custom header: a string body is sent as text/plain, which keeps it a CORS simple request.
    expect(init.headers).toBeUndefined();
    expect(typeof init.body).toBe('string');
    expect(
      new Request('https://t.example', { method: 'POST', body: String(init.body) }).headers.get(
        'content-type',
      ),
    ).toBe('text/plain;charset=UTF-8');
    expect(init.credentials).toBe('omit');
    expect(init.keepalive).toBe(true);
    expect(JSON.parse(String(init.body))).toEqual(REPORT);
  });

  it('reports duplicates from a 201 or a replayed 200', async () => {
    expect(await postReport('https://t', REPORT, answer(201, { duplicates: 3 }))).toEqual({
      kind: 'sent',
      duplicates: 3,
    });
    expect(await postReport('https://t', REPORT, answer(200, { duplicates: 0 }))).toEqual({
      kind: 'sent',
      duplicates: 0,
    });
  });

  it('says when to retry after a 429', async () => {
    const outcome = await postReport(
      'https://t',
      REPORT,
      answer(429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'Retry-After': '90' }),
    );
    expect(outcome).toEqual({ kind: 'rate-limited', retryAfter: 90 });
  });

  it('passes on why a report is invalid', async () => {
    const body = {
      error: { code: 'invalid_report', message: 'bad', issues: [{ path: 'comment', message: 'too long' }] },
    };
    expect(await postReport('https://t', REPORT, answer(400, body))).toEqual({
      kind: 'invalid',
      message: 'bad',
      issues: [{ path: 'comment', message: 'too long' }],
    });
  });

  it('treats 503, other server errors and network failures as worth retrying', async () => {
    expect(await postReport('https://t', REPORT, answer(503, undefined, { 'Retry-After': '5' }))).toEqual({
      kind: 'unavailable',
      retryAfter: 5,
    });
    expect((await postReport('https://t', REPORT, answer(502, '<html>'))).kind).toBe('unavailable');
    const offline: Fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await postReport('https://t', REPORT, offline)).toEqual({ kind: 'unavailable', retryAfter: null });
  });

  it('treats unknown sites and refused origins as final', async () => {
    const body = { error: { code: 'unknown_site', message: 'No such site' } };
    expect(await postReport('https://t', REPORT, answer(404, body))).toEqual({
      kind: 'rejected',
      code: 'unknown_site',
      message: 'No such site',
    });
  });
});

describe('retryAfterSeconds', () => {
  it('reads delta-seconds and nothing else', () => {
    expect(retryAfterSeconds('120')).toBe(120);
    expect(retryAfterSeconds(' 7 ')).toBe(7);
    expect(retryAfterSeconds('soon')).toBeNull();
    expect(retryAfterSeconds(null)).toBeNull();
  });
});
