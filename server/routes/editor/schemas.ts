/**
 * zod schemas of the editor API's requests, each checked against its contract type with
 * `satisfies`, so the wire types in contract/api.ts and the validation cannot drift apart.
 */
import { z } from 'zod';
import {
  API_DEFAULT_SORT,
  type ApiTokenInput,
  type BulkStatusChange,
  EXPORT_FORMATS,
  type ExportQuery,
  INBOX_SORTS,
  type InvitationAcceptance,
  type InvitationInput,
  type LoginInput,
  type MemberInput,
  RETENTION_DAYS_MAX,
  RETENTION_DAYS_MIN,
  type RecheckInput,
  type ReportQuery,
  ROLES,
  ROUTES_MAX,
  type RouteRule,
  type RouteTest,
  type SiteInput,
  type StatusChange,
  type UndoInput,
} from '../../../contract/api.js';
import { LIMITS, REPORT_KINDS, REPORT_STATUSES } from '../../../contract/report.js';
import { normaliseOrigin } from '../../services/origins.js';

/** Longest e-mail address (RFC 5321 path limit). */
const EMAIL_MAX = 254;
/** scrypt takes any length, but hashing megabytes per attempt would be a cheap denial of service. */
const PASSWORD_MAX = 1024;
/** New passwords: NIST SP 800-63B's minimum for user-chosen secrets. */
const PASSWORD_MIN = 8;
/** Most report ids one bulk change may name (two pages of the inbox and then some). */
export const BULK_MAX = 500;
/** Inbox items per page when the client does not say. */
export const PAGE_DEFAULT = 50;
/** Largest inbox page: a page of groups is one index range scan, but its JSON should stay small. */
export const PAGE_MAX = 100;

const name = z.string().trim().min(1, 'must not be empty').max(200);
const email = z.string().trim().max(EMAIL_MAX).pipe(z.email('must be an e-mail address'));

/** `POST /auth/login`. */
export const LoginSchema = z.object({
  email: z.string().max(EMAIL_MAX),
  password: z.string().max(PASSWORD_MAX),
}) satisfies z.ZodType<LoginInput>;

const origin = z.string().transform((value, ctx) => {
  const normalised = normaliseOrigin(value.trim());
  if (normalised === null) {
    ctx.addIssue({ code: 'custom', message: 'must be an http(s) origin such as https://news.example' });
    return z.NEVER;
  }
  return normalised;
});
const origins = z
  .array(origin)
  .max(50)
  .transform((list) => [...new Set(list)]);

const cmsUrlTemplate = z
  .string()
  .trim()
  .max(LIMITS.urlMax)
  .refine((t) => t.includes('{url}'), 'must contain the {url} placeholder')
  .refine((t) => {
    const example = t.replaceAll('{url}', 'https%3A%2F%2Fnews.example%2F');
    return URL.canParse(example) && /^https?:$/.test(new URL(example).protocol);
  }, 'must be an http(s) URL')
  .nullable();

/** A page's author or section as rules and filters name it: trimmed; empty means none. */
const pageName = z
  .string()
  .trim()
  .max(LIMITS.pageFieldMax)
  .transform((v) => v || undefined);

/** A user id, lower-cased as PostgreSQL prints uuids, so stored rules compare equal. */
const userId = z.uuid().transform((v) => v.toLowerCase());

/** One routing rule; the assignee's role is checked against the site when saved (routes/editor/routes.ts). */
const routeRule = z
  .object({ author: pageName.optional(), section: pageName.optional(), assignee: userId })
  .transform(({ author, section, assignee }) => ({
    ...(author ? { author } : {}),
    ...(section ? { section } : {}),
    assignee,
  }))
  .refine((rule) => rule.author !== undefined || rule.section !== undefined, {
    message: 'a rule needs an author or a section',
    path: ['author'],
  }) satisfies z.ZodType<RouteRule>;

/** A site's routing rules, in the order they are tried. */
export const RoutesSchema = z.array(routeRule).max(ROUTES_MAX);

const settings = z.object({
  maxSelection: z.int().min(1).max(LIMITS.exactMax).optional(),
  cmsUrlTemplate: cmsUrlTemplate.optional(),
  routes: RoutesSchema.optional(),
  retentionDays: z
    .int()
    .min(RETENTION_DAYS_MIN, `must be at least ${RETENTION_DAYS_MIN} days, or null to keep reports`)
    .max(RETENTION_DAYS_MAX)
    .nullable()
    .optional(),
  rateLimits: z
    .object({
      clientPerMinute: z.int().min(1).max(10_000).optional(),
      clientPerDay: z.int().min(1).max(1_000_000).optional(),
      sitePerMinute: z.int().min(1).max(1_000_000).optional(),
    })
    .optional(),
});

/** `POST /sites`. */
export const SiteInputSchema = z.object({
  name,
  origins,
  settings: settings.optional(),
}) satisfies z.ZodType<SiteInput>;

/** `PATCH /sites/:siteId`: any part of a {@link SiteInput}; settings merge into the stored ones. */
export const SitePatchSchema = z.object({
  name: name.optional(),
  origins: origins.optional(),
  settings: settings.optional(),
}) satisfies z.ZodType<Partial<SiteInput>>;

const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));

/** `?status=` from a form means "any", as if the parameter were absent. */
const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);

/** `assignee=`: `me`, `none` or a user id. */
const assigneeFilter = z.preprocess(
  blankToUndefined,
  z.union([z.literal('me'), z.literal('none'), userId]).optional(),
);

/** The inbox's filters, shared by the listing, the counts and the export. */
const inboxFilters = {
  status: z.preprocess(blankToUndefined, z.enum(REPORT_STATUSES).optional()),
  kind: z.preprocess(blankToUndefined, z.enum(REPORT_KINDS).optional()),
  q: optionalText(200),
  url: optionalText(LIMITS.urlMax),
  assignee: assigneeFilter,
  author: pageName.optional(),
  section: pageName.optional(),
};

/** `GET /sites/:siteId/reports` and `GET /reports` (and, without status, sort, cursor and limit, `/counts`). */
export const ReportQuerySchema = z.object({
  ...inboxFilters,
  sort: z.preprocess(blankToUndefined, z.enum(INBOX_SORTS).default(API_DEFAULT_SORT)),
  cursor: optionalText(1000),
  limit: z.coerce.number().int().min(1).max(PAGE_MAX).default(PAGE_DEFAULT),
}) satisfies z.ZodType<ReportQuery>;

/** `from=`/`to=`: an ISO date (its UTC midnight) or date-time with an offset. */
const isoInstant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .transform((value) => new Date(value.length === 10 ? `${value}T00:00:00Z` : value));

/** `GET /sites/:siteId/reports/export`. */
export const ExportQuerySchema = z.object({
  ...inboxFilters,
  format: z.preprocess(blankToUndefined, z.enum(EXPORT_FORMATS).default('csv')),
  from: z.preprocess(blankToUndefined, isoInstant.optional()),
  to: z.preprocess(blankToUndefined, isoInstant.optional()),
}) satisfies z.ZodType<Omit<ExportQuery, 'from' | 'to'> & { from?: Date; to?: Date }>;

const note = z.string().max(LIMITS.commentMax).optional();
/** A new assignee: a user id, or null for nobody. */
const assignee = userId.nullable().optional();
const oneChange = (change: { status?: unknown; assignee?: unknown }) =>
  change.status !== undefined || change.assignee !== undefined;
const ONE_CHANGE = { message: 'name a status, an assignee or both', path: ['status'] };

/** `PATCH /reports/:id`. */
export const StatusChangeSchema = z
  .object({
    status: z.enum(REPORT_STATUSES).optional(),
    assignee,
    note,
    group: z.boolean().default(true),
  })
  .refine(oneChange, ONE_CHANGE) satisfies z.ZodType<StatusChange>;

/** `POST /sites/:siteId/reports/bulk`. */
export const BulkStatusChangeSchema = z
  .object({
    ids: z.array(z.uuid()).min(1).max(BULK_MAX),
    status: z.enum(REPORT_STATUSES).optional(),
    assignee,
    note,
  })
  .refine(oneChange, ONE_CHANGE) satisfies z.ZodType<BulkStatusChange>;

/** Most actions one undo may name (one per site of a bulk action across the all-sites inbox). */
export const UNDO_MAX = 100;

/** `POST /undo`. */
export const UndoSchema = z.object({
  actions: z
    .array(z.uuid().transform((v) => v.toLowerCase()))
    .min(1)
    .max(UNDO_MAX),
}) satisfies z.ZodType<UndoInput>;

/** `POST /sites/:siteId/routes/test`. */
export const RouteTestSchema = z.object({
  author: pageName.optional(),
  section: pageName.optional(),
  routes: RoutesSchema.optional(),
}) satisfies z.ZodType<RouteTest>;

/** `PATCH /sites/:siteId/members/:userId`. */
export const MemberPatchSchema = z.object({ role: z.enum(ROLES) }) satisfies z.ZodType<MemberInput>;

/** Longest an invitation link may stay valid, in days. */
export const INVITATION_DAYS_MAX = 30;

/** `POST /sites/:siteId/invitations`. */
export const InvitationInputSchema = z.object({
  role: z.enum(ROLES),
  email: email.optional(),
  expiresInDays: z.int().min(1).max(INVITATION_DAYS_MAX).default(7),
}) satisfies z.ZodType<InvitationInput>;

/** `POST /invitations/:token/accept`: empty for a signed-in user, credentials for anyone else. */
export const AcceptInvitationSchema = z.object({
  email: email.optional(),
  password: z
    .string()
    .min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`)
    .max(PASSWORD_MAX)
    .optional(),
  name: name.optional(),
}) satisfies z.ZodType<InvitationAcceptance>;

/** `POST /tokens`. */
export const TokenInputSchema = z.object({ name: name.max(100) }) satisfies z.ZodType<ApiTokenInput>;

/** `POST /sites/:siteId/recheck`: one page's http(s) URL, or nothing for every page with open groups. */
export const RecheckInputSchema = z.object({
  url: z
    .string()
    .trim()
    .max(LIMITS.urlMax)
    .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), 'must be an http(s) URL')
    .optional(),
}) satisfies z.ZodType<RecheckInput>;
