/**
 * Response and request types of the editor API (`/api/v1`), shared by the server and the dashboard.
 * Dates travel as ISO 8601 strings. Additive changes only: the dashboard and users' scripts rely on these.
 */
import type { ReportKind, ReportStatus, TextPosition, TextQuote } from './report.js';

/** Membership roles, strongest first. Owners manage the site, editors triage, viewers only read. */
export const ROLES = ['owner', 'editor', 'viewer'] as const;
/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/** Per-site limits an owner may lower (or, for rate limits, raise). */
export interface RateLimits {
  clientPerMinute: number;
  clientPerDay: number;
  sitePerMinute: number;
}

/** Settings stored with a site. */
export interface SiteSettings {
  /** Longest selection a reader may report, in characters (≤ LIMITS.exactMax). */
  maxSelection: number;
  rateLimits: RateLimits;
  /** "Edit in CMS" link with a `{url}` placeholder, or null. */
  cmsUrlTemplate: string | null;
  /** Days after which closed reports are deleted with their history (≥ RETENTION_DAYS_MIN), or null to keep them. */
  retentionDays: number | null;
}

/** The shortest retention a site may set: a month of closed reports stays for audits and undo. */
export const RETENTION_DAYS_MIN = 30;
/** The longest retention a site may set (a hundred years: effectively "keep"). */
export const RETENTION_DAYS_MAX = 36_500;

/** The defaults every new site starts with (docs/contract.md, "Rate limits"). */
export const DEFAULT_SITE_SETTINGS: SiteSettings = Object.freeze({
  maxSelection: 300,
  rateLimits: Object.freeze({ clientPerMinute: 10, clientPerDay: 100, sitePerMinute: 600 }),
  cmsUrlTemplate: null,
  retentionDays: null,
});

/** A person who can sign in. */
export interface User {
  id: string;
  email: string;
  name: string | null;
}

/** A site as its members see it. */
export interface Site {
  id: string;
  /** Public key for `data-site`; not a secret. */
  key: string;
  name: string;
  /** Origins (`https://news.example`) allowed to send reports. */
  origins: string[];
  settings: SiteSettings;
  /** The caller's role on this site. */
  role: Role;
  /** The `<script>` tag to paste into the site's pages. */
  snippet: string;
  createdAt: string;
}

/** `GET /me`. */
export interface Me {
  user: User;
  /** Send back as `X-CSRF-Token` on unsafe cookie-authenticated requests. Null for bearer tokens. */
  csrfToken: string | null;
}

/** `POST /sites` and `PATCH /sites/:siteId` body. */
export interface SiteInput {
  name: string;
  origins: string[];
  settings?: Partial<Omit<SiteSettings, 'rateLimits'>> & { rateLimits?: Partial<RateLimits> };
}

/** One report as the dashboard shows it. */
export interface ReportItem {
  id: string;
  siteId: string;
  url: string;
  title: string | null;
  lang: string | null;
  quote: TextQuote;
  position: TextPosition | null;
  suggestion: string | null;
  comment: string | null;
  kind: ReportKind;
  status: ReportStatus;
  note: string | null;
  /** Reports that share this one's group key (same text on the same page) and status, itself included. */
  groupCount: number;
  receivedAt: string;
  updatedAt: string;
  /** The inbox's `sort=priority` key (higher first): a number that changes only when facts do. */
  priority: number;
  /** Why the group ranks where it does, as short phrases ("5 readers", "not in the dictionary"). */
  reasons: string[];
  /** The dictionary's verdict on the quote; null for other kinds and languages, or not yet checked. */
  spelling: Spelling | null;
  /** The last re-check of the page that answered; null before any. */
  check: PageCheck | null;
}

/** The reason a group gets for a word the dictionary does not know (cards show it with the suggestions). */
export const DICTIONARY_REASON = 'not in the dictionary';

/** What the dictionary of the report's language says about the selected text. */
export interface Spelling {
  /** Every word of the selection is in the dictionary. */
  known: boolean;
  /** At most 5 corrections of the selection, best first. */
  suggestions: string[];
}

/** What a re-check found on the page: the text still there, gone from its context, or the context gone. */
export const PAGE_CHECK_RESULTS = ['still_there', 'fixed', 'page_changed'] as const;
/** One of {@link PAGE_CHECK_RESULTS}. */
export type PageCheckResult = (typeof PAGE_CHECK_RESULTS)[number];

/** When a group's page was last re-checked, and the outcome. */
export interface PageCheck {
  at: string;
  result: PageCheckResult;
}

/** `POST /sites/:siteId/recheck` body: one page (e.g. just published by a CMS), or every page with open groups. */
export interface RecheckInput {
  url?: string;
}

/**
 * `POST /sites/:siteId/recheck` answer, in groups: `checked` = all the others added up; `fixed`
 * were closed (the typo left its context), `stillThere` unchanged, `changed` marked "page changed",
 * `unreachable` not checked (page refused, too large, too slow, or answering an error).
 */
export interface RecheckResult {
  checked: number;
  fixed: number;
  stillThere: number;
  changed: number;
  unreachable: number;
}

/** A reader blocked on a site (by a report of theirs), until `expiresAt`. */
export interface BlockedReader {
  id: string;
  reportId: string | null;
  createdAt: string;
  expiresAt: string;
}

/** One status change of a report (who, when, from, to). */
export interface ReportEvent {
  id: string;
  reportId: string;
  actor: User | null;
  from: ReportStatus;
  to: ReportStatus;
  note: string | null;
  at: string;
}

/** `GET /reports/:id`. */
export interface ReportDetail extends ReportItem {
  events: ReportEvent[];
}

/** A keyset page. Pass `nextCursor` back as `cursor`; null means the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** `GET /sites/:siteId/reports` query. */
export interface ReportQuery {
  status?: ReportStatus;
  kind?: ReportKind;
  q?: string;
  url?: string;
  cursor?: string;
  limit?: number;
}

/** `GET /sites/:siteId/reports/counts`: report groups per status under the same filters. */
export type StatusCounts = Record<ReportStatus, number>;

/** `PATCH /reports/:id` body. With `group` true (the default) the whole duplicate group moves. */
export interface StatusChange {
  status: ReportStatus;
  note?: string;
  group?: boolean;
}

/** `POST /sites/:siteId/reports/bulk` body; each id moves with its duplicate group. */
export interface BulkStatusChange {
  ids: string[];
  status: ReportStatus;
  note?: string;
}

/** Answer to a status change: how many reports moved. */
export interface StatusChangeResult {
  updated: number;
}

/** A member of a site. */
export interface Member {
  user: User;
  role: Role;
  createdAt: string;
}

/** An invitation by link. `url` is only present in the answer that created it. */
export interface Invitation {
  id: string;
  role: Role;
  email: string | null;
  expiresAt: string;
  createdAt: string;
  url?: string;
}

/** An API token's metadata; the secret is only in the answer that created it. */
export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** `POST /tokens` answer. */
export interface CreatedApiToken extends ApiToken {
  token: string;
}

/** `GET /sites/:siteId/stats`: reports received per day (UTC) for the last 30 days, by current status. */
export interface DailyStats {
  days: Array<{ date: string } & Record<ReportStatus, number>>;
}

/** `POST /auth/login` body. */
export interface LoginInput {
  email: string;
  password: string;
}

/** `PATCH /sites/:siteId/members/:userId` body. */
export interface MemberInput {
  role: Role;
}

/** `POST /sites/:siteId/invitations` body. */
export interface InvitationInput {
  role: Role;
  email?: string;
  expiresInDays?: number;
}

/** `GET /invitations/:token`: what the person opening an invitation link is told. */
export interface InvitationPreview {
  siteName: string;
  role: Role;
  expiresAt: string;
}

/** `POST /invitations/:token/accept` body; empty when already signed in, else the account to use or create. */
export interface InvitationAcceptance {
  email?: string;
  password?: string;
  name?: string;
}

/** `POST /tokens` body. */
export interface ApiTokenInput {
  name: string;
}
