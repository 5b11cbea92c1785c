import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, lastDailyInstant, zonedInstant } from '../../../server/services/time-zones.js';

describe('time zones', () => {
  it('knows IANA names in their canonical spelling and refuses others', () => {
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeNull();
    expect(canonicalTimeZone('')).toBeNull();
  });

  it('finds 08:00 local on either side of a daylight-saving change', () => {
    // Berlin: CEST (UTC+2) until 2026-10-25 03:00, CET (UTC+1) after.
    expect(zonedInstant({ year: 2026, month: 10, day: 24 }, 8, 'Europe/Berlin').toISOString()).toBe(
      '2026-10-24T06:00:00.000Z',
    );
    expect(zonedInstant({ year: 2026, month: 10, day: 25 }, 8, 'Europe/Berlin').toISOString()).toBe(
      '2026-10-25T07:00:00.000Z',
    );
    // New York springs forward on 2026-03-08.
    expect(zonedInstant({ year: 2026, month: 3, day: 8 }, 8, 'America/New_York').toISOString()).toBe(
      '2026-03-08T12:00:00.000Z',
    );
    expect(zonedInstant({ year: 2026, month: 3, day: 8 }, 8, 'Asia/Kolkata').toISOString()).toBe(
      '2026-03-08T02:30:00.000Z',
    );
  });

  it('answers the last 08:00 at or before an instant, with its local date', () => {
    const zone = 'Pacific/Auckland'; // UTC+13 in November: its 08:00 on the 30th is 19:00Z on the 29th
    expect(lastDailyInstant(new Date('2026-11-29T19:00:00Z'), 8, zone)).toEqual({
      day: '2026-11-30',
      at: new Date('2026-11-29T19:00:00Z'),
    });
    expect(lastDailyInstant(new Date('2026-11-29T18:59:59Z'), 8, zone)).toEqual({
      day: '2026-11-29',
      at: new Date('2026-11-28T19:00:00Z'),
    });
    expect(lastDailyInstant(new Date('2027-01-01T07:59:00Z'), 8, 'UTC').day).toBe('2026-12-31');
  });
});
