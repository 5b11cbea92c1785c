import { describe, expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS } from '../../../contract/api.js';
import { ApiError } from '../../../server/errors.js';
import { mediaType, readLimitedBody, readReportBody } from '../../../server/ingest/body.js';
import { clientHash, utcDay } from '../../../server/ingest/client-hash.js';
import { checkOrigin, vouchedOrigin } from '../../../server/ingest/origin.js';
import type { IngestSite } from '../../../server/ingest/site-cache.js';

describe('mediaType', () => {
  it('drops parameters and case', () => {
    expect(mediaType('Text/Plain; charset=UTF-8')).toBe('text/plain');
    expect(mediaType(null)).toBe('');
  });
});

describe('readLimitedBody', () => {
  const post = (body: string) => new Request('http://x/', { method: 'POST', body });

  it('reads a body of exactly the limit and refuses one byte more', async () => {
    expect((await readLimitedBody(post('abcd'), 4)).byteLength).toBe(4);
    await expect(readLimitedBody(post('abcde'), 4)).rejects.toMatchObject({ code: 'payload_too_large' });
  });

  it('counts bytes, not characters', async () => {
    await expect(readLimitedBody(post('\u00e9\u00e9\u00e9'), 5)).rejects.toBeInstanceOf(ApiError);
  });
});

describe('readReportBody', () => {
  it('answers a client that hangs up mid-body as a bad request, not as a database outage', async () => {
    const reset = Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"site":'));
        controller.error(reset);
      },
    });
    const request = new Request('http://x/', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body,
      duplex: 'half',
    } as RequestInit);
    await expect(readReportBody(request)).rejects.toMatchObject({ code: 'invalid_report', cause: reset });
  });
});

describe('clientHash', () => {
  it('depends on salt, site and client, and contains none of them', () => {
    const hash = clientHash('salt', 'site', '203.0.113.9');
    expect(hash).not.toContain('203.0.113.9');
    expect(clientHash('salt2', 'site', '203.0.113.9')).not.toBe(hash);
    expect(clientHash('salt', 'site2', '203.0.113.9')).not.toBe(hash);
    expect(clientHash('salt', 'site', '203.0.113.8')).not.toBe(hash);
  });

  it('rotates by UTC day', () => {
    expect(utcDay(new Date('2026-03-02T23:59:59.999Z'))).toBe('2026-03-02');
    expect(utcDay(new Date('2026-03-03T00:00:00.000Z'))).toBe('2026-03-03');
  });
});

describe('origin checks', () => {
  const site: IngestSite = {
    id: 's',
    origins: new Set(['https://news.example']),
    settings: DEFAULT_SITE_SETTINGS,
  };

  it('normalises a vouched origin and treats null as none', () => {
    expect(vouchedOrigin('HTTPS://News.Example:443')).toBe('https://news.example');
    expect(vouchedOrigin('null')).toBeNull();
    expect(vouchedOrigin(undefined)).toBeNull();
  });

  it('needs the Origin, or without one the page, on the site’s origins', () => {
    expect(checkOrigin(site, 'https://news.example', 'https://news.example/a')).toBe('https://news.example');
    expect(checkOrigin(site, 'https://news.example', 'https://amp.example/a')).toBe('https://news.example');
    expect(checkOrigin(site, null, 'https://news.example/a')).toBeNull();
    expect(() => checkOrigin(site, 'https://evil.example', 'https://news.example/a')).toThrow(ApiError);
    expect(() => checkOrigin(site, null, 'https://evil.example/a')).toThrow(ApiError);
    expect(() => checkOrigin(site, null, 'http://news.example/a')).toThrow(ApiError);
  });
});
