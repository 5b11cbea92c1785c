/**
 * Wall-clock arithmetic in IANA time zones with the runtime's own tz database (Intl), so a site's
 * "08:00" follows its daylight-saving changes without a library.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let found = formatters.get(zone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, found);
  }
  return found;
}

/** The zone's canonical name (`europe/berlin` → `Europe/Berlin`), or null when the runtime does not know it. */
export function canonicalTimeZone(name: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** A wall-clock date and time in some zone. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** What the clocks in `zone` show at `at`. */
export function wallClock(at: Date, zone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** `YYYY-MM-DD` of a wall-clock date. */
export function isoDay(clock: Pick<WallClock, 'year' | 'month' | 'day'>): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(clock.year, 4)}-${pad(clock.month)}-${pad(clock.day)}`;
}

/**
 * The instant the clocks in `zone` show `hour`:00 on the given date. Two passes over the zone's
 * offset settle a day whose offset changes; an hour skipped by a spring-forward lands an hour later.
 */
export function zonedInstant(
  date: Pick<WallClock, 'year' | 'month' | 'day'>,
  hour: number,
  zone: string,
): Date {
  const wanted = Date.UTC(date.year, date.month - 1, date.day, hour);
  let guess = wanted;
  for (let pass = 0; pass < 2; pass++) {
    const shown = wallClock(new Date(guess), zone);
    const shownMs = Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute, shown.second);
    guess += wanted - shownMs;
  }
  return new Date(guess);
}

/**
 * The latest instant at or before `at` when the clocks in `zone` showed `hour`:00, and that day's
 * date: what a daily job "at 08:00 local" is due for.
 */
export function lastDailyInstant(at: Date, hour: number, zone: string): { day: string; at: Date } {
  const today = wallClock(at, zone);
  const todays = zonedInstant(today, hour, zone);
  if (todays.getTime() <= at.getTime()) return { day: isoDay(today), at: todays };
  const yesterday = new Date(Date.UTC(today.year, today.month - 1, today.day - 1));
  const date = {
    year: yesterday.getUTCFullYear(),
    month: yesterday.getUTCMonth() + 1,
    day: yesterday.getUTCDate(),
  };
  return { day: isoDay(date), at: zonedInstant(date, hour, zone) };
}
