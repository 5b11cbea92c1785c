/**
 * The report wire format (`POST /api/v1/reports`), shared by the widget, the dashboard and the server.
 * Only types and frozen constants live here: the widget bundles this file, so nothing heavy may enter.
 */

/** What a reader says is wrong. `typo` is the default when the widget sends nothing. */
export const REPORT_KINDS = ['typo', 'fact', 'link', 'other'] as const;
/** One of {@link REPORT_KINDS}. */
export type ReportKind = (typeof REPORT_KINDS)[number];

/** Where a report is in triage. Every report starts as `new`. */
export const REPORT_STATUSES = ['new', 'fixed', 'dismissed', 'spam'] as const;
/** One of {@link REPORT_STATUSES}. */
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/**
 * Hard caps of the wire format. A site may set a lower `exact` limit; nothing may raise these.
 * 16 KiB of body comfortably holds every field at its maximum in UTF-8 Latin text; far more than a
 * reader ever types, far less than what makes an open endpoint worth abusing.
 */
// Pure: a bundle that imports this file but not LIMITS (the widget's loader) leaves the object out.
export const LIMITS = /* @__PURE__ */ Object.freeze({
  bodyBytes: 16 * 1024,
  exactMax: 1000,
  /** Default per-site maximum selection length, in characters. */
  exactDefault: 300,
  contextMax: 256,
  suggestionMax: 1000,
  commentMax: 2000,
  urlMax: 2048,
  titleMax: 512,
  /** BCP 47 tags are at most 35 characters in practice (RFC 5646 §4.4.1). */
  langMax: 35,
  siteKeyMax: 64,
  /** Each field of `page` (author, section, publication time), in characters. */
  pageFieldMax: 200,
});

/** Characters of context the widget captures on each side of the selection (W3C TextQuoteSelector). */
export const CONTEXT_CHARS = 64;

/** W3C Web Annotation TextQuoteSelector: the selection and the text around it in the same block. */
export interface TextQuote {
  exact: string;
  prefix: string;
  suffix: string;
}

/** W3C Web Annotation TextPositionSelector over the page's text (code units, end exclusive). */
export interface TextPosition {
  start: number;
  end: number;
}

/**
 * What the page says about itself, read by the widget from schema.org JSON-LD or meta tags when it
 * sends: the article's (first) author, its section and its publication time (ISO 8601). Absent
 * fields are omitted. It drives routing a report to the author's desk.
 */
export interface PageMeta {
  author?: string;
  section?: string;
  published?: string;
}

/** The body a widget sends. Optional fields may be absent; the server fills defaults. */
export interface ReportInput {
  /** The site's public key (`data-site`). */
  site: string;
  /** A UUID v4 made by the widget; the idempotency key of every retry. */
  id: string;
  url: string;
  title?: string;
  lang?: string;
  quote: TextQuote;
  position?: TextPosition;
  suggestion?: string;
  comment?: string;
  kind?: ReportKind;
  page?: PageMeta;
  /** Honeypot: a human never fills it. Non-empty means a bot; the answer looks accepted. */
  hp?: string;
}

/** The answer to an accepted report: 201 when stored now, 200 when the `id` was stored before. */
export interface ReportAccepted {
  id: string;
  status: ReportStatus;
  /** Earlier reports of the same text on the same page. */
  duplicates: number;
}

/** Report ids one status question may name (`POST /api/v1/reports/status`, docs/contract.md, "Readers told"). */
export const STATUS_IDS_MAX = 50;

/** What a reader is told of a report: `open` (new), `fixed`, or `closed` (dismissed or spam). */
export const READER_STATUSES = ['open', 'fixed', 'closed'] as const;
/** One of {@link READER_STATUSES}. */
export type ReaderStatus = (typeof READER_STATUSES)[number];

/** The body of `POST /api/v1/reports/status`: the widget asks about reports a reader sent. */
export interface StatusQuestion {
  /** The site's public key (`data-site`). */
  site: string;
  /** At most {@link STATUS_IDS_MAX} report ids (the widget's UUIDs). */
  ids: string[];
}

/** The answer: ids that are not this site's reports are left out. */
export interface StatusAnswer {
  statuses: Record<string, ReaderStatus>;
}
