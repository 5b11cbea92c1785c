/**
 * The authorization matrix: every route of a site against every kind of caller. Each forbidden cell
 * is asserted with its exact status and code; allowed cells must succeed.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../../contract/api.js';
import { SESSION_TTL_MS } from '../../../../server/auth/sessions.js';
import { createChannel } from '../../../../server/db/queries/channels.js';
import { createApiToken } from '../../../../server/db/queries/tokens.js';
import { hashSecret } from '../../../../server/services/secrets.js';
import { describeEachDialect } from '../../../helpers/databases.js';
import {
  addMember,
  addReport,
  addSite,
  addUser,
  type Credentials,
  call,
  errorCode,
  type Harness,
  harness,
  signIn,
  tokenFor,
} from './harness.js';

/** Ids the routes are called with, known once the fixtures exist. */
interface Fixture {
  site: string;
  report: string;
  viewer: string;
  bystander: string;
  invitation: string;
  channel: string;
}

interface RouteCase {
  method: string;
  path: (f: Fixture) => string;
  body?: unknown;
  /** The weakest role that may call it. */
  minimum: Role;
  /** Status of a successful call. */
  success: number;
  /**
   * Succeeding would destroy fixtures the other cells need (or reach the network, as a page
   * re-check does): only refusals are exercised.
   */
  destructive?: boolean;
}

const ROUTES: RouteCase[] = [
  { method: 'GET', path: (f) => `/v1/sites/${f.site}`, minimum: 'viewer', success: 200 },
  {
    method: 'PATCH',
    path: (f) => `/v1/sites/${f.site}`,
    body: { name: 'Renamed' },
    minimum: 'owner',
    success: 200,
  },
  { method: 'DELETE', path: (f) => `/v1/sites/${f.site}`, minimum: 'owner', success: 204, destructive: true },
  { method: 'GET', path: (f) => `/v1/sites/${f.site}/members`, minimum: 'viewer', success: 200 },
  {
    method: 'PATCH',
    path: (f) => `/v1/sites/${f.site}/members/${f.viewer}`,
    body: { role: 'viewer' },
    minimum: 'owner',
    success: 200,
  },
  {
    method: 'DELETE',
    path: (f) => `/v1/sites/${f.site}/members/${f.bystander}`,
    minimum: 'owner',
    success: 204,
    destructive: true,
  },
  { method: 'GET', path: (f) => `/v1/sites/${f.site}/invitations`, minimum: 'owner', success: 200 },
  {
    method: 'POST',
    path: (f) => `/v1/sites/${f.site}/invitations`,
    body: { role: 'viewer' },
    minimum: 'owner',
    success: 201,
  },
  {
    method: 'DELETE',
    path: (f) => `/v1/sites/${f.site}/invitations/${f.invitation}`,
    minimum: 'owner',
    success: 204,
    destructive: true,
  },
  { method: 'GET', path: (f) => `/v1/sites/${f.site}/reports`, minimum: 'viewer', success: 200 },
  { method: 'GET', path: (f) => `/v1/sites/${f.site}/reports/counts`, minimum: 'viewer', success: 200 },
  {
    method: 'POST',
    path: (f) => `/v1/sites/${f.site}/reports/bulk`,
    body: (f: Fixture) => ({ ids: [f.report], status: 'new' }),
    minimum: 'editor',
    success: 200,
  },
  { method: 'GET', path: (f) => `/v1/sites/${f.site}/stats`, minimum: 'viewer', success: 200 },
  { method: 'GET', path: (f) => `/v1/sites/${f.site}/notifications`, minimum: 'viewer', success: 200 },
  {
    method: 'PATCH',
    path: (f) => `/v1/sites/${f.site}/notifications`,
    body: { email: 'instant' },
    minimum: 'viewer',
    success: 200,
  },
  { method: 'GET', path: (f) => `/v1/reports/${f.report}`, minimum: 'viewer', success: 200 },
  {
    method: 'PATCH',
    path: (f) => `/v1/reports/${f.report}`,
    body: { status: 'new' },
    minimum: 'editor',
    success: 200,
  },
  { method: 'GET', path: (f) => `/v1/sites/${f.site}/reports/export`, minimum: 'editor', success: 200 },
  {
    method: 'POST',
    path: (f) => `/v1/sites/${f.site}/routes/test`,
    body: { author: 'Jane Roe' },
    minimum: 'viewer',
    success: 200,
  },
  {
    method: 'POST',
    path: (f) => `/v1/sites/${f.site}/recheck`,
    body: {},
    minimum: 'editor',
    success: 200,
    destructive: true,
  },
  {
    method: 'POST',
    path: (f) => `/v1/reports/${f.report}/block-reader`,
    minimum: 'owner',
    success: 201,
    destructive: true,
  },
  { method: 'GET', path: (f) => `/v1/sites/${f.site}/blocked-readers`, minimum: 'owner', success: 200 },
  {
    method: 'DELETE',
    path: (f) => `/v1/sites/${f.site}/blocked-readers/${f.invitation}`,
    minimum: 'owner',
    success: 204,
    destructive: true,
  },
  { method: 'GET', path: (f) => `/v1/sites/${f.site}/channels`, minimum: 'editor', success: 200 },
  {
    method: 'POST',
    path: (f) => `/v1/sites/${f.site}/channels`,
    body: { type: 'webhook', name: 'CMS', url: 'https://cms.news.example/hook' },
    minimum: 'owner',
    success: 201,
  },
  {
    method: 'PATCH',
    path: (f) => `/v1/channels/${f.channel}`,
    body: { name: 'Renamed' },
    minimum: 'owner',
    success: 200,
  },
  // The channel's URL is refused by the address rules before any connection: the test answers at once.
  { method: 'POST', path: (f) => `/v1/channels/${f.channel}/test`, minimum: 'owner', success: 200 },
  { method: 'GET', path: (f) => `/v1/channels/${f.channel}/deliveries`, minimum: 'editor', success: 200 },
  {
    method: 'DELETE',
    path: (f) => `/v1/channels/${f.channel}`,
    minimum: 'owner',
    success: 204,
    destructive: true,
  },
];

/**
 * Documented operations that are not about one site's data, so not cells of this matrix, each
 * with where its access is tested. Every other operation of the OpenAPI document must be in
 * ROUTES: a new route fails the last test here until it is placed.
 */
const OUTSIDE_THE_MATRIX: Readonly<Record<string, string>> = {
  'GET /healthz': 'public probe',
  'GET /readyz': 'public probe',
  'GET /metrics': 'its own token (tests/server/routes/metrics.test.ts)',
  'OPTIONS /api/v1/reports/status': 'public (CORS preflight)',
  'POST /api/v1/reports/status': 'public, by site key (tests/server/routes/report-status.test.ts)',
  'OPTIONS /api/v1/reports': 'public (CORS preflight)',
  'POST /api/v1/reports': 'public ingest, by site key and origin',
  'GET /api/v1/reports': 'the caller’s own sites only (all-sites.test.ts)',
  'GET /api/v1/reports/counts': 'the caller’s own sites only (all-sites.test.ts)',
  'POST /api/v1/auth/login': 'public (tests/server/auth/)',
  'POST /api/v1/auth/logout': 'the caller’s own session',
  'GET /api/v1/me': 'the caller’s own account',
  'GET /api/v1/tokens': 'the caller’s own tokens (api-tokens.test.ts)',
  'POST /api/v1/tokens': 'the caller’s own tokens (api-tokens.test.ts)',
  'DELETE /api/v1/tokens/{id}': 'the caller’s own tokens (api-tokens.test.ts)',
  'GET /api/v1/sites': 'the caller’s own sites',
  'POST /api/v1/sites': 'anyone signed in creates their own site',
  'GET /api/v1/invitations/{token}': 'public, by secret (invitations.test.ts)',
  'POST /api/v1/invitations/{token}/accept': 'by secret (invitations.test.ts)',
  'POST /api/v1/undo': 'the caller’s own actions (undo.test.ts)',
  'GET /api/openapi.json': 'public document',
  'POST /api/v1/me/password': 'the caller’s own account (the account matrix below; account.test.ts)',
  'POST /api/v1/auth/logout-all': 'the caller’s own sessions (the account matrix below; account.test.ts)',
  'POST /api/v1/auth/reset': 'public, the same answer for any address (the account matrix below)',
  'POST /api/v1/auth/reset/{token}': 'by secret (account.test.ts)',
  'GET /api/v1/unsubscribe/{token}': 'by signed link (tests/server/mail/notifications.test.ts)',
  'POST /api/v1/unsubscribe/{token}': 'by signed link (tests/server/mail/notifications.test.ts)',
};

const STRENGTH: Record<Role, number> = { owner: 3, editor: 2, viewer: 1 };

const DAY = 86_400_000;

/** What a caller is, and therefore what every route must answer it. */
type Caller =
  | { kind: 'member'; role: Role; via: 'session' | 'token'; readOnly?: boolean }
  | { kind: 'refused'; status: number; code: string; unsafeOnly?: boolean };

const CALLERS: Record<string, Caller> = {
  'owner (session)': { kind: 'member', role: 'owner', via: 'session' },
  'editor (session)': { kind: 'member', role: 'editor', via: 'session' },
  'viewer (session)': { kind: 'member', role: 'viewer', via: 'session' },
  'editor (API token)': { kind: 'member', role: 'editor', via: 'token' },
  'viewer (API token)': { kind: 'member', role: 'viewer', via: 'token' },
  'owner (read-only API token)': { kind: 'member', role: 'owner', via: 'token', readOnly: true },
  'nobody (no session)': { kind: 'refused', status: 401, code: 'unauthenticated' },
  'owner with an expired session': { kind: 'refused', status: 401, code: 'unauthenticated' },
  'owner with a revoked token': { kind: 'refused', status: 401, code: 'unauthenticated' },
  'owner with an expired token': { kind: 'refused', status: 401, code: 'unauthenticated' },
  'member of another site': { kind: 'refused', status: 404, code: 'not_found' },
  'owner without a CSRF token': { kind: 'refused', status: 403, code: 'forbidden', unsafeOnly: true },
  'owner with a wrong CSRF token': { kind: 'refused', status: 403, code: 'forbidden', unsafeOnly: true },
};

describeEachDialect('authorization matrix', (t) => {
  let h: Harness;
  let fixture: Fixture;
  const credentials = new Map<string, Credentials>();

  beforeAll(async () => {
    h = harness(t);
    const db = t().db;
    const owner = await addUser(db, 'owner');
    const editor = await addUser(db, 'editor');
    const viewer = await addUser(db, 'viewer');
    const bystander = await addUser(db, 'bystander');
    const stranger = await addUser(db, 'stranger');
    const site = await addSite(db, owner.id);
    await addMember(db, site, editor.id, 'editor');
    await addMember(db, site, viewer.id, 'viewer');
    await addMember(db, site, bystander.id, 'viewer');
    await addSite(db, stranger.id, 'Elsewhere');
    const report = await addReport(db, site);
    const invitation = await db
      .insertInto('invitations')
      .values({
        site_id: site,
        role: 'viewer',
        token_hash: hashSecret(randomUUID()),
        expires_at: new Date(Date.now() + 86_400_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const channel = await createChannel(db, {
      siteId: site,
      type: 'webhook',
      name: 'Hook',
      events: ['group.created'],
      filter: {},
      config: { url: 'http://127.0.0.1:9/hook' },
      secret: `whsec_${Buffer.alloc(32, 3).toString('base64')}`,
      createdBy: owner.id,
      at: new Date(),
    });
    fixture = {
      site,
      report,
      viewer: viewer.id,
      bystander: bystander.id,
      invitation: invitation.id,
      channel: channel.id,
    };

    const ownerSession = await signIn(h.app, owner.email);
    credentials.set('owner (session)', { session: ownerSession });
    credentials.set('editor (session)', { session: await signIn(h.app, editor.email) });
    credentials.set('viewer (session)', { session: await signIn(h.app, viewer.email) });
    credentials.set('editor (API token)', { token: await tokenFor(db, editor.id) });
    credentials.set('viewer (API token)', { token: await tokenFor(db, viewer.id) });
    credentials.set('nobody (no session)', {});
    h.clock.advance(-SESSION_TTL_MS - 60_000);
    credentials.set('owner with an expired session', { session: await signIn(h.app, owner.email) });
    h.clock.advance(SESSION_TTL_MS + 60_000);
    const revoked = await tokenFor(db, owner.id);
    await db
      .updateTable('api_tokens')
      .set({ revoked_at: new Date() })
      .where('token_hash', '=', hashSecret(revoked))
      .execute();
    credentials.set('owner with a revoked token', { token: revoked });
    credentials.set('owner (read-only API token)', {
      token: (await createApiToken(db, owner.id, { name: 'read', scope: 'read' })).token,
    });
    credentials.set('owner with an expired token', {
      token: (
        await createApiToken(db, owner.id, { name: 'old', expiresInDays: 1 }, new Date(Date.now() - 2 * DAY))
      ).token,
    });
    credentials.set('member of another site', { session: await signIn(h.app, stranger.email) });
    credentials.set('owner without a CSRF token', { session: ownerSession, csrf: null });
    credentials.set('owner with a wrong CSRF token', { session: ownerSession, csrf: 'x'.repeat(43) });
  });

  for (const route of ROUTES) {
    const label = `${route.method} ${route.path({ site: ':siteId', report: ':id', viewer: ':userId', bystander: ':userId', invitation: ':id', channel: ':id' })}`;
    describe(label, () => {
      for (const [name, caller] of Object.entries(CALLERS)) {
        let expected: { status: number; code?: string } | 'skip';
        if (caller.kind === 'refused') {
          expected =
            caller.unsafeOnly && route.method === 'GET'
              ? route.destructive
                ? 'skip'
                : { status: route.success }
              : { status: caller.status, code: caller.code };
        } else if (caller.readOnly && route.method !== 'GET') {
          expected = { status: 403, code: 'forbidden' };
        } else if (STRENGTH[caller.role] < STRENGTH[route.minimum]) {
          expected = { status: 403, code: 'forbidden' };
        } else {
          expected = route.destructive ? 'skip' : { status: route.success };
        }
        if (expected === 'skip') continue;
        const want = expected;
        it(`answers ${want.status}${want.code ? ` ${want.code}` : ''} to ${name}`, async () => {
          const given = credentials.get(name);
          if (!given) throw new Error(`no credentials for ${name}`);
          const body = typeof route.body === 'function' ? route.body(fixture) : route.body;
          const response = await call(h.app, route.method, route.path(fixture), given, body);
          expect(response.status).toBe(want.status);
          if (want.code) expect(await errorCode(response)).toBe(want.code);
        });
      }
    });
  }

  it('places every operation of the OpenAPI document in the matrix or names why it is outside', async () => {
    const document: { paths: Record<string, Record<string, unknown>> } = await (
      await h.app.request('/api/openapi.json')
    ).json();
    const inMatrix = new Set(
      ROUTES.map(
        (r) =>
          `${r.method} /api${r.path({ site: '{siteId}', report: '{id}', viewer: '{userId}', bystander: '{userId}', invitation: '{id}', channel: '{id}' })}`,
      ),
    );
    const unplaced: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of Object.keys(item)) {
        const operation = `${method.toUpperCase()} ${path}`;
        // The matrix fills every id with a fixture; the document names them.
        const normalised = operation.replace('{blockId}', '{id}');
        if (!inMatrix.has(normalised) && !(operation in OUTSIDE_THE_MATRIX)) unplaced.push(operation);
      }
    }
    expect(unplaced).toEqual([]);
  });

  it('lets an owner delete a site, and then nobody finds it', async () => {
    const db = t().db;
    const owner = await addUser(db, 'deleter');
    const site = await addSite(db, owner.id);
    const session = await signIn(h.app, owner.email);
    expect((await call(h.app, 'DELETE', `/v1/sites/${site}`, { session })).status).toBe(204);
    const after = await call(h.app, 'GET', `/v1/sites/${site}`, { session });
    expect(after.status).toBe(404);
    expect(await errorCode(after)).toBe('not_found');
  });

  it('answers 404 for a report of another site, exactly as for one that does not exist', async () => {
    const stranger = credentials.get('member of another site');
    if (!stranger) throw new Error('no stranger');
    const foreign = await call(h.app, 'GET', `/v1/reports/${fixture.report}`, stranger);
    const missing = await call(h.app, 'GET', `/v1/reports/${randomUUID()}`, stranger);
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toEqual(await missing.json());
  });

  it('answers 404 for another site’s channel, exactly as for one that does not exist', async () => {
    const stranger = credentials.get('member of another site');
    if (!stranger) throw new Error('no stranger');
    for (const [method, suffix] of [
      ['GET', '/deliveries'],
      ['PATCH', ''],
      ['POST', '/test'],
      ['DELETE', ''],
    ] as const) {
      const body = method === 'PATCH' ? { name: 'Mine now' } : undefined;
      const foreign = await call(h.app, method, `/v1/channels/${fixture.channel}${suffix}`, stranger, body);
      const missing = await call(h.app, method, `/v1/channels/${randomUUID()}${suffix}`, stranger, body);
      expect(foreign.status).toBe(404);
      expect(await foreign.json()).toEqual(await missing.json());
    }
  });

  it('answers 404 for a site id that is not a UUID', async () => {
    const owner = credentials.get('owner (session)');
    if (!owner) throw new Error('no owner');
    const response = await call(h.app, 'GET', '/v1/sites/not-a-uuid', owner);
    expect(response.status).toBe(404);
    expect(await errorCode(response)).toBe('not_found');
  });

  it('does not move another site’s reports through a bulk change of one’s own site', async () => {
    const db = t().db;
    const other = await addUser(db, 'other-owner');
    const otherSite = await addSite(db, other.id);
    const foreignReport = await addReport(db, otherSite);
    const editor = credentials.get('editor (session)');
    if (!editor) throw new Error('no editor');
    const response = await call(h.app, 'POST', `/v1/sites/${fixture.site}/reports/bulk`, editor, {
      ids: [foreignReport],
      status: 'spam',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ updated: 0, action: null });
    const row = await db
      .selectFrom('reports')
      .select('status')
      .where('id', '=', foreignReport)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('new');
  });
});

/** A route of one's own account: no site, so only how the caller signed in decides. */
interface AccountRouteCase {
  method: string;
  path: string;
  body?: unknown;
  success: number;
  /** Only a session may call it (a token, even a write one, gets 403). */
  sessionOnly?: boolean;
  /** Succeeding would sign the caller out or change its password: only refusals are exercised. */
  destructive?: boolean;
}

const ACCOUNT_ROUTES: AccountRouteCase[] = [
  { method: 'GET', path: '/v1/me', success: 200 },
  { method: 'GET', path: '/v1/tokens', success: 200 },
  { method: 'POST', path: '/v1/tokens', body: { name: 'Matrix' }, success: 201, sessionOnly: true },
  {
    method: 'POST',
    path: '/v1/me/password',
    body: { current: 'correct horse battery staple', password: 'a brand new passphrase' },
    success: 204,
    sessionOnly: true,
    destructive: true,
  },
  { method: 'POST', path: '/v1/auth/logout-all', success: 204, destructive: true },
  { method: 'POST', path: '/v1/auth/logout', success: 204, destructive: true },
];

/** How a caller of the account routes signed in. */
type AccountCaller =
  | { kind: 'session' }
  | { kind: 'token'; readOnly: boolean }
  | { kind: 'refused'; status: number; code: string; unsafeOnly?: boolean };

const ACCOUNT_CALLERS: Record<string, AccountCaller> = {
  session: { kind: 'session' },
  'write API token': { kind: 'token', readOnly: false },
  'read-only API token': { kind: 'token', readOnly: true },
  'nobody (no session)': { kind: 'refused', status: 401, code: 'unauthenticated' },
  'an expired token': { kind: 'refused', status: 401, code: 'unauthenticated' },
  'a revoked token': { kind: 'refused', status: 401, code: 'unauthenticated' },
  'a session without a CSRF token': { kind: 'refused', status: 403, code: 'forbidden', unsafeOnly: true },
};

describeEachDialect('authorization matrix: one’s own account and token scopes', (t) => {
  let h: Harness;
  const credentials = new Map<string, Credentials>();

  beforeAll(async () => {
    h = harness(t);
    const db = t().db;
    const user = await addUser(db, 'account');
    const session = await signIn(h.app, user.email);
    credentials.set('session', { session });
    credentials.set('write API token', { token: await tokenFor(db, user.id) });
    credentials.set('read-only API token', {
      token: (await createApiToken(db, user.id, { name: 'read', scope: 'read' })).token,
    });
    credentials.set('nobody (no session)', {});
    credentials.set('an expired token', {
      token: (
        await createApiToken(db, user.id, { name: 'old', expiresInDays: 1 }, new Date(Date.now() - 2 * DAY))
      ).token,
    });
    const revoked = await tokenFor(db, user.id);
    await db
      .updateTable('api_tokens')
      .set({ revoked_at: new Date() })
      .where('token_hash', '=', hashSecret(revoked))
      .execute();
    credentials.set('a revoked token', { token: revoked });
    credentials.set('a session without a CSRF token', { session, csrf: null });
  });

  for (const route of ACCOUNT_ROUTES) {
    describe(`${route.method} ${route.path}`, () => {
      for (const [name, caller] of Object.entries(ACCOUNT_CALLERS)) {
        const unsafe = route.method !== 'GET';
        let expected: { status: number; code?: string } | 'skip';
        if (caller.kind === 'refused') {
          expected =
            caller.unsafeOnly && !unsafe
              ? { status: route.success }
              : { status: caller.status, code: caller.code };
        } else if (caller.kind === 'token' && ((caller.readOnly && unsafe) || route.sessionOnly)) {
          expected = { status: 403, code: 'forbidden' };
        } else {
          expected = route.destructive ? 'skip' : { status: route.success };
        }
        if (expected === 'skip') continue;
        const want = expected;
        it(`answers ${want.status}${want.code ? ` ${want.code}` : ''} to ${name}`, async () => {
          const given = credentials.get(name);
          if (!given) throw new Error(`no credentials for ${name}`);
          const response = await call(h.app, route.method, route.path, given, route.body);
          expect(response.status).toBe(want.status);
          if (want.code) expect(await errorCode(response)).toBe(want.code);
        });
      }
    });
  }

  it('answers the public reset route alike whoever calls, and ignores credentials', async () => {
    for (const given of credentials.values()) {
      const response = await call(h.app, 'POST', '/v1/auth/reset/not-a-link', given, {
        password: 'a brand new passphrase',
      });
      expect(response.status).toBe(404);
      expect(await errorCode(response)).toBe('not_found');
    }
  });
});
