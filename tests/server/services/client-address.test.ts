import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientAddress, clientKey, UNKNOWN_CLIENT } from '../../../server/services/client-address.js';

describe('clientKey', () => {
  it('keeps IPv4 addresses', () => {
    expect(clientKey(' 203.0.113.9 ')).toBe('203.0.113.9');
  });

  it('limits IPv6 clients by their /64 network', () => {
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('treats IPv4-mapped IPv6 addresses as IPv4', () => {
    expect(clientKey('::ffff:198.51.100.4')).toBe('198.51.100.4');
    expect(clientKey('::ffff:c633:6404')).toBe('198.51.100.4');
  });

  it('refuses what is not an address', () => {
    for (const value of ['', 'unknown', '203.0.113', '1.2.3.4:80', 'evil.example', '::g']) {
      expect(clientKey(value), value).toBeNull();
    }
  });
});

describe('clientAddress', () => {
  function addressOf(headers: Record<string, string>, trustProxy: boolean): Promise<string> {
    const app = new Hono();
    app.get('/', (c) => c.text(clientAddress(c, trustProxy)));
    return Promise.resolve(app.request('/', { headers })).then((r) => r.text());
  }

  it('takes the rightmost X-Forwarded-For entry behind a trusted proxy', async () => {
    expect(await addressOf({ 'X-Forwarded-For': '1.1.1.1, 203.0.113.5' }, true)).toBe('203.0.113.5');
    expect(await addressOf({ 'X-Forwarded-For': '203.0.113.5' }, true)).toBe('203.0.113.5');
  });

  it('ignores X-Forwarded-For without a trusted proxy', async () => {
    expect(await addressOf({ 'X-Forwarded-For': '203.0.113.5' }, false)).toBe(UNKNOWN_CLIENT);
  });

  it('falls back to one shared bucket when no address is known', async () => {
    expect(await addressOf({ 'X-Forwarded-For': 'garbage' }, true)).toBe(UNKNOWN_CLIENT);
    expect(await addressOf({}, true)).toBe(UNKNOWN_CLIENT);
  });

  it('uses the socket address when served by node', async () => {
    const app = new Hono();
    app.get('/', (c) => c.text(clientAddress(c, false)));
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    try {
      await new Promise((resolve) => server.once('listening', resolve));
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { 'X-Forwarded-For': '203.0.113.5' } });
      expect(await res.text()).toBe('127.0.0.1');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
