/**
 * The readers-told chunk (`told-<lang>`, docs/contract.md "Readers told"). The loader imports it once the
 * page is idle, only when the reader has reports to ask about on this site and the last question
 * is 10 minutes old; a page view without them loads nothing. It asks about the reports sent before
 * this page view, thanks the reader once for each that was fixed, and forgets fixed and closed ones.
 */
import { format, type ToldWords } from './i18n/words.js';
import { isRtl } from './lang.js';
import { pageStorage } from './queue.js';
import { ASK_EVERY_MS, readSent, SENT_TTL_MS, type Sent, writeSent } from './sent.js';
import { askStatuses } from './status.js';
import type { ToldChunk, Widget } from './types.js';
import { showToast } from './ui/toast.js';

/** Quoted text longer than this is cut in the toast: it names the typo, it does not reprint the page. */
const QUOTE_MAX = 60;

function short(text: string): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length > QUOTE_MAX ? `${chars.slice(0, QUOTE_MAX - 1).join('')}…` : chars.join('');
}

/** The toast's line for one fixed report. */
export function thanks(words: ToldWords, report: Sent): string {
  const values = { a: short(report.exact), b: short(report.fix ?? '') };
  return format(report.fix ? words.fixed : words.plain, values);
}

/** Asks once about `widget`'s site and tells the reader what was fixed. */
export async function tell(widget: Widget, words: ToldWords, now: () => number = Date.now): Promise<void> {
  const storage = pageStorage();
  const { site, endpoint, lang, nonce } = widget.config;
  if (!storage) return;
  const fresh = (report: Sent) => now() - report.at < SENT_TTL_MS;
  const remembered = readSent(storage, site).filter(fresh);
  // Never on the page view that sent them: the reader has just been thanked there.
  const earlier = remembered.filter((report) => report.at < performance.timeOrigin);
  if (earlier.length === 0) return writeSent(storage, site, remembered);
  // Set before asking, so other tabs opening now do not ask as well.
  writeSent(storage, site, remembered, now() + ASK_EVERY_MS);

  const statuses = await askStatuses(endpoint, { site, ids: earlier.map((report) => report.id) });
  if (!statuses) return;
  const fixed = earlier.filter((report) => statuses.get(report.id) === 'fixed');
  const open = (report: Sent) => statuses.get(report.id) === 'open' || !statuses.has(report.id);
  const settled = new Set(earlier.filter((report) => !open(report)).map((report) => report.id));
  // Re-read: a report sent from another tab meanwhile must not be forgotten.
  writeSent(
    storage,
    site,
    readSent(storage, site).filter((report) => fresh(report) && !settled.has(report.id)),
  );
  if (fixed.length > 0)
    showToast(
      fixed.map((report) => thanks(words, report)),
      nonce,
      isRtl(lang) ? 'rtl' : 'ltr',
    );
}

/** The chunk for `words`' language. */
export function chunk(words: ToldWords): ToldChunk {
  return (widget) => tell(widget, words);
}
