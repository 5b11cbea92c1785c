/**
 * Why a group ranks where it does, in the words a card shows. The terms are those of
 * `misprint_priority` (migrations/0011_triage_help.ts), which computes the number itself; this file
 * only phrases them, and tests/server/triage/priority.test.ts checks that the two agree.
 */
import { DICTIONARY_REASON, type Spelling } from '../../contract/api.js';
import { SPAM_SIGNAL_REASONS, SPAM_SIGNALS } from './spam-signals.js';

/** How long after publication an article still counts as fresh (the priority's 72-hour window). */
export const FRESH_ARTICLE_HOURS = 72;

/** What the priority is computed from. */
export interface GroupFacts {
  /** Distinct readers who reported the text. */
  readers: number;
  spelling: Spelling | null;
  spamSignals: readonly string[];
  pagePublishedAt: Date | null;
  /** The newest report of the item's bucket. */
  lastReceivedAt: Date;
}

const HOUR_MS = 3_600_000;

/** "35 min", "2 h", "3 days": how long ago, in the unit a glance needs. */
function ago(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}

/**
 * The reasons, positive first: more than one reader, a word not in the dictionary, an article
 * that was fresh when reported (its age given as of `now`), then each spam signal.
 */
export function reasonsFor(facts: GroupFacts, now: Date): string[] {
  const reasons: string[] = [];
  if (facts.readers > 1) reasons.push(`${facts.readers} readers`);
  if (facts.spelling?.known === false) reasons.push(DICTIONARY_REASON);
  const published = facts.pagePublishedAt;
  if (published && facts.lastReceivedAt.getTime() - published.getTime() < FRESH_ARTICLE_HOURS * HOUR_MS) {
    reasons.push(`article published ${ago(now.getTime() - published.getTime())} ago`);
  }
  for (const signal of SPAM_SIGNALS) {
    if (facts.spamSignals.includes(signal)) reasons.push(SPAM_SIGNAL_REASONS[signal]);
  }
  return reasons;
}
