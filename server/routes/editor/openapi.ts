/**
 * The OpenAPI 3.1 description of the editor API and the ingest route, served at `/api/openapi.json`.
 * Written by hand next to the routes; a test fails when a mounted route is missing here.
 */

import {
  COUNT_CAP,
  EXPORT_FIELDS,
  EXPORT_FORMATS,
  INBOX_SORTS,
  PAGE_CHECK_RESULTS,
  ROLES,
  ROUTES_MAX,
  UNDO_WINDOW_MS,
} from '../../../contract/api.js';
import { ERROR_STATUS } from '../../../contract/errors.js';
import { LIMITS, REPORT_KINDS, REPORT_STATUSES } from '../../../contract/report.js';
import { BULK_MAX, INVITATION_DAYS_MAX, PAGE_DEFAULT, PAGE_MAX, UNDO_MAX } from './schemas.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const str = (extra: JsonObject = {}): JsonObject => ({ type: 'string', ...extra });
const int = (extra: JsonObject = {}): JsonObject => ({ type: 'integer', ...extra });
const nullable = (schema: JsonObject): JsonObject => ({ oneOf: [schema, { type: 'null' }] });
const object = (properties: JsonObject, required: string[] = Object.keys(properties)): JsonObject => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
const arrayOf = (items: JsonObject): JsonObject => ({ type: 'array', items });
const time = str({ format: 'date-time' });
const uuid = str({ format: 'uuid' });

const json = (schema: JsonObject): JsonObject => ({ content: { 'application/json': { schema } } });
const ok = (description: string, schema: JsonObject): JsonObject => ({ description, ...json(schema) });
const noContent: JsonObject = { description: 'Done; no body.' };
const error = (code: keyof typeof ERROR_STATUS, description: string): [string, JsonObject] => [
  String(ERROR_STATUS[code]),
  { description: `${code}: ${description}`, ...json(ref('Error')) },
];

const pathParam = (name: string, description: string, schema: JsonObject = uuid): JsonObject => ({
  name,
  in: 'path',
  required: true,
  description,
  schema,
});
const queryParam = (name: string, description: string, schema: JsonObject): JsonObject => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});
const siteId = pathParam('siteId', 'A site the caller belongs to (404 otherwise).');

/** One operation: signed in unless `public`, with the errors every signed-in route can answer. */
function op(
  summary: string,
  responses: Array<[string, JsonObject]>,
  extra: { body?: JsonObject; parameters?: JsonObject[]; public?: boolean; tags?: string[] } = {},
): JsonObject {
  const errors: Array<[string, JsonObject]> = extra.public
    ? []
    : [
        error('unauthenticated', 'no or bad credentials, expired session'),
        error('forbidden', 'role too low, or CSRF check failed'),
      ];
  return {
    summary,
    ...(extra.tags ? { tags: extra.tags } : {}),
    ...(extra.parameters ? { parameters: extra.parameters } : {}),
    ...(extra.body ? { requestBody: { required: true, ...json(extra.body) } } : {}),
    ...(extra.public ? { security: [] } : {}),
    responses: Object.fromEntries([
      ...responses,
      error('invalid_request', 'the body or query is invalid (see issues)'),
      ...errors,
      error('not_found', 'no such thing, or it belongs to a site the caller is not a member of'),
    ]),
  };
}

const status = str({ enum: [...REPORT_STATUSES] });
const role = str({ enum: [...ROLES] });
const reportFilters = [
  queryParam('kind', 'Only groups whose newest report is of this kind.', str({ enum: [...REPORT_KINDS] })),
  queryParam(
    'q',
    'Case-insensitive text in the selection, suggestion, comment or page title of the group’s newest report.',
    str({ maxLength: 200 }),
  ),
  queryParam(
    'url',
    'Only groups whose newest report is of this page (exact URL).',
    str({ maxLength: LIMITS.urlMax }),
  ),
  queryParam(
    'assignee',
    'Only groups assigned to the caller (me), to nobody (none) or to this user id.',
    str({ description: 'me | none | a user id' }),
  ),
  queryParam(
    'author',
    'Only groups whose page author is this (trimmed, any case).',
    str({ maxLength: LIMITS.pageFieldMax }),
  ),
  queryParam(
    'section',
    'Only groups whose page section is this (trimmed, any case).',
    str({ maxLength: LIMITS.pageFieldMax }),
  ),
];
const sortParam = queryParam(
  'sort',
  'Order: priority (higher first), newest or oldest newest report first; default newest. A cursor belongs to its sort.',
  str({ enum: [...INBOX_SORTS], default: 'newest' }),
);
const listParams = [
  queryParam(
    'status',
    'Only groups in this status (all statuses when absent).',
    str({ enum: [...REPORT_STATUSES] }),
  ),
  ...reportFilters,
  sortParam,
  queryParam('cursor', 'nextCursor of the previous page.', str()),
  queryParam('limit', 'Items per page.', int({ minimum: 1, maximum: PAGE_MAX, default: PAGE_DEFAULT })),
];
const countsSummary = `Duplicate groups per status under the same filters; with q, url, assignee, author or section each count stops at ${COUNT_CAP} ("${COUNT_CAP}+").`;

const schemas: JsonObject = {
  Error: object({
    error: object(
      {
        code: str({ enum: Object.keys(ERROR_STATUS) }),
        message: str(),
        issues: arrayOf(object({ path: str(), message: str() })),
      },
      ['code', 'message'],
    ),
  }),
  User: object({ id: uuid, email: str({ format: 'email' }), name: nullable(str()) }),
  Me: object({
    user: ref('User'),
    csrfToken: {
      ...nullable(str()),
      description: 'Send back as X-CSRF-Token on unsafe requests; null for API tokens.',
    },
  }),
  Login: object({ email: str(), password: str() }),
  RateLimits: object({
    clientPerMinute: int({ minimum: 1 }),
    clientPerDay: int({ minimum: 1 }),
    sitePerMinute: int({ minimum: 1 }),
  }),
  RouteRule: object(
    {
      author: str({ maxLength: LIMITS.pageFieldMax }),
      section: str({ maxLength: LIMITS.pageFieldMax }),
      assignee: { ...uuid, description: 'An owner or editor of the site.' },
    },
    ['assignee'],
  ),
  SiteSettings: object({
    maxSelection: int({ minimum: 1, maximum: LIMITS.exactMax }),
    rateLimits: ref('RateLimits'),
    routes: { ...arrayOf(ref('RouteRule')), maxItems: ROUTES_MAX },
    cmsUrlTemplate: { ...nullable(str()), description: 'An http(s) URL containing {url}.' },
  }),
  SiteSettingsInput: object(
    {
      maxSelection: int({ minimum: 1, maximum: LIMITS.exactMax }),
      rateLimits: object(
        {
          clientPerMinute: int({ minimum: 1 }),
          clientPerDay: int({ minimum: 1 }),
          sitePerMinute: int({ minimum: 1 }),
        },
        [],
      ),
      cmsUrlTemplate: nullable(str()),
      routes: { ...arrayOf(ref('RouteRule')), maxItems: ROUTES_MAX },
    },
    [],
  ),
  Site: object({
    id: uuid,
    key: str({ description: 'Public key for data-site.' }),
    name: str(),
    origins: arrayOf(str({ format: 'uri' })),
    settings: ref('SiteSettings'),
    role,
    snippet: str({ description: 'The script tag to paste into the site.' }),
    createdAt: time,
  }),
  SiteInput: object(
    {
      name: str({ minLength: 1, maxLength: 200 }),
      origins: arrayOf(str({ format: 'uri' })),
      settings: ref('SiteSettingsInput'),
    },
    ['name', 'origins'],
  ),
  SitePatch: object(
    {
      name: str({ minLength: 1, maxLength: 200 }),
      origins: arrayOf(str({ format: 'uri' })),
      settings: ref('SiteSettingsInput'),
    },
    [],
  ),
  TextQuote: object({ exact: str(), prefix: str(), suffix: str() }),
  TextPosition: object({ start: int(), end: int() }),
  ReportItem: object({
    id: uuid,
    siteId: uuid,
    siteName: str(),
    groupId: uuid,
    url: str(),
    title: nullable(str()),
    lang: nullable(str()),
    quote: ref('TextQuote'),
    position: nullable(ref('TextPosition')),
    suggestion: nullable(str()),
    comment: nullable(str()),
    kind: str({ enum: [...REPORT_KINDS] }),
    status,
    note: nullable(str()),
    groupCount: int({ minimum: 1, description: 'Reports of the same text on the same page in this status.' }),
    assignee: nullable(ref('User')),
    author: nullable(str()),
    section: nullable(str()),
    receivedAt: time,
    updatedAt: time,
    priority: { type: 'number', description: 'sort=priority key, higher first; changes only when facts do.' },
    reasons: arrayOf(str()),
    spelling: nullable(ref('Spelling')),
    check: nullable(ref('PageCheck')),
  }),
  ReportEvent: object(
    {
      id: uuid,
      reportId: uuid,
      actor: nullable(ref('User')),
      from: status,
      to: status,
      assignee: object({ from: nullable(ref('User')), to: nullable(ref('User')) }),
      note: nullable(str()),
      at: time,
    },
    ['id', 'reportId', 'actor', 'from', 'to', 'note', 'at'],
  ),
  Spelling: object({ known: { type: 'boolean' }, suggestions: arrayOf(str()) }),
  PageCheck: object({ at: time, result: str({ enum: [...PAGE_CHECK_RESULTS] }) }),
  RecheckInput: object({ url: str({ format: 'uri', maxLength: LIMITS.urlMax }) }, []),
  RecheckResult: object({
    checked: int({ minimum: 0 }),
    fixed: int({ minimum: 0 }),
    stillThere: int({ minimum: 0 }),
    changed: int({ minimum: 0 }),
    unreachable: int({ minimum: 0 }),
  }),
  BlockedReader: object({ id: uuid, reportId: nullable(uuid), createdAt: time, expiresAt: time }),
  ReportDetail: {
    allOf: [
      ref('ReportItem'),
      { type: 'object', properties: { events: arrayOf(ref('ReportEvent')) }, required: ['events'] },
    ],
  },
  ReportPage: object({ items: arrayOf(ref('ReportItem')), nextCursor: nullable(str()) }),
  StatusCounts: object(Object.fromEntries(REPORT_STATUSES.map((s) => [s, int({ minimum: 0 })]))),
  StatusChange: object(
    {
      status,
      assignee: nullable(uuid),
      note: str({ maxLength: LIMITS.commentMax }),
      group: { type: 'boolean', default: true },
    },
    [],
  ),
  BulkStatusChange: object(
    { ids: arrayOf(uuid), status, assignee: nullable(uuid), note: str({ maxLength: LIMITS.commentMax }) },
    ['ids'],
  ),
  StatusChangeResult: object({ updated: int({ minimum: 0 }), action: nullable(uuid) }),
  Undo: object({ actions: { ...arrayOf(uuid), minItems: 1, maxItems: UNDO_MAX } }),
  RouteTest: object(
    {
      author: str({ maxLength: LIMITS.pageFieldMax }),
      section: str({ maxLength: LIMITS.pageFieldMax }),
      routes: { ...arrayOf(ref('RouteRule')), maxItems: ROUTES_MAX },
    },
    [],
  ),
  RouteTestResult: object({ rule: nullable(int({ minimum: 0 })), assignee: nullable(ref('User')) }),
  TimeToFix: object({
    groups: int({ minimum: 0 }),
    median: nullable({ type: 'number' }),
    p90: nullable({ type: 'number' }),
  }),
  DailyStats: object({
    days: arrayOf(
      object({
        date: str({ format: 'date' }),
        ...Object.fromEntries(REPORT_STATUSES.map((s) => [s, int({ minimum: 0 })])),
      }),
    ),
    timeToFix: {
      allOf: [
        ref('TimeToFix'),
        object({
          byAuthor: arrayOf({ allOf: [ref('TimeToFix'), object({ name: str() })] }),
          bySection: arrayOf({ allOf: [ref('TimeToFix'), object({ name: str() })] }),
        }),
      ],
    },
    openPages: arrayOf(object({ url: str(), title: nullable(str()), groups: int({ minimum: 1 }) })),
  }),
  Member: object({ user: ref('User'), role, createdAt: time }),
  MemberPatch: object({ role }),
  Invitation: object(
    { id: uuid, role, email: nullable(str()), expiresAt: time, createdAt: time, url: str() },
    ['id', 'role', 'email', 'expiresAt', 'createdAt'],
  ),
  InvitationInput: object(
    {
      role,
      email: str({ format: 'email' }),
      expiresInDays: int({ minimum: 1, maximum: INVITATION_DAYS_MAX, default: 7 }),
    },
    ['role'],
  ),
  InvitationPreview: object({ siteName: str(), role, expiresAt: time }),
  AcceptInvitation: object(
    { email: str({ format: 'email' }), password: str({ minLength: 8 }), name: str() },
    [],
  ),
  ApiToken: object({ id: uuid, name: str(), createdAt: time, lastUsedAt: nullable(time) }),
  TokenInput: object({ name: str({ minLength: 1, maxLength: 100 }) }),
  CreatedApiToken: {
    allOf: [
      ref('ApiToken'),
      { type: 'object', properties: { token: str({ description: 'Shown once.' }) }, required: ['token'] },
    ],
  },
  ReportInput: object(
    {
      site: str({ maxLength: LIMITS.siteKeyMax }),
      id: uuid,
      url: str({ maxLength: LIMITS.urlMax }),
      title: str({ maxLength: LIMITS.titleMax }),
      lang: str({ maxLength: LIMITS.langMax }),
      quote: object(
        {
          exact: str({ minLength: 1, maxLength: LIMITS.exactMax }),
          prefix: str({ maxLength: LIMITS.contextMax }),
          suffix: str({ maxLength: LIMITS.contextMax }),
        },
        ['exact'],
      ),
      position: ref('TextPosition'),
      suggestion: str({ maxLength: LIMITS.suggestionMax }),
      comment: str({ maxLength: LIMITS.commentMax }),
      kind: str({ enum: [...REPORT_KINDS], default: 'typo' }),
      hp: str({ description: 'Honeypot: must be empty.' }),
    },
    ['site', 'id', 'url', 'quote'],
  ),
  ReportAccepted: object({ id: uuid, status, duplicates: int({ minimum: 0 }) }),
};

const paths: JsonObject = {
  '/v1/reports': {
    get: op(
      'The inbox across every site of the caller: the same query and answer as a site’s inbox.',
      [['200', ok('A page.', ref('ReportPage'))]],
      { parameters: listParams, tags: ['reports'] },
    ),
    post: {
      summary:
        'Send a report (the widget). JSON as application/json or text/plain; CORS for allowed origins.',
      tags: ['ingest'],
      security: [],
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: ref('ReportInput') },
          'text/plain': { schema: ref('ReportInput') },
        },
      },
      responses: Object.fromEntries([
        ['201', ok('Stored.', ref('ReportAccepted'))],
        ['200', ok('Replayed id: stored before, nothing stored twice.', ref('ReportAccepted'))],
        error('invalid_report', 'the report is invalid (see issues)'),
        error('origin_not_allowed', 'the Origin is not an allowed origin of the site'),
        error('unknown_site', 'no site has this key'),
        error('payload_too_large', `body over ${LIMITS.bodyBytes} bytes`),
        error('unsupported_media_type', 'neither application/json nor text/plain'),
        error('rate_limited', 'too many reports; see Retry-After'),
        error('unavailable', 'the database cannot be reached; see Retry-After'),
      ]),
    },
  },
  '/v1/auth/login': {
    post: op(
      'Sign in; sets the session cookie.',
      [
        ['200', ok('Signed in.', ref('Me'))],
        error('rate_limited', 'too many failed sign-ins; see Retry-After'),
      ],
      {
        body: ref('Login'),
        public: true,
        tags: ['auth'],
      },
    ),
  },
  '/v1/auth/logout': { post: op('Sign out: ends the session.', [['204', noContent]], { tags: ['auth'] }) },
  '/v1/me': { get: op('Who is signed in.', [['200', ok('The caller.', ref('Me'))]], { tags: ['auth'] }) },
  '/v1/tokens': {
    get: op('The caller’s live API tokens.', [['200', ok('Tokens.', arrayOf(ref('ApiToken')))]], {
      tags: ['tokens'],
    }),
    post: op(
      'Create an API token (its secret is shown once).',
      [['201', ok('Created.', ref('CreatedApiToken'))]],
      {
        body: ref('TokenInput'),
        tags: ['tokens'],
      },
    ),
  },
  '/v1/tokens/{id}': {
    delete: op('Revoke an API token.', [['204', noContent]], {
      parameters: [pathParam('id', 'Token id.')],
      tags: ['tokens'],
    }),
  },
  '/v1/sites': {
    get: op('The caller’s sites.', [['200', ok('Sites.', arrayOf(ref('Site')))]], { tags: ['sites'] }),
    post: op('Create a site; the caller becomes its owner.', [['201', ok('Created.', ref('Site'))]], {
      body: ref('SiteInput'),
      tags: ['sites'],
    }),
  },
  '/v1/sites/{siteId}': {
    get: op('A site.', [['200', ok('The site.', ref('Site'))]], { parameters: [siteId], tags: ['sites'] }),
    patch: op('Change a site (owners).', [['200', ok('The site.', ref('Site'))]], {
      parameters: [siteId],
      body: ref('SitePatch'),
      tags: ['sites'],
    }),
    delete: op('Delete a site and its reports (owners).', [['204', noContent]], {
      parameters: [siteId],
      tags: ['sites'],
    }),
  },
  '/v1/sites/{siteId}/members': {
    get: op('A site’s members.', [['200', ok('Members.', arrayOf(ref('Member')))]], {
      parameters: [siteId],
      tags: ['members'],
    }),
  },
  '/v1/sites/{siteId}/members/{userId}': {
    patch: op(
      'Change a member’s role (owners; never the last owner).',
      [['200', ok('The member.', ref('Member'))], error('conflict', 'the site would have no owner')],
      {
        parameters: [siteId, pathParam('userId', 'The member.')],
        body: ref('MemberPatch'),
        tags: ['members'],
      },
    ),
    delete: op(
      'Remove a member (owners), or leave (anyone; never the last owner).',
      [['204', noContent], error('conflict', 'the site would have no owner')],
      {
        parameters: [siteId, pathParam('userId', 'The member.')],
        tags: ['members'],
      },
    ),
  },
  '/v1/sites/{siteId}/invitations': {
    get: op('Open invitations (owners).', [['200', ok('Invitations.', arrayOf(ref('Invitation')))]], {
      parameters: [siteId],
      tags: ['members'],
    }),
    post: op(
      'Invite by link (owners); the answer has the link.',
      [['201', ok('Created.', ref('Invitation'))]],
      {
        parameters: [siteId],
        body: ref('InvitationInput'),
        tags: ['members'],
      },
    ),
  },
  '/v1/sites/{siteId}/invitations/{id}': {
    delete: op('Withdraw an invitation (owners).', [['204', noContent]], {
      parameters: [siteId, pathParam('id', 'Invitation id.')],
      tags: ['members'],
    }),
  },
  '/v1/invitations/{token}': {
    get: op('What an invitation link offers.', [['200', ok('The invitation.', ref('InvitationPreview'))]], {
      parameters: [pathParam('token', 'The secret from the link.', str())],
      public: true,
      tags: ['members'],
    }),
  },
  '/v1/invitations/{token}/accept': {
    post: op(
      'Accept an invitation: signed in, or with e-mail and password (creating the account if needed); signs in.',
      [
        ['200', ok('Member now; signed in.', ref('Me'))],
        error('unauthenticated', 'not signed in and no or wrong credentials'),
        error('forbidden', 'the invitation is for another e-mail'),
      ],
      {
        parameters: [pathParam('token', 'The secret from the link.', str())],
        body: ref('AcceptInvitation'),
        public: true,
        tags: ['members'],
      },
    ),
  },
  '/v1/sites/{siteId}/reports': {
    get: op(
      'The inbox: one item per duplicate group, keyset pages.',
      [['200', ok('A page.', ref('ReportPage'))]],
      {
        parameters: [siteId, ...listParams],
        tags: ['reports'],
      },
    ),
  },
  '/v1/sites/{siteId}/reports/counts': {
    get: op(countsSummary, [['200', ok('Counts.', ref('StatusCounts'))]], {
      parameters: [siteId, ...reportFilters],
      tags: ['reports'],
    }),
  },
  '/v1/reports/counts': {
    get: op(`Every site of the caller: ${countsSummary}`, [['200', ok('Counts.', ref('StatusCounts'))]], {
      parameters: reportFilters,
      tags: ['reports'],
    }),
  },
  '/v1/sites/{siteId}/reports/export': {
    get: {
      ...op(
        `Every report (rows, not groups) under the inbox's filters and from/to, streamed as CSV (RFC 4180, UTF-8 with BOM, header row, formula-guarded cells) or NDJSON; fields ${EXPORT_FIELDS.join(', ')} (editors and owners).`,
        [
          [
            '200',
            {
              description: 'The export.',
              content: { 'text/csv': { schema: str() }, 'application/x-ndjson': { schema: str() } },
            },
          ],
        ],
        {
          parameters: [
            siteId,
            queryParam('format', 'csv or ndjson.', str({ enum: [...EXPORT_FORMATS], default: 'csv' })),
            queryParam('status', 'Only reports in this status.', str({ enum: [...REPORT_STATUSES] })),
            ...reportFilters,
            queryParam('from', 'Received at or after (ISO date or date-time).', str()),
            queryParam('to', 'Received before (ISO date or date-time).', str()),
          ],
          tags: ['reports'],
        },
      ),
    },
  },
  '/v1/sites/{siteId}/routes/test': {
    post: op(
      'Which routing rule (saved, or the ones given) would assign a new report of a page with this author and section, and to whom.',
      [['200', ok('The first matching rule, or nulls.', ref('RouteTestResult'))]],
      { parameters: [siteId], body: ref('RouteTest'), tags: ['sites'] },
    ),
  },
  '/v1/undo': {
    post: op(
      `Take back triage actions of the caller (their action ids) made in the last ${UNDO_WINDOW_MS / 60_000} minutes.`,
      [
        [
          '200',
          ok('How many reports were restored, and the undo’s own action id.', ref('StatusChangeResult')),
        ],
      ],
      { body: ref('Undo'), tags: ['reports'] },
    ),
  },
  '/v1/sites/{siteId}/reports/bulk': {
    post: op(
      `Change the status of up to ${BULK_MAX} reports, each with its duplicate group (editors).`,
      [['200', ok('How many reports moved.', ref('StatusChangeResult'))]],
      {
        parameters: [siteId],
        body: ref('BulkStatusChange'),
        tags: ['reports'],
      },
    ),
  },
  '/v1/sites/{siteId}/stats': {
    get: op(
      'Reports per UTC day for the last 30 days, by current status.',
      [['200', ok('Stats.', ref('DailyStats'))]],
      {
        parameters: [siteId],
        tags: ['reports'],
      },
    ),
  },
  '/v1/reports/{id}': {
    get: op('A report with its history.', [['200', ok('The report.', ref('ReportDetail'))]], {
      parameters: [pathParam('id', 'Report id.')],
      tags: ['reports'],
    }),
    patch: op(
      'Change a report’s status (by default with its duplicate group) and/or its group’s assignee (editors).',
      [['200', ok('How many reports moved.', ref('StatusChangeResult'))]],
      {
        parameters: [pathParam('id', 'Report id.')],
        body: ref('StatusChange'),
        tags: ['reports'],
      },
    ),
  },
  '/v1/sites/{siteId}/recheck': {
    post: op(
      'Re-check the pages with open groups, or one page, against the live site (editors; a CMS after publishing).',
      [['200', ok('Groups checked, by outcome.', ref('RecheckResult'))]],
      { parameters: [siteId], body: ref('RecheckInput'), tags: ['reports'] },
    ),
  },
  '/v1/reports/{id}/block-reader': {
    post: op(
      'Block the reader of this report for 30 days (owners; only while the reader is known, 48 hours).',
      [
        ['201', ok('The block.', ref('BlockedReader'))],
        error('conflict', 'the reader of this report can no longer be recognised'),
      ],
      { parameters: [pathParam('id', 'Report id.')], tags: ['reports'] },
    ),
  },
  '/v1/sites/{siteId}/blocked-readers': {
    get: op(
      'Readers blocked on the site (owners).',
      [['200', ok('Blocks.', arrayOf(ref('BlockedReader')))]],
      {
        parameters: [siteId],
        tags: ['reports'],
      },
    ),
  },
  '/v1/sites/{siteId}/blocked-readers/{blockId}': {
    delete: op('Lift a block (owners).', [['204', noContent]], {
      parameters: [siteId, pathParam('blockId', 'Block id.')],
      tags: ['reports'],
    }),
  },
  '/openapi.json': {
    get: {
      summary: 'This description.',
      security: [],
      responses: { '200': { description: 'OpenAPI 3.1.', ...json({ type: 'object' }) } },
    },
  },
};

const document: JsonObject = {
  openapi: '3.1.0',
  info: {
    title: 'Misprint API',
    version: '1',
    description:
      'Reader typo reports (ingest) and the editor API. Every error answers {"error": {"code", "message", "issues"?}}. ' +
      'Cookie sessions must send X-CSRF-Token (Me.csrfToken) on unsafe methods; API tokens use Authorization: Bearer.',
  },
  servers: [{ url: '/api' }],
  security: [{ session: [] }, { bearer: [] }],
  components: {
    securitySchemes: {
      session: { type: 'apiKey', in: 'cookie', name: 'misprint_session' },
      bearer: { type: 'http', scheme: 'bearer', description: 'An API token (mp_...).' },
    },
    schemas,
  },
  paths,
};

/** The OpenAPI document; paths are relative to the `/api` server. */
export const OPENAPI: Readonly<JsonObject> = Object.freeze(document);
