/**
 * The authorization matrix: every route of a site against every kind of caller. Each forbidden cell
 * is asserted with its exact status and code; allowed cells must succeed.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../../contract/api.js';
import { SESSION_TTL_MS } from '../../../../server/auth/sessions.js';
import { createChannel } from '../../../../server/db/queries/channels.js';
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
  /** Succeeding would destroy fixtures the other cells need: only refusals are exercised. */
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
  { method: 'GET', path: (f) => `/v1/reports/${f.report}`, minimum: 'viewer', success: 200 },
  {
    method: 'PATCH',
    path: (f) => `/v1/reports/${f.report}`,
    body: { status: 'new' },
    minimum: 'editor',
    success: 200,
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

const STRENGTH: Record<Role, number> = { owner: 3, editor: 2, viewer: 1 };

/** What a caller is, and therefore what every route must answer it. */
type Caller =
  | { kind: 'member'; role: Role; via: 'session' | 'token' }
  | { kind: 'refused'; status: number; code: string; unsafeOnly?: boolean };

const CALLERS: Record<string, Caller> = {
  'owner (session)': { kind: 'member', role: 'owner', via: 'session' },
  'editor (session)': { kind: 'member', role: 'editor', via: 'session' },
  'viewer (session)': { kind: 'member', role: 'viewer', via: 'session' },
  'editor (API token)': { kind: 'member', role: 'editor', via: 'token' },
  'viewer (API token)': { kind: 'member', role: 'viewer', via: 'token' },
  'nobody (no session)': { kind: 'refused', status: 401, code: 'unauthenticated' },
  'owner with an expired session': { kind: 'refused', status: 401, code: 'unauthenticated' },
  'owner with a revoked token': { kind: 'refused', status: 401, code: 'unauthenticated' },
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
