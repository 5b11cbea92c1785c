/** Requests about reports: the inbox's query, the export's, triage (one report, its group, or many) and undo. */
import { z } from 'zod';
import {
  API_DEFAULT_SORT,
  type BulkStatusChange,
  EXPORT_FORMATS,
  type ExportQuery,
  INBOX_SORTS,
  type ReportQuery,
  type StatusChange,
  type UndoInput,
} from '../../contract/api.js';
import { LIMITS, REPORT_KINDS, REPORT_STATUSES } from '../../contract/report.js';
import { PageNameSchema, UserIdSchema } from './sites.js';
import { text } from './text.js';

/** Most report ids one bulk change may name (two pages of the inbox and then some). */
export const BULK_MAX = 500;
/** Inbox items per page when the client does not say. */
export const PAGE_DEFAULT = 50;
/** Largest inbox page: a page of groups is one index range scan, but its JSON should stay small. */
export const PAGE_MAX = 100;
/** Most actions one undo may name (one per site of a bulk action across the all-sites inbox). */
export const UNDO_MAX = 100;

/** An optional query parameter where an empty value (a form's blank field) means "not given". */
const optionalText = (max: number) =>
  text({ max })
    .optional()
    .transform((v) => (v ? v : undefined));

/** `?status=` from a form means "any", as if the parameter were absent. */
const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);

/** The inbox's filters, shared by the listing, the counts and the export. */
const inboxFilters = {
  kind: z
    .preprocess(blankToUndefined, z.enum(REPORT_KINDS).optional())
    .meta({ description: 'Only groups whose newest report is of this kind.' }),
  q: optionalText(200).meta({
    description:
      'Case-insensitive text in the selection, suggestion, comment or page title of the group’s newest report.',
  }),
  url: optionalText(LIMITS.urlMax).meta({
    description: 'Only groups whose newest report is of this page (exact URL).',
  }),
  assignee: z
    .preprocess(blankToUndefined, z.union([z.literal('me'), z.literal('none'), UserIdSchema]).optional())
    .meta({ description: 'Only groups assigned to the caller (me), to nobody (none) or to this user id.' }),
  author: PageNameSchema.optional().meta({
    description: 'Only groups whose page author is this (trimmed, any case).',
  }),
  section: PageNameSchema.optional().meta({
    description: 'Only groups whose page section is this (trimmed, any case).',
  }),
};

/** A status filter: `?status=` from a form means "any", as if absent. */
const statusFilter = z
  .preprocess(blankToUndefined, z.enum(REPORT_STATUSES).optional())
  .meta({ description: 'Only groups in this status (every status when absent).' });

/** The inbox filters without status, for the counts (one count per status). */
export const ReportFilterSchema = z
  .object(inboxFilters)
  .meta({ examples: [{ kind: 'typo', q: 'budget', assignee: 'me' }] });

/** `GET /sites/:siteId/reports` and `GET /reports`. */
export const ReportQuerySchema = z
  .object({
    ...inboxFilters,
    status: statusFilter,
    sort: z
      .preprocess(blankToUndefined, z.enum(INBOX_SORTS).default(API_DEFAULT_SORT))
      .meta({ description: 'Order; a cursor belongs to its sort.' }),
    cursor: optionalText(1000).meta({ description: 'The previous page’s nextCursor.' }),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(PAGE_MAX)
      .default(PAGE_DEFAULT)
      .meta({ description: 'Items per page.' }),
  })
  .meta({
    examples: [{ status: 'new', kind: 'typo', sort: 'priority', limit: 50 }],
  }) satisfies z.ZodType<ReportQuery>;

/** `from=`/`to=`: an ISO date (its UTC midnight) or date-time with an offset. */
const isoInstant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .transform((value) => new Date(value.length === 10 ? `${value}T00:00:00Z` : value));

/** `GET /sites/:siteId/reports/export`. */
export const ExportQuerySchema = z
  .object({
    ...inboxFilters,
    status: statusFilter,
    format: z.preprocess(blankToUndefined, z.enum(EXPORT_FORMATS).default('csv')),
    from: z
      .preprocess(blankToUndefined, isoInstant.optional())
      .meta({ description: 'Received at or after (ISO date or date-time).' }),
    to: z
      .preprocess(blankToUndefined, isoInstant.optional())
      .meta({ description: 'Received before (ISO date or date-time).' }),
  })
  .meta({ examples: [{ format: 'csv', status: 'fixed', from: '2026-11-01' }] }) satisfies z.ZodType<
  Omit<ExportQuery, 'from' | 'to'> & { from?: Date; to?: Date }
>;

/** A note kept with a status change in the report's history. */
const note = text({ max: LIMITS.commentMax }).optional();
/** A new assignee: a user id, or null for nobody. */
const assignee = UserIdSchema.nullable().optional();
const oneChange = (change: { status?: unknown; assignee?: unknown }) =>
  change.status !== undefined || change.assignee !== undefined;
const ONE_CHANGE = { message: 'name a status, an assignee or both', path: ['status'] };
/** {@link ONE_CHANGE} as the document states it. */
const ONE_CHANGE_JSON = { anyOf: [{ required: ['status'] }, { required: ['assignee'] }] };

/** `PATCH /reports/:id`. */
export const StatusChangeSchema = z
  .object({
    status: z.enum(REPORT_STATUSES).optional(),
    assignee,
    note,
    group: z.boolean().default(true).meta({ description: 'Move the whole duplicate group (the default).' }),
  })
  .refine(oneChange, ONE_CHANGE)
  .meta({
    ...ONE_CHANGE_JSON,
    examples: [{ status: 'fixed', note: 'Corrected in the 10:40 update.' }],
  }) satisfies z.ZodType<StatusChange>;

/** `POST /sites/:siteId/reports/bulk`. */
export const BulkStatusChangeSchema = z
  .object({
    ids: z.array(z.uuid()).min(1).max(BULK_MAX),
    status: z.enum(REPORT_STATUSES).optional(),
    assignee,
    note,
  })
  .refine(oneChange, ONE_CHANGE)
  .meta({
    ...ONE_CHANGE_JSON,
    examples: [{ ids: ['6f1c1f0e-5d2b-4c8e-9a51-3c1b2f0d7e44'], status: 'dismissed' }],
  }) satisfies z.ZodType<BulkStatusChange>;

/** `POST /undo`. */
export const UndoSchema = z
  .object({
    actions: z
      .array(z.uuid().transform((v) => v.toLowerCase()))
      .min(1)
      .max(UNDO_MAX),
  })
  .meta({ examples: [{ actions: ['6f1c1f0e-5d2b-4c8e-9a51-3c1b2f0d7e44'] }] }) satisfies z.ZodType<UndoInput>;
