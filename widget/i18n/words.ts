/**
 * The widget's words in one language, one object per chunk that shows them: each chunk is built
 * once per language with only its own words compiled in (widget/vite.config.ts).
 * `{n}`, `{max}`, `{t}`, `{k}`, `{a}`, `{b}` are filled in by {@link format}.
 */
import type { ReportKind } from '../../contract/report.js';

/**
 * How to report here: `data-misprint-hint` elements, and the hints when nothing or too much is
 * selected (the hint chunk's, so the dialog chunk carries none of them).
 */
export interface HintWords {
  /** `{k}`: the shortcut, e.g. "Ctrl+Enter" or "⌘+Enter". */
  keys: string;
  /** On touch screens, where the report button appears under a selection. */
  tap: string;
  /** The Ctrl key's name on this language's keyboards ("Strg" in German). */
  ctrl: string;
  /** The Enter key's name ("Entrée", "Intro", "Invio"). */
  enter: string;
  /** `{n}`: the selection's length; `{max}`: the limit. */
  long: string;
}

/** Every string the dialog shows. Short on purpose: every first use downloads them. */
export interface DialogWords {
  /** The dialog's title and accessible name (contains "typo" in English). */
  title: string;
  /** Accessible name of the quoted context. */
  context: string;
  /** The correction field's label (contains "Correction" in English). */
  correction: string;
  comment: string;
  kind: string;
  kinds: Record<ReportKind, string>;
  send: string;
  sending: string;
  cancel: string;
  close: string;
  sent: string;
  /** `{n}`: earlier reports of the same text. */
  duplicates: string;
  queued: string;
  /** `{t}`: a relative time from Intl.RelativeTimeFormat ("in 5 minutes"). */
  rateLimited: string;
  invalid: string;
  /** Could neither send nor queue (storage blocked). */
  failed: string;
  rejected: string;
  /** The site refused this page's origin (403 origin_not_allowed): nothing was sent or queued. */
  notSetUp: string;
  cut: string;
}

/** The toast that tells a reader their report was fixed (docs/contract.md, "Readers told"). */
export interface ToldWords {
  /** `{a}`: the reported text; `{b}`: the reader's correction. */
  fixed: string;
  /** `{a}`: the reported text, when the reader suggested no correction. */
  plain: string;
}

/** The report button shown under a selection on touch screens. */
export interface TouchWords {
  button: string;
}

/** Fills `{name}` placeholders. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
}
