/**
 * What the API answers, as schemas: the dashboard checks every answer with them, the server's
 * OpenAPI document is generated from them (each exported `XSchema` is the component `X`), and each
 * is proved equal to its type in api.ts or report.ts at compile time, so none of the three can drift.
 * `zod/mini` because the dashboard bundles this file and mini is tree-shaken to what is used. The
 * widget never imports it (DESIGN: no validation library in the widget).
 */
import * as z from 'zod/mini';
import {
  type ApiToken,
  type BlockedReader,
  type CreatedApiToken,
  type DailyStats,
  EMAIL_CHOICES,
  type Invitation,
  type InvitationPreview,
  type Me,
  type Member,
  type NotificationSettings,
  PAGE_CHECK_RESULTS,
  type Page,
  type PageCheck,
  type RateLimits,
  type RecheckResult,
  type ReportDetail,
  type ReportEvent,
  type ReportItem,
  ROLES,
  type RouteRule,
  type RouteTestResult,
  type Site,
  type SiteSettings,
  type Spelling,
  type StatusChangeResult,
  type StatusCounts,
  TOKEN_SCOPES,
  type User,
} from './api.js';
import { ERROR_STATUS, type ErrorBody, type ErrorCode } from './errors.js';
import {
  READER_STATUSES,
  REPORT_KINDS,
  REPORT_STATUSES,
  type ReportAccepted,
  type ReportStatus,
  type StatusAnswer,
  type TextPosition,
  type TextQuote,
} from './report.js';
import type { Same } from './same-type.js';

export * from './channel-schemas.js';

/** An id made by the database; `format` annotates it, the dashboard does not insist. */
const id = z.string().check(z.meta({ format: 'uuid' }));
/** An instant as the API writes it: `Date#toISOString()` (UTC, `Z`). */
const instant = z.iso.datetime();
/** A count of reports or groups. */
const count = z.int().check(z.minimum(0));
const role = z.enum(ROLES);
const status = z.enum(REPORT_STATUSES);

/** A person who can sign in. */
export const UserSchema = z.object({ id, email: z.string(), name: z.nullable(z.string()) });

/** `GET /me`, and the answer to signing in. */
export const MeSchema = z.object({
  user: UserSchema,
  csrfToken: z
    .nullable(z.string())
    .check(z.meta({ description: 'Send back as X-CSRF-Token on unsafe requests; null for API tokens.' })),
});

/** A site's rate limits. */
export const RateLimitsSchema = z.object({
  clientPerMinute: z.int(),
  clientPerDay: z.int(),
  sitePerMinute: z.int(),
  nullOriginPerMinute: z.int(),
});

/** A routing rule. */
export const RouteRuleSchema = z.object({
  author: z.optional(z.string()),
  section: z.optional(z.string()),
  assignee: id,
});

/** A site's settings. */
export const SiteSettingsSchema = z.object({
  maxSelection: z.int(),
  rateLimits: RateLimitsSchema,
  cmsUrlTemplate: z.nullable(z.string()),
  routes: z.array(RouteRuleSchema),
  retentionDays: z.nullable(z.int()),
  timezone: z.string(),
});

/** A site as its members see it. */
export const SiteSchema = z.object({
  id,
  key: z.string().check(z.meta({ description: 'The public key for data-site; not a secret.' })),
  name: z.string(),
  origins: z.array(z.string()),
  settings: SiteSettingsSchema,
  role,
  snippet: z.string().check(z.meta({ description: 'The script tag to paste into the site.' })),
  createdAt: instant,
});

/** W3C TextQuoteSelector. */
export const TextQuoteSchema = z.object({ exact: z.string(), prefix: z.string(), suffix: z.string() });

/** W3C TextPositionSelector. */
export const TextPositionSchema = z.object({ start: count, end: count });

/** The dictionary's verdict on a quote. */
export const SpellingSchema = z.object({ known: z.boolean(), suggestions: z.array(z.string()) });

/** The last re-check of a group's page. */
export const PageCheckSchema = z.object({ at: instant, result: z.enum(PAGE_CHECK_RESULTS) });

/** One report (the newest of its group in the inbox). */
export const ReportItemSchema = z.object({
  id,
  siteId: id,
  siteName: z.string(),
  groupId: id,
  url: z.string(),
  title: z.nullable(z.string()),
  lang: z.nullable(z.string()),
  quote: TextQuoteSchema,
  position: z.nullable(TextPositionSchema),
  suggestion: z.nullable(z.string()),
  comment: z.nullable(z.string()),
  kind: z.enum(REPORT_KINDS),
  status,
  note: z.nullable(z.string()),
  groupCount: z.int().check(z.minimum(1)),
  assignee: z.nullable(UserSchema),
  author: z.nullable(z.string()),
  section: z.nullable(z.string()),
  receivedAt: instant,
  updatedAt: instant,
  priority: z.number().check(
    z.meta({
      description: 'The sort=priority key, higher first; it changes only when facts about the group do.',
    }),
  ),
  reasons: z.array(z.string()),
  spelling: z.nullable(SpellingSchema),
  check: z.nullable(PageCheckSchema),
  originNull: z.boolean(),
});

/** `POST /sites/:siteId/recheck`: groups by outcome (`checked` is the sum of the others). */
export const RecheckResultSchema = z.object({
  checked: count,
  fixed: count,
  stillThere: count,
  changed: count,
  unreachable: count,
});

/** A reader blocked on a site (by a keyed tag, never an address) until `expiresAt`. */
export const BlockedReaderSchema = z.object({
  id,
  reportId: z.nullable(id),
  createdAt: instant,
  expiresAt: instant,
});

/** One status change in a report's history. */
export const ReportEventSchema = z.object({
  id,
  reportId: id,
  actor: z.nullable(UserSchema),
  from: status,
  to: status,
  assignee: z.optional(z.object({ from: z.nullable(UserSchema), to: z.nullable(UserSchema) })),
  note: z.nullable(z.string()),
  at: instant,
});

/** `GET /reports/:id`. */
export const ReportDetailSchema = z.extend(ReportItemSchema, { events: z.array(ReportEventSchema) });

/** A keyset page of inbox items. */
export const ReportPageSchema = z.object({
  items: z.array(ReportItemSchema),
  nextCursor: z.nullable(z.string()),
});

/** The four statuses, each with a count: the shape of counts and of each day of the stats. */
const perStatus = {
  new: count,
  fixed: count,
  dismissed: count,
  spam: count,
} satisfies Record<ReportStatus, typeof count>;

/** Groups per status. */
export const StatusCountsSchema = z.object(perStatus);

/** How many reports a status change moved. */
export const StatusChangeResultSchema = z.object({
  updated: count,
  action: z.nullable(id).check(z.meta({ description: 'Pass to POST /undo; null when nothing changed.' })),
});

/** Which rule would route an example page. */
export const RouteTestResultSchema = z.object({ rule: z.nullable(count), assignee: z.nullable(UserSchema) });

/** Time to fix of groups fixed in the window, in seconds. */
const timeToFix = { groups: count, median: z.nullable(z.number()), p90: z.nullable(z.number()) };

/** Reports per UTC day, by current status. */
export const DailyStatsSchema = z.object({
  days: z.array(z.object({ date: z.iso.date(), ...perStatus })),
  timeToFix: z.object({
    ...timeToFix,
    byAuthor: z.array(z.object({ ...timeToFix, name: z.string() })),
    bySection: z.array(z.object({ ...timeToFix, name: z.string() })),
  }),
  openPages: z.array(z.object({ url: z.string(), title: z.nullable(z.string()), groups: count })),
});

/** A member of a site. */
export const MemberSchema = z.object({ user: UserSchema, role, createdAt: instant });

/** An invitation; `url` only in the answer that created it. */
export const InvitationSchema = z.object({
  id,
  role,
  email: z.nullable(z.string()),
  expiresAt: instant,
  createdAt: instant,
  url: z.optional(z.string()),
  mailed: z.optional(
    z.boolean().check(z.meta({ description: 'Only when created: whether the link was mailed to `email`.' })),
  ),
});

/** The caller's own e-mail choice for a site. */
export const NotificationSettingsSchema = z.object({
  email: z.enum(EMAIL_CHOICES),
  emailConfigured: z.boolean(),
});

/** What an invitation link offers. */
export const InvitationPreviewSchema = z.object({ siteName: z.string(), role, expiresAt: instant });

/** An API token's metadata. */
export const ApiTokenSchema = z.object({
  id,
  name: z.string(),
  scope: z.enum(TOKEN_SCOPES),
  createdAt: instant,
  lastUsedAt: z.nullable(instant),
  expiresAt: z.nullable(instant),
});

/** A new API token with its secret, shown once. */
export const CreatedApiTokenSchema = z.extend(ApiTokenSchema, {
  token: z.string().check(z.meta({ description: 'The secret; shown only in this answer.' })),
});

/** An accepted report (`POST /api/v1/reports`). */
export const ReportAcceptedSchema = z.object({ id, status, duplicates: count });

/** What became of the reports a reader sent (`POST /api/v1/reports/status`). */
export const StatusAnswerSchema = z.object({ statuses: z.record(z.string(), z.enum(READER_STATUSES)) });

const errorCodes = Object.keys(ERROR_STATUS).filter((code): code is ErrorCode => code in ERROR_STATUS);

/** `{"error": {"code", "message", "issues"?}}`: the body of every non-2xx answer of every route. */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.literal(errorCodes),
    message: z.string(),
    issues: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
  }),
});

// Compile-time proofs that each schema parses to exactly its contract type.
const exact: [
  Same<z.output<typeof UserSchema>, User>,
  Same<z.output<typeof MeSchema>, Me>,
  Same<z.output<typeof RateLimitsSchema>, RateLimits>,
  Same<z.output<typeof SiteSettingsSchema>, SiteSettings>,
  Same<z.output<typeof SiteSchema>, Site>,
  Same<z.output<typeof TextQuoteSchema>, TextQuote>,
  Same<z.output<typeof TextPositionSchema>, TextPosition>,
  Same<z.output<typeof SpellingSchema>, Spelling>,
  Same<z.output<typeof PageCheckSchema>, PageCheck>,
  Same<z.output<typeof ReportItemSchema>, ReportItem>,
  Same<z.output<typeof RecheckResultSchema>, RecheckResult>,
  Same<z.output<typeof BlockedReaderSchema>, BlockedReader>,
  Same<z.output<typeof ReportEventSchema>, ReportEvent>,
  Same<z.output<typeof ReportDetailSchema>, ReportDetail>,
  Same<z.output<typeof ReportPageSchema>, Page<ReportItem>>,
  Same<z.output<typeof StatusCountsSchema>, StatusCounts>,
  Same<z.output<typeof StatusChangeResultSchema>, StatusChangeResult>,
  Same<z.output<typeof DailyStatsSchema>, DailyStats>,
  Same<z.output<typeof MemberSchema>, Member>,
  Same<z.output<typeof InvitationSchema>, Invitation>,
  Same<z.output<typeof InvitationPreviewSchema>, InvitationPreview>,
  Same<z.output<typeof ApiTokenSchema>, ApiToken>,
  Same<z.output<typeof CreatedApiTokenSchema>, CreatedApiToken>,
  Same<z.output<typeof ReportAcceptedSchema>, ReportAccepted>,
  Same<z.output<typeof StatusAnswerSchema>, StatusAnswer>,
  Same<z.output<typeof RouteRuleSchema>, RouteRule>,
  Same<z.output<typeof RouteTestResultSchema>, RouteTestResult>,
  Same<z.output<typeof ErrorBodySchema>, ErrorBody>,
  Same<z.output<typeof NotificationSettingsSchema>, NotificationSettings>,
] = [
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
];
void exact;
