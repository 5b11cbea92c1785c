/** Words for statuses and kinds, in one place so tabs, buttons and history agree. */
import type { ReportKind, ReportStatus } from '../contract/report.js';

/** Tab and badge names of each status. */
export const STATUS_LABELS: Readonly<Record<ReportStatus, string>> = {
  new: 'New',
  fixed: 'Fixed',
  dismissed: 'Dismissed',
  spam: 'Spam',
};

/** The button that moves a report to each status. */
export const STATUS_ACTIONS: Readonly<Record<ReportStatus, string>> = {
  new: 'Back to new',
  fixed: 'Mark fixed',
  dismissed: 'Dismiss',
  spam: 'Mark spam',
};

/** The past tense for announcements ("2 reports marked fixed"). */
export const STATUS_DONE: Readonly<Record<ReportStatus, string>> = {
  new: 'moved back to new',
  fixed: 'marked fixed',
  dismissed: 'dismissed',
  spam: 'marked spam',
};

/** How each report kind is named in filters and cards. */
export const KIND_LABELS: Readonly<Record<ReportKind, string>> = {
  typo: 'Typo',
  fact: 'Fact',
  link: 'Link',
  other: 'Other',
};

/** The triage keys: one per target status. */
export const STATUS_KEYS: Readonly<Record<string, ReportStatus>> = {
  f: 'fixed',
  d: 'dismissed',
  s: 'spam',
  n: 'new',
};
