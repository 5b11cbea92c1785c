import { describe, expect, it } from 'vitest';
import { BACKOFF_MAX_MS, BACKOFF_START_MS, backoffDelay } from '../../../server/jobs/backoff.js';

describe('backoffDelay', () => {
  it('starts at 30 s and doubles, within the upper half of each step', () => {
    for (const [attempts, step] of [
      [1, 30_000],
      [2, 60_000],
      [3, 120_000],
      [6, 960_000],
    ] as const) {
      expect(backoffDelay(attempts, () => 0)).toBe(step / 2);
      expect(backoffDelay(attempts, () => 0.999_999)).toBeLessThanOrEqual(step);
      expect(backoffDelay(attempts, () => 0.999_999)).toBeGreaterThan(step * 0.99);
    }
    expect(BACKOFF_START_MS).toBe(30_000);
  });

  it('never waits more than 6 hours', () => {
    expect(backoffDelay(40, () => 0.999_999)).toBeLessThanOrEqual(BACKOFF_MAX_MS);
    expect(backoffDelay(40, () => 0)).toBe(BACKOFF_MAX_MS / 2);
  });
});
