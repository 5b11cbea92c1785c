import { describe, expect, it } from 'vitest';
import { DenyCache } from '../../../server/ingest/deny-cache.js';
import { TtlCache } from '../../../server/ingest/ttl-cache.js';

describe('TtlCache', () => {
  function cache(maxEntries = 10) {
    let now = 0;
    const c = new TtlCache<string>({ ttlMs: 1000, maxEntries, now: () => now });
    return { c, advance: (ms: number) => (now += ms) };
  }

  it('shares one load between concurrent misses and serves it until it expires', async () => {
    const { c, advance } = cache();
    let loads = 0;
    const load = async () => `v${++loads}`;
    expect(await Promise.all([c.get('k', load), c.get('k', load)])).toEqual(['v1', 'v1']);
    advance(999);
    expect(await c.get('k', load)).toBe('v1');
    advance(1);
    expect(await c.get('k', load)).toBe('v2');
  });

  it('does not cache a failed load', async () => {
    const { c } = cache();
    await expect(c.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await c.get('k', async () => 'up')).toBe('up');
  });

  it('evicts the oldest entry past its size', async () => {
    const { c } = cache(2);
    await c.get('a', async () => 'a1');
    await c.get('b', async () => 'b1');
    await c.get('c', async () => 'c1');
    expect(await c.get('a', async () => 'a2')).toBe('a2');
    expect(await c.get('c', async () => 'c2')).toBe('c1');
  });
});

describe('DenyCache', () => {
  it('refuses a key until the given instant', () => {
    const d = new DenyCache();
    d.deny('k', 1000);
    expect(d.deniedUntil('k', 999)).toBe(1000);
    expect(d.deniedUntil('k', 1000)).toBeNull();
    expect(d.deniedUntil('other', 0)).toBeNull();
  });

  it('stays within its size', () => {
    const d = new DenyCache(2);
    d.deny('a', 10);
    d.deny('b', 10);
    d.deny('c', 10);
    expect(d.deniedUntil('a', 0)).toBeNull();
    expect(d.deniedUntil('c', 0)).toBe(10);
  });
});
