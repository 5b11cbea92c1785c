import { expect, it } from 'vitest';
import { timeAgo } from '../../dashboard/time.js';

const now = Date.parse('2026-03-10T12:00:00Z');

it('says how long ago a report arrived in the largest whole unit', () => {
  const format = (unit: Intl.RelativeTimeFormatUnit, value: number) =>
    new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' }).format(value, unit);
  expect(timeAgo('2026-03-10T09:00:00Z', now)).toBe(format('hour', -3));
  expect(timeAgo('2026-03-10T11:58:00Z', now)).toBe(format('minute', -2));
  expect(timeAgo('2026-03-08T12:00:00Z', now)).toBe(format('day', -2));
  expect(timeAgo('2026-03-10T11:59:59Z', now)).toBe(format('second', -1));
});
