/**
 * The editor API client: one fetch wrapper and one typed helper per route. Answers are typed by
 * contract/api.ts, which the server validates against, so nothing here hand-types JSON.
 */
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
  Page,
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
import { ERROR_STATUS, type ErrorBody, type ErrorCode, type ErrorIssue } from '../contract/errors.js';

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

/** Whether a parsed body has the contract's one error shape. */
export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = value.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    isErrorCode(error.code) &&
    'message' in error &&
    typeof error.message === 'string'
  );
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
  if (isErrorBody(body)) {
    return new ApiError(body.error.code, body.error.message, res.status, body.error.issues ?? [], retryAfter);
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

/** A request whose answer is a contract type. */
async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  return (await send(method, path, body)).json();
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

/** Typed helpers, one per editor API route (see docs/contract.md, "The editor API"). */
export const api = {
  login: (input: LoginInput) => request<Me>('POST', '/auth/login', input),
  logout: () => requestVoid('POST', '/auth/logout'),
  me: () => request<Me>('GET', '/me'),

  sites: () => request<Site[]>('GET', '/sites'),
  site: (siteId: string) => request<Site>('GET', `/sites/${id(siteId)}`),
  createSite: (input: SiteInput) => request<Site>('POST', '/sites', input),
  updateSite: (siteId: string, input: Partial<SiteInput>) =>
    request<Site>('PATCH', `/sites/${id(siteId)}`, input),
  deleteSite: (siteId: string) => requestVoid('DELETE', `/sites/${id(siteId)}`),

  reports: (siteId: string, filter: ReportQuery) =>
    request<Page<ReportItem>>('GET', `/sites/${id(siteId)}/reports${query({ ...filter })}`),
  counts: (siteId: string, filter: Omit<ReportQuery, 'status' | 'sort' | 'cursor' | 'limit'>) =>
    request<StatusCounts>('GET', `/sites/${id(siteId)}/reports/counts${query({ ...filter })}`),
  /** Every site of the caller at once (the all-sites inbox). */
  allReports: (filter: ReportQuery) => request<Page<ReportItem>>('GET', `/reports${query({ ...filter })}`),
  allCounts: (filter: Omit<ReportQuery, 'status' | 'sort' | 'cursor' | 'limit'>) =>
    request<StatusCounts>('GET', `/reports/counts${query({ ...filter })}`),
  undo: (input: UndoInput) => request<StatusChangeResult>('POST', '/undo', input),
  testRoutes: (siteId: string, input: RouteTest) =>
    request<RouteTestResult>('POST', `/sites/${id(siteId)}/routes/test`, input),
  report: (reportId: string) => request<ReportDetail>('GET', `/reports/${id(reportId)}`),
  setStatus: (reportId: string, change: StatusChange) =>
    request<StatusChangeResult>('PATCH', `/reports/${id(reportId)}`, change),
  bulkStatus: (siteId: string, change: BulkStatusChange) =>
    request<StatusChangeResult>('POST', `/sites/${id(siteId)}/reports/bulk`, change),
  stats: (siteId: string) => request<DailyStats>('GET', `/sites/${id(siteId)}/stats`),
  recheck: (siteId: string, input: RecheckInput) =>
    request<RecheckResult>('POST', `/sites/${id(siteId)}/recheck`, input),
  blockReader: (reportId: string) => request<BlockedReader>('POST', `/reports/${id(reportId)}/block-reader`),
  blockedReaders: (siteId: string) => request<BlockedReader[]>('GET', `/sites/${id(siteId)}/blocked-readers`),
  unblockReader: (siteId: string, blockId: string) =>
    requestVoid('DELETE', `/sites/${id(siteId)}/blocked-readers/${id(blockId)}`),

  members: (siteId: string) => request<Member[]>('GET', `/sites/${id(siteId)}/members`),
  setMemberRole: (siteId: string, userId: string, input: MemberInput) =>
    request<Member>('PATCH', `/sites/${id(siteId)}/members/${id(userId)}`, input),
  removeMember: (siteId: string, userId: string) =>
    requestVoid('DELETE', `/sites/${id(siteId)}/members/${id(userId)}`),

  invitations: (siteId: string) => request<Invitation[]>('GET', `/sites/${id(siteId)}/invitations`),
  createInvitation: (siteId: string, input: InvitationInput) =>
    request<Invitation>('POST', `/sites/${id(siteId)}/invitations`, input),
  revokeInvitation: (siteId: string, invitationId: string) =>
    requestVoid('DELETE', `/sites/${id(siteId)}/invitations/${id(invitationId)}`),
  invitation: (token: string) => request<InvitationPreview>('GET', `/invitations/${id(token)}`),
  acceptInvitation: (token: string, input: InvitationAcceptance) =>
    request<Me>('POST', `/invitations/${id(token)}/accept`, input),

  tokens: () => request<ApiToken[]>('GET', '/tokens'),
  createToken: (input: ApiTokenInput) => request<CreatedApiToken>('POST', '/tokens', input),
  revokeToken: (tokenId: string) => requestVoid('DELETE', `/tokens/${id(tokenId)}`),
};

/**
 * The address of a site's export under the inbox's filters: a plain link, so the browser downloads
 * the stream itself (with the session cookie) however large it is.
 */
export function exportUrl(siteId: string, format: ExportFormat, filter: Omit<ExportQuery, 'format'>): string {
  return `${API_BASE}/sites/${id(siteId)}/reports/export${query({ format, ...filter })}`;
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
