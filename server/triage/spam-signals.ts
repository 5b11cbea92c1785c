/**
 * Spam signals: what makes a report look like something other than a reader's correction. Each
 * lowers the group's priority (misprint_priority, migrations/0011) and is shown as a reason.
 */
import type { ReportKind } from '../../contract/report.js';

/** The signals, by code as stored in `groups.spam_signals`. */
export const SPAM_SIGNALS = ['link', 'unrelated', 'flood'] as const;
/** One of {@link SPAM_SIGNALS}. */
export type SpamSignal = (typeof SPAM_SIGNALS)[number];

/** How each signal reads on a card. */
export const SPAM_SIGNAL_REASONS: Readonly<Record<SpamSignal, string>> = {
  link: 'link or markup in the comment',
  unrelated: 'correction unrelated to the text',
  flood: 'sender reported many pages',
};

/** Distinct pages one client hash reports on a site in a day beyond which it counts as a flood. */
export const FLOOD_PAGES = 10;

/**
 * A URL, a bare domain with a path or a common TLD, an HTML tag or entity-escaped tag, or BBCode /
 * Markdown link syntax. A reader explaining a typo needs none of these.
 */
const LINK_OR_MARKUP =
  /(?:\bhttps?:\/\/|\bwww\.|\b[a-z0-9-]+\.(?:com|net|org|info|biz|ru|xyz|top|io|co)\b|<\/?[a-z!][^>]*>|&lt;\/?[a-z]|\[\/?(?:url|link|img)\b|\]\(\s*\S+\s*\))/i;

/** Whether a comment carries links or markup. */
export function hasLinkOrMarkup(comment: string | null): boolean {
  return comment !== null && LINK_OR_MARKUP.test(comment);
}

/** Letters and digits, lower-cased, as a multiset. */
function characterCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of text.toLowerCase().normalize('NFC')) {
    if (/[\p{L}\p{N}]/u.test(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return counts;
}

/** Below this share of shared letters, a correction is taken to be about something else. */
export const RELATED_SHARE = 1 / 3;

/**
 * Whether a typo's correction shares too little with the selection to be a correction of it: the
 * letters (and digits) the two have in common, counted with repetition, are less than a third of
 * the longer one. "recieved" → "received" shares all; "teh" → "the" all; "Tuesday" → "Monday"
 * three of seven; "recieved" → "cheap pills at our shop" almost nothing. Corrections of facts or
 * links may legitimately differ entirely, so only typos are judged.
 */
export function isUnrelatedSuggestion(kind: ReportKind, exact: string, suggestion: string | null): boolean {
  if (kind !== 'typo' || suggestion === null || suggestion.trim() === '') return false;
  const a = characterCounts(exact);
  const b = characterCounts(suggestion);
  let shared = 0;
  for (const [c, n] of a) shared += Math.min(n, b.get(c) ?? 0);
  const longer = Math.max(
    [...a.values()].reduce((x, y) => x + y, 0),
    [...b.values()].reduce((x, y) => x + y, 0),
  );
  return longer > 0 && shared / longer < RELATED_SHARE;
}

/** What a report says, as far as the signals read it. */
export interface SignalInput {
  kind: ReportKind;
  exact: string;
  suggestion: string | null;
  comment: string | null;
}

/** The signals one report carries by itself (flooding is a fact about its sender, found apart). */
export function reportSignals(report: SignalInput): SpamSignal[] {
  const signals: SpamSignal[] = [];
  if (hasLinkOrMarkup(report.comment)) signals.push('link');
  if (isUnrelatedSuggestion(report.kind, report.exact, report.suggestion)) signals.push('unrelated');
  return signals;
}
