/** "in 5 minutes" in the reader's language, for the rate-limit message. */

/** A relative time for a delay in seconds, rounded up to whole minutes (or hours past one). */
export function inTime(seconds: number, lang: string): string {
  const rtf = new Intl.RelativeTimeFormat(lang);
  return seconds > 3600
    ? rtf.format(Math.ceil(seconds / 3600), 'hour')
    : rtf.format(Math.ceil(seconds / 60) || 1, 'minute');
}
