import { describe, expect, it } from 'vitest';
import { MinuteCounter } from '../../../server/ingest/minute-counter.js';

const MINUTE = 60_000;

describe('MinuteCounter', () => {
  it('lets a key through up to the limit in a minute, then says how many seconds are left', () => {
    const counter = new MinuteCounter(2);
    const at = 10 * MINUTE + 15_000;
    expect(counter.hit('a', at)).toBeNull();
    expect(counter.hit('a', at)).toBeNull();
    expect(counter.hit('a', at)).toBe(45);
    expect(counter.hit('b', at), 'another key has its own count').toBeNull();
    expect(counter.hit('a', 11 * MINUTE), 'the next minute starts afresh').toBeNull();
  });

  it('counts no new key past its size in one minute, so memory stays bounded', () => {
    const counter = new MinuteCounter(1, 2);
    expect(counter.hit('a', 0)).toBeNull();
    expect(counter.hit('b', 0)).toBeNull();
    expect(counter.hit('c', 0)).toBeNull();
    expect(counter.hit('c', 0), 'uncounted, so never refused').toBeNull();
    expect(counter.hit('a', 0), 'counted keys stay counted').toBe(60);
  });
});
