/** The dialog's words in one language. `{n}`, `{max}`, `{t}` are filled in by {@link format}. */
import type { ReportKind } from '../../contract/report.js';

/** Every string the dialog shows. Short on purpose: each language ships in its own small chunk. */
export interface Messages {
  /** The dialog's title and accessible name (contains "typo" in English: tests rely on it). */
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
  hint: string;
  /** `{n}`: the selection's length; `{max}`: the limit. */
  long: string;
  cut: string;
}

/** Fills `{name}` placeholders. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
}
