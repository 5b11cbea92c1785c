/**
 * The editor API client: one fetch wrapper and one typed helper per route. Every answer is checked
 * against its schema in contract/api-schemas.ts (the one the server's document is generated from)
 * before the app sees it, so a server that answers something else fails here, loudly, instead of
 * deep in a component.
 */
import * as z from 'zod/mini';
import type {
  ApiToken,
  ApiTokenInput,
  BlockedReader,
  BulkStatusChange,
  CreatedApiToken,
  DailyStats,
  ExportFormat,
  ExportQuery,
  Invitation,
  InvitationAcceptance,
  InvitationInput,
  InvitationPreview,
  LoginInput,
  Me,
  Member,
  MemberInput,
  NotificationSettings,
  NotificationSettingsInput,
  Page,
  PasswordChange,
  PasswordReset,
  PasswordResetRequest,
  RecheckInput,
  RecheckResult,
  ReportDetail,
  ReportItem,
  ReportQuery,
  RouteTest,
  RouteTestResult,
  Site,
  SiteInput,
  StatusChange,
  StatusChangeResult,
  StatusCounts,
  UndoInput,
} from '../contract/api.js';
import {
  ApiTokenSchema,
  BlockedReaderSchema,
  CreatedApiTokenSchema,
  DailyStatsSchema,
  ErrorBodySchema,
  InvitationPreviewSchema,
  InvitationSchema,
  MemberSchema,
  MeSchema,
  NotificationSettingsSchema,
  RecheckResultSchema,
  ReportDetailSchema,
  ReportPageSchema,
  RouteTestResultSchema,
  SiteSchema,
  StatusChangeResultSchema,
  StatusCountsSchema,
} from '../contract/api-schemas.js';
import {
  ChannelSchema,
  ChannelTestResultSchema,
  CreatedChannelSchema,
  DeliveryPageSchema,
} from '../contract/channel-schemas.js';
import type {
  Channel,
  ChannelInput,
  ChannelPatch,
  ChannelTestResult,
  CreatedChannel,
  Delivery,
} from '../contract/channels.js';
import { ERROR_STATUS, type ErrorCode, type ErrorIssue } from '../contract/errors.js';

/** Where the API lives, relative to the dashboard's own origin. */
export const API_BASE = '/api/v1';

/** A non-2xx answer (or no answer at all), carrying the contract's stable error code. */
export class ApiError extends Error {
  /** The contract code; `unavailable` also stands for a network failure. */
  readonly code: ErrorCode;
  /** HTTP status, 0 when the request never got an answer. */
  readonly status: number;
  readonly issues: readonly ErrorIssue[];
  /** Seconds from `Retry-After`, when the server sent one. */
  readonly retryAfter: number | null;

  constructor(
    code: ErrorCode,
    message: string,
    status: number,
    issues: readonly ErrorIssue[] = [],
    retryAfter: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.issues = issues;
    this.retryAfter = retryAfter;
  }
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_STATUS, value);
}

/** The code a status stands for when the body is not ours (a proxy's HTML page, say). */
function codeForStatus(status: number): ErrorCode {
  const match = Object.entries(ERROR_STATUS).find(([, value]) => value === status)?.[0];
  return isErrorCode(match) ? match : status >= 500 ? 'internal' : 'invalid_request';
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

/** Remembers the session's CSRF token (from `Me`) for unsafe requests; null after sign-out. */
export function setSession(me: Me | null): void {
  csrfToken = me?.csrfToken ?? null;
}

/** Called when any request other than sign-in answers 401, so the app can show the sign-in form. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

async function toApiError(res: Response): Promise<ApiError> {
  const retry = Number.parseInt(res.headers.get('Retry-After') ?? '', 10);
  const retryAfter = Number.isFinite(retry) ? retry : null;
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON: fall back to the status.
  }
  const parsed = z.safeParse(ErrorBodySchema, body);
  if (parsed.success) {
    const { code, message, issues = [] } = parsed.data.error;
    return new ApiError(code, message, res.status, issues, retryAfter);
  }
  return new ApiError(
    codeForStatus(res.status),
    `The server answered ${res.status}.`,
    res.status,
    [],
    retryAfter,
  );
}

/**
 * One request to the API. Same-origin cookies only; `X-CSRF-Token` on unsafe methods.
 * Resolves with a 2xx response, rejects with an {@link ApiError}.
 */
async function send(method: Method, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(API_BASE + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(
      'unavailable',
      'The server cannot be reached. Check your connection and try again.',
      0,
    );
  }
  if (!res.ok) {
    const error = await toApiError(res);
    if (error.status === 401 && path !== '/auth/login' && onUnauthenticated) onUnauthenticated();
    throw error;
  }
  return res;
}

/** The error for a 2xx answer that is not what the contract says (another server version, a proxy). */
function unexpected(res: Response): ApiError {
  return new ApiError(
    'internal',
    'The server sent an answer this page does not understand. Reload the page; if it stays, tell your administrator.',
    res.status,
  );
}

/** A request whose answer must match `schema`; resolves with the checked value. */
async function request<S extends z.ZodMiniType>(
  schema: S,
  method: Method,
  path: string,
  body?: unknown,
): Promise<z.output<S>> {
  const res = await send(method, path, body);
  let data: unknown;
  try {
    data = await res.json();
  } catch {
    throw unexpected(res);
  }
  const parsed = z.safeParse(schema, data);
  if (!parsed.success) throw unexpected(res);
  return parsed.data;
}

/** A request whose answer has no body worth reading (204). */
async function requestVoid(method: Method, path: string, body?: unknown): Promise<void> {
  await send(method, path, body);
}

/** `?a=1&b=2` from the defined values, or ''. */
function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

const id = encodeURIComponent;

/** Typed helpers, one per editor API route (the document at /api/openapi.json lists them). */
export const api = {
  login: (input: LoginInput): Promise<Me> => request(MeSchema, 'POST', '/auth/login', input),
  logout: () => requestVoid('POST', '/auth/logout'),
  me: (): Promise<Me> => request(MeSchema, 'GET', '/me'),
  /** Ends every other session of the caller. */
  changePassword: (input: PasswordChange) => requestVoid('POST', '/me/password', input),
  /** Ends every session of the caller, this one included. */
  logoutAll: () => requestVoid('POST', '/auth/logout-all'),
  /** Mails a reset link when the address has an account; answers the same either way. */
  requestPasswordReset: (input: PasswordResetRequest) => requestVoid('POST', '/auth/reset', input),
  resetPassword: (token: string, input: PasswordReset) =>
    requestVoid('POST', `/auth/reset/${id(token)}`, input),

  sites: (): Promise<Site[]> => request(z.array(SiteSchema), 'GET', '/sites'),
  site: (siteId: string): Promise<Site> => request(SiteSchema, 'GET', `/sites/${id(siteId)}`),
  createSite: (input: SiteInput): Promise<Site> => request(SiteSchema, 'POST', '/sites', input),
  updateSite: (siteId: string, input: Partial<SiteInput>): Promise<Site> =>
    request(SiteSchema, 'PATCH', `/sites/${id(siteId)}`, input),
  deleteSite: (siteId: string) => requestVoid('DELETE', `/sites/${id(siteId)}`),

  reports: (siteId: string, filter: ReportQuery): Promise<Page<ReportItem>> =>
    request(ReportPageSchema, 'GET', `/sites/${id(siteId)}/reports${query({ ...filter })}`),
  counts: (
    siteId: string,
    filter: Omit<ReportQuery, 'status' | 'sort' | 'cursor' | 'limit'>,
  ): Promise<StatusCounts> =>
    request(StatusCountsSchema, 'GET', `/sites/${id(siteId)}/reports/counts${query({ ...filter })}`),
  /** Every site of the caller at once (the all-sites inbox). */
  allReports: (filter: ReportQuery): Promise<Page<ReportItem>> =>
    request(ReportPageSchema, 'GET', `/reports${query({ ...filter })}`),
  allCounts: (filter: Omit<ReportQuery, 'status' | 'sort' | 'cursor' | 'limit'>): Promise<StatusCounts> =>
    request(StatusCountsSchema, 'GET', `/reports/counts${query({ ...filter })}`),
  undo: (input: UndoInput): Promise<StatusChangeResult> =>
    request(StatusChangeResultSchema, 'POST', '/undo', input),
  testRoutes: (siteId: string, input: RouteTest): Promise<RouteTestResult> =>
    request(RouteTestResultSchema, 'POST', `/sites/${id(siteId)}/routes/test`, input),
  report: (reportId: string): Promise<ReportDetail> =>
    request(ReportDetailSchema, 'GET', `/reports/${id(reportId)}`),
  setStatus: (reportId: string, change: StatusChange): Promise<StatusChangeResult> =>
    request(StatusChangeResultSchema, 'PATCH', `/reports/${id(reportId)}`, change),
  bulkStatus: (siteId: string, change: BulkStatusChange): Promise<StatusChangeResult> =>
    request(StatusChangeResultSchema, 'POST', `/sites/${id(siteId)}/reports/bulk`, change),
  stats: (siteId: string): Promise<DailyStats> =>
    request(DailyStatsSchema, 'GET', `/sites/${id(siteId)}/stats`),
  recheck: (siteId: string, input: RecheckInput): Promise<RecheckResult> =>
    request(RecheckResultSchema, 'POST', `/sites/${id(siteId)}/recheck`, input),
  blockReader: (reportId: string): Promise<BlockedReader> =>
    request(BlockedReaderSchema, 'POST', `/reports/${id(reportId)}/block-reader`),
  blockedReaders: (siteId: string): Promise<BlockedReader[]> =>
    request(z.array(BlockedReaderSchema), 'GET', `/sites/${id(siteId)}/blocked-readers`),
  unblockReader: (siteId: string, blockId: string) =>
    requestVoid('DELETE', `/sites/${id(siteId)}/blocked-readers/${id(blockId)}`),

  members: (siteId: string): Promise<Member[]> =>
    request(z.array(MemberSchema), 'GET', `/sites/${id(siteId)}/members`),
  setMemberRole: (siteId: string, userId: string, input: MemberInput): Promise<Member> =>
    request(MemberSchema, 'PATCH', `/sites/${id(siteId)}/members/${id(userId)}`, input),
  removeMember: (siteId: string, userId: string) =>
    requestVoid('DELETE', `/sites/${id(siteId)}/members/${id(userId)}`),

  invitations: (siteId: string): Promise<Invitation[]> =>
    request(z.array(InvitationSchema), 'GET', `/sites/${id(siteId)}/invitations`),
  createInvitation: (siteId: string, input: InvitationInput): Promise<Invitation> =>
    request(InvitationSchema, 'POST', `/sites/${id(siteId)}/invitations`, input),
  revokeInvitation: (siteId: string, invitationId: string) =>
    requestVoid('DELETE', `/sites/${id(siteId)}/invitations/${id(invitationId)}`),
  invitation: (token: string): Promise<InvitationPreview> =>
    request(InvitationPreviewSchema, 'GET', `/invitations/${id(token)}`),
  acceptInvitation: (token: string, input: InvitationAcceptance): Promise<Me> =>
    request(MeSchema, 'POST', `/invitations/${id(token)}/accept`, input),

  notifications: (siteId: string): Promise<NotificationSettings> =>
    request(NotificationSettingsSchema, 'GET', `/sites/${id(siteId)}/notifications`),
  setNotifications: (siteId: string, input: NotificationSettingsInput): Promise<NotificationSettings> =>
    request(NotificationSettingsSchema, 'PATCH', `/sites/${id(siteId)}/notifications`, input),

  tokens: (): Promise<ApiToken[]> => request(z.array(ApiTokenSchema), 'GET', '/tokens'),
  createToken: (input: ApiTokenInput): Promise<CreatedApiToken> =>
    request(CreatedApiTokenSchema, 'POST', '/tokens', input),
  revokeToken: (tokenId: string) => requestVoid('DELETE', `/tokens/${id(tokenId)}`),

  channels: (siteId: string): Promise<Channel[]> =>
    request(z.array(ChannelSchema), 'GET', `/sites/${id(siteId)}/channels`),
  createChannel: (siteId: string, input: ChannelInput): Promise<CreatedChannel> =>
    request(CreatedChannelSchema, 'POST', `/sites/${id(siteId)}/channels`, input),
  updateChannel: (channelId: string, patch: ChannelPatch): Promise<Channel> =>
    request(ChannelSchema, 'PATCH', `/channels/${id(channelId)}`, patch),
  deleteChannel: (channelId: string) => requestVoid('DELETE', `/channels/${id(channelId)}`),
  testChannel: (channelId: string): Promise<ChannelTestResult> =>
    request(ChannelTestResultSchema, 'POST', `/channels/${id(channelId)}/test`),
  deliveries: (channelId: string, cursor?: string): Promise<Page<Delivery>> =>
    request(DeliveryPageSchema, 'GET', `/channels/${id(channelId)}/deliveries${query({ cursor })}`),
};

/**
 * The address of a site's export under the inbox's filters: a plain link, so the browser downloads
 * the stream itself (with the session cookie) however large it is.
 */
export function exportUrl(siteId: string, format: ExportFormat, filter: Omit<ExportQuery, 'format'>): string {
  return `${API_BASE}/sites/${id(siteId)}/reports/export${query({ format, ...filter })}`;
}

/**
 * What the server said about one field of a refused body ("must be at least 10 characters"), or
 * null; forms show it beside the field's name.
 */
export function issueOf(error: unknown, field: string): string | null {
  if (!(error instanceof ApiError)) return null;
  return error.issues.find((issue) => issue.path === field)?.message ?? null;
}

/** A sentence for people, from any error a helper threw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'rate_limited') {
      const wait = error.retryAfter ? ` Try again in ${waitText(error.retryAfter)}.` : ' Try again later.';
      return `Too many attempts.${wait}`;
    }
    return error.message;
  }
  return 'Something went wrong.';
}

function waitText(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}
