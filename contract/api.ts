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
  /**
   * Reports a minute for the whole site that came with `Origin: null` (a sandboxed frame, or a
   * privacy setting): no browser vouched for the page they name, so they get a tighter budget.
   */
  nullOriginPerMinute: number;
}

/**
 * A routing rule (DESIGN.md "Editors' day"): a new group whose page metadata equals the rule's
 * author and/or section (trimmed, case-insensitive) is assigned to `assignee`. A rule names at least
 * one of the two; the first matching rule wins.
 */
export interface RouteRule {
  author?: string;
  section?: string;
  /** The user id of an owner or editor of the site. */
  assignee: string;
}

/** Most routing rules a site may have. */
export const ROUTES_MAX = 100;

/** Settings stored with a site. */
export interface SiteSettings {
  /** Longest selection a reader may report, in characters (≤ LIMITS.exactMax). */
  maxSelection: number;
  rateLimits: RateLimits;
  /** "Edit in CMS" link with a `{url}` placeholder, or null. */
  cmsUrlTemplate: string | null;
  /** Routing rules, in the order they are tried (at most {@link ROUTES_MAX}). */
  routes: RouteRule[];
  /** Days after which closed reports are deleted with their history (≥ RETENTION_DAYS_MIN), or null to keep them. */
  retentionDays: number | null;
  /** The site's IANA time zone (`Europe/Berlin`): daily digests go out at 08:00 there. */
  timezone: string;
}

/** The shortest retention a site may set: a month of closed reports stays for audits and undo. */
export const RETENTION_DAYS_MIN = 30;
/** The longest retention a site may set (a hundred years: effectively "keep"). */
export const RETENTION_DAYS_MAX = 36_500;

/** The defaults every new site starts with (docs/contract.md, "Rate limits"). */
export const DEFAULT_SITE_SETTINGS: SiteSettings = Object.freeze({
  maxSelection: 300,
  rateLimits: Object.freeze({
    clientPerMinute: 10,
    clientPerDay: 100,
    sitePerMinute: 600,
    nullOriginPerMinute: 60,
  }),
  cmsUrlTemplate: null,
  routes: [],
  retentionDays: null,
  timezone: 'UTC',
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
  /** The site's name, so an inbox across sites can say where each card comes from. */
  siteName: string;
  /** The duplicate group's public id (webhooks, export). */
  groupId: string;
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
  /** Who the group is assigned to (an owner or editor of the site), or null. */
  assignee: User | null;
  /** The page's author and section as the group's first report carried them (`page`), or null. */
  author: string | null;
  section: string | null;
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
  /** The report came with `Origin: null`: no browser vouched for the page it names. */
  originNull: boolean;
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

/**
 * One change of a report (who, when): a status move (`from` → `to`), an assignment of its group
 * (`assignee`), or both. An assignment alone has `from` equal to `to`.
 */
export interface ReportEvent {
  id: string;
  reportId: string;
  actor: User | null;
  from: ReportStatus;
  to: ReportStatus;
  /** Present when the group's assignee changed: from whom to whom (null: nobody). */
  assignee?: { from: User | null; to: User | null };
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

/** Orders of the inbox: priority (higher first), newest or oldest newest report first. */
export const INBOX_SORTS = ['priority', 'newest', 'oldest'] as const;
/** One of {@link INBOX_SORTS}. */
export type InboxSort = (typeof INBOX_SORTS)[number];
/** The API's order when a request names none (the dashboard asks for `priority`). */
export const API_DEFAULT_SORT: InboxSort = 'newest';

/**
 * `assignee=` of the inbox: the caller (`me`), nobody (`none`) or a user id. Author and section
 * match the group's page metadata trimmed and case-insensitively, as routing rules do.
 */
export type AssigneeFilter = 'me' | 'none' | (string & {});

/**
 * `GET /sites/:siteId/reports` and `GET /reports` (every site of the caller) query.
 */
export interface ReportQuery {
  status?: ReportStatus;
  kind?: ReportKind;
  q?: string;
  url?: string;
  assignee?: AssigneeFilter;
  author?: string;
  section?: string;
  sort?: InboxSort;
  cursor?: string;
  limit?: number;
}

/**
 * Where counting stops when a text, page or person filter is set (`q`, `url`, `assignee`, `author`,
 * `section`; see {@link isCountCapped}), so a site with a million reports answers a search for a
 * common word in milliseconds instead of counting every match: such a count is exact below the cap,
 * and a count equal to it means "this many or more" ("100+"). Counts by status and kind alone are
 * always exact. The value is what bench/inbox.ts found to keep each counts call within 10 ms at
 * 1,000,000 reports: counting stops after cap ÷ (share of matching groups) groups per status, and
 * beyond a few hundred PostgreSQL's planner also leaves the plan that stops early.
 */
export const COUNT_CAP = 100;

/** Whether counts under these filters stop at {@link COUNT_CAP}. */
export function isCountCapped(
  filters: Pick<ReportQuery, 'q' | 'url' | 'assignee' | 'author' | 'section'>,
): boolean {
  return Boolean(filters.q || filters.url || filters.assignee || filters.author || filters.section);
}

/**
 * `GET /sites/:siteId/reports/counts` and `GET /reports/counts`: report groups per status under the
 * same filters, at most {@link COUNT_CAP} each when {@link isCountCapped}.
 */
export type StatusCounts = Record<ReportStatus, number>;

/**
 * `PATCH /reports/:id` body: a status move and/or an assignment (at least one). With `group` true
 * (the default) the whole duplicate group moves; an assignment is always the whole group's.
 */
export interface StatusChange {
  status?: ReportStatus;
  /** A user id of an owner or editor of the report's site, or null to unassign. */
  assignee?: string | null;
  note?: string;
  group?: boolean;
}

/** `POST /sites/:siteId/reports/bulk` body; each id moves (or is assigned) with its duplicate group. */
export interface BulkStatusChange {
  ids: string[];
  status?: ReportStatus;
  assignee?: string | null;
  note?: string;
}

/** Answer to a triage action: how many reports changed, and the action's id for undoing it. */
export interface StatusChangeResult {
  updated: number;
  /** Pass to `POST /undo`; null when nothing changed. */
  action: string | null;
}

/** How long after a triage action `POST /undo` still takes it back, in milliseconds. */
export const UNDO_WINDOW_MS = 10 * 60 * 1000;

/**
 * `POST /undo` body: triage actions of the caller to take back. Each report and group returns to the
 * status and assignee it had before, unless something else changed it since; both moves are recorded.
 */
export interface UndoInput {
  actions: string[];
}

/** `POST /sites/:siteId/routes/test` body: an example page, and the rules to try (default: the saved ones). */
export interface RouteTest {
  author?: string;
  section?: string;
  routes?: RouteRule[];
}

/** Answer of a rule test: the first matching rule (0-based) and who it assigns, or nulls. */
export interface RouteTestResult {
  rule: number | null;
  assignee: User | null;
}

/** Formats of `GET /sites/:siteId/reports/export`. */
export const EXPORT_FORMATS = ['csv', 'ndjson'] as const;
/** One of {@link EXPORT_FORMATS}. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The columns of an export, in order (DESIGN.md "Export"); NDJSON objects use the same keys. */
export const EXPORT_FIELDS = [
  'id',
  'received_at',
  'status',
  'kind',
  'url',
  'title',
  'lang',
  'exact',
  'prefix',
  'suffix',
  'suggestion',
  'comment',
  'author',
  'section',
  'group_id',
  'group_count',
  'assignee_email',
  'updated_at',
] as const;

/** One exported report (a row, not a group); `group_count` is the inbox card's count. */
export type ExportRow = Record<(typeof EXPORT_FIELDS)[number], string | number | null>;

/**
 * `GET /sites/:siteId/reports/export` query: the inbox's filters (applied to each report) and
 * `from`/`to` (ISO dates or date-times; `to` exclusive, a bare date meaning its UTC midnight).
 */
export interface ExportQuery
  extends Pick<ReportQuery, 'status' | 'kind' | 'q' | 'url' | 'assignee' | 'author' | 'section'> {
  format?: ExportFormat;
  from?: string;
  to?: string;
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
  /** Only in the answer that created it: whether the link was mailed to `email`. */
  mailed?: boolean;
}

/** What an API token may do: `read` tokens are refused (403) on every unsafe method. */
export const TOKEN_SCOPES = ['read', 'write'] as const;
/** One of {@link TOKEN_SCOPES}. */
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** Longest lifetime a token may be given, in days (ten years); no expiry at all is also allowed. */
export const TOKEN_EXPIRY_DAYS_MAX = 3650;

/** An API token's metadata; the secret is only in the answer that created it. */
export interface ApiToken {
  id: string;
  name: string;
  scope: TokenScope;
  createdAt: string;
  /** Updated at most once a minute. */
  lastUsedAt: string | null;
  /** When the token stops working; null: never. */
  expiresAt: string | null;
}

/** `POST /tokens` answer. */
export interface CreatedApiToken extends ApiToken {
  token: string;
}

/** Time to fix of a set of groups fixed in the window, in seconds from the first report to `fixed`. */
export interface TimeToFix {
  /** Groups fixed in the window. */
  groups: number;
  median: number | null;
  p90: number | null;
}

/** Time to fix of the groups of one author or section. */
export interface TimeToFixBy extends TimeToFix {
  name: string;
}

/** A page and how many open (`new`) groups it has. */
export interface OpenPage {
  url: string;
  title: string | null;
  groups: number;
}

/**
 * `GET /sites/:siteId/stats`: reports received per day (UTC) for the last 30 days, by current
 * status; time to fix over the groups fixed in those 30 days, overall and by the page's author and
 * section (the busiest ones, groups without one left out); and the pages with the most open groups.
 */
export interface DailyStats {
  days: Array<{ date: string } & Record<ReportStatus, number>>;
  timeToFix: TimeToFix & { byAuthor: TimeToFixBy[]; bySection: TimeToFixBy[] };
  openPages: OpenPage[];
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

/** `POST /tokens` body (only a session may create tokens). */
export interface ApiTokenInput {
  name: string;
  /** Default `write`. */
  scope?: TokenScope;
  /** 1–{@link TOKEN_EXPIRY_DAYS_MAX}; absent: the token never expires. */
  expiresInDays?: number;
}

/** Fewest characters of a new password (the server also refuses the most common passwords). */
export const PASSWORD_MIN_LENGTH = 10;

/** `POST /me/password` body: the current password proves it is the account's owner at the keyboard. */
export interface PasswordChange {
  current: string;
  password: string;
}

/** `POST /auth/reset` body: where to send a reset link (answered alike whether or not it has an account). */
export interface PasswordResetRequest {
  email: string;
}

/** `POST /auth/reset/:token` body: the new password. */
export interface PasswordReset {
  password: string;
}

/** A member's e-mail choice for a site: none, a mail per new group, or a digest each morning. */
export const EMAIL_CHOICES = ['off', 'instant', 'daily'] as const;
/** One of {@link EMAIL_CHOICES}. */
export type EmailChoice = (typeof EMAIL_CHOICES)[number];

/** `GET|PATCH /sites/:siteId/notifications`: the caller's own e-mail choice for the site. */
export interface NotificationSettings {
  email: EmailChoice;
  /** False when the server has no `SMTP_URL`: nothing is mailed whatever the choice. */
  emailConfigured: boolean;
}

/** `PATCH /sites/:siteId/notifications` body. */
export interface NotificationSettingsInput {
  email: EmailChoice;
}
