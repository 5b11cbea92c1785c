/**
 * A stand-in for the editor API at the dashboard's fetch boundary: routes are `METHOD /path` patterns
 * (`:param` segments) answering JSON; every call is recorded with its headers and body.
 */
import { vi } from 'vitest';
import type { Me, ReportItem, Site } from '../../contract/api.js';
import type { ErrorCode } from '../../contract/errors.js';
import { ERROR_STATUS } from '../../contract/errors.js';

/** One request the dashboard made. */
export interface RecordedCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
  credentials: RequestCredentials | undefined;
}

/** What a fake route answers: a JSON body (200), a status with body, or an error code. */
export type FakeAnswer = { status?: number; body?: unknown; headers?: Record<string, string> };

type Handler = (call: RecordedCall, params: Record<string, string>) => FakeAnswer | Promise<FakeAnswer>;

/** The fake API: add routes with `on`, inspect `calls`. */
export interface FakeApi {
  calls: RecordedCall[];
  on(route: string, handler: Handler): FakeApi;
  /** Calls to one route pattern, in order. */
  callsTo(route: string): RecordedCall[];
}

/** A JSON 200 answer. */
export function ok(body: unknown): FakeAnswer {
  return { status: 200, body };
}

/** An answer in the contract's error shape. */
export function fail(
  code: ErrorCode,
  message: string = code,
  headers: Record<string, string> = {},
): FakeAnswer {
  return { status: ERROR_STATUS[code], body: { error: { code, message } }, headers };
}

function matchRoute(route: string, method: string, path: string): Record<string, string> | null {
  const [want, pattern = ''] = route.split(' ');
  if (want !== method) return null;
  const a = pattern.split('/');
  const b = path.split('/');
  if (a.length !== b.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    const part = a[i] ?? '';
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(b[i] ?? '');
    else if (part !== b[i]) return null;
  }
  return params;
}

/** Replaces global fetch with the fake; unknown routes answer 404 not_found. */
export function installFakeApi(): FakeApi {
  const routes: Array<[string, Handler]> = [];
  const calls: RecordedCall[] = [];
  const fake: FakeApi = {
    calls,
    on(route, handler) {
      routes.unshift([route, handler]);
      return fake;
    },
    callsTo(route) {
      return calls.filter((call) => matchRoute(route, call.method, call.path) !== null);
    },
  };
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, 'http://dashboard.test');
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const method = init.method ?? 'GET';
    const call: RecordedCall = {
      method,
      path,
      query: url.searchParams,
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      credentials: init.credentials,
    };
    calls.push(call);
    for (const [route, handler] of routes) {
      const params = matchRoute(route, method, path);
      if (params) {
        const answer = await handler(call, params);
        const status = answer.status ?? 200;
        const body = status === 204 ? null : JSON.stringify(answer.body ?? null);
        return new Response(body, {
          status,
          headers: { 'Content-Type': 'application/json', ...answer.headers },
        });
      }
    }
    return new Response(
      JSON.stringify({ error: { code: 'not_found', message: `fake: no ${method} ${path}` } }),
      {
        status: 404,
      },
    );
  });
  return fake;
}

/** A signed-in editor. */
export const ME: Me = {
  user: { id: 'u1', email: 'ed@news.example', name: 'Ed Itor' },
  csrfToken: 'csrf-123',
};

/** A site with the given role for the caller. */
export function makeSite(role: Site['role'] = 'editor', overrides: Partial<Site> = {}): Site {
  return {
    id: 's1',
    key: 'pk_demo',
    name: 'Daily News',
    origins: ['https://news.example'],
    settings: {
      maxSelection: 300,
      rateLimits: { clientPerMinute: 10, clientPerDay: 100, sitePerMinute: 600, nullOriginPerMinute: 60 },
      cmsUrlTemplate: 'https://cms.example/edit?page={url}',
      routes: [],
      retentionDays: null,
      timezone: 'UTC',
    },
    role,
    snippet: '<script src="https://typos.example/widget.js" data-site="pk_demo" async></script>',
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** A report group; `n` varies the id and text. */
export function makeReport(n: number, overrides: Partial<ReportItem> = {}): ReportItem {
  return {
    id: `r${n}`,
    siteId: 's1',
    siteName: 'Daily News',
    groupId: `g${n}`,
    url: `https://news.example/story-${n}`,
    title: `Story ${n}`,
    lang: 'en',
    quote: { exact: 'recieved', prefix: 'the council has ', suffix: ' the draft budget on Monday' },
    position: null,
    suggestion: 'received',
    comment: null,
    kind: 'typo',
    status: 'new',
    note: null,
    groupCount: 1,
    assignee: null,
    author: null,
    section: null,
    receivedAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
    updatedAt: new Date().toISOString(),
    priority: 0,
    reasons: [],
    spelling: null,
    check: null,
    originNull: false,
    ...overrides,
  };
}
