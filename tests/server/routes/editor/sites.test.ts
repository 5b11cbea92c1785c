import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS, type Member, type Site } from '../../../../contract/api.js';
import { describeEachDialect } from '../../../helpers/databases.js';
import {
  addMember,
  addSite,
  addUser,
  call,
  errorCode,
  type Harness,
  harness,
  type Session,
  signIn,
} from './harness.js';

describeEachDialect('sites and members', (t) => {
  let h: Harness;
  let owner: { id: string; email: string };
  let session: Session;
  beforeAll(async () => {
    h = harness(t, { PUBLIC_URL: 'https://typos.example' });
    owner = await addUser(t().db, 'owner');
    session = await signIn(h.app, owner.email);
  });

  async function create(body: unknown): Promise<Response> {
    return call(h.app, 'POST', '/v1/sites', { session }, body);
  }

  describe('sites', () => {
    it('creates a site with normalised, deduplicated origins, default settings and its snippet', async () => {
      const response = await create({
        name: '  The Daily  ',
        origins: ['HTTPS://News.Example/', 'https://news.example', 'http://localhost:3000/path'],
      });
      expect(response.status).toBe(201);
      const site: Site = await response.json();
      expect(site).toEqual({
        id: expect.any(String),
        key: expect.any(String),
        name: 'The Daily',
        origins: ['https://news.example', 'http://localhost:3000'],
        settings: DEFAULT_SITE_SETTINGS,
        role: 'owner',
        snippet: `<script src="https://typos.example/widget.js" data-site="${site.key}" async></script>`,
        createdAt: expect.any(String),
      });
      const listed: Site[] = await (await call(h.app, 'GET', '/v1/sites', { session })).json();
      expect(listed.map((s) => s.id)).toContain(site.id);
    });

    /** A request as the server receives one sent with `Host: attacker.example`. */
    function viaForeignHost(
      app: Harness['app'],
      session: Session,
      method: string,
      path: string,
      body?: unknown,
    ) {
      return app.request(`http://attacker.example/api${path}`, {
        method,
        headers: {
          Cookie: session.cookie,
          'X-CSRF-Token': session.csrfToken,
          'Content-Type': 'application/json',
          'X-Forwarded-Host': 'attacker.example',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    }

    it('uses the listening address in the snippet when no public URL is configured, never the Host header', async () => {
      const plain = harness(t, { PORT: '8123' });
      const plainSession = await signIn(plain.app, owner.email);
      const response = await viaForeignHost(plain.app, plainSession, 'POST', '/v1/sites', {
        name: 'x',
        origins: [],
      });
      expect(response.status).toBe(201);
      const site: Site = await response.json();
      expect(site.snippet).toContain('src="http://localhost:8123/widget.js"');
      expect(site.snippet).not.toContain('attacker.example');
      const bound = harness(t, { PORT: '8123', HOST: '192.0.2.7' });
      const read = await viaForeignHost(bound.app, plainSession, 'GET', `/v1/sites/${site.id}`);
      expect(((await read.json()) as Site).snippet).toContain('src="http://192.0.2.7:8123/widget.js"');
    });

    it('makes invitation links from the listening address, never from the Host header', async () => {
      const plain = harness(t, { PORT: '8123' });
      const plainSession = await signIn(plain.app, owner.email);
      const created = await call(
        plain.app,
        'POST',
        '/v1/sites',
        { session: plainSession },
        { name: 'y', origins: [] },
      );
      const site: Site = await created.json();
      const invited = await viaForeignHost(
        plain.app,
        plainSession,
        'POST',
        `/v1/sites/${site.id}/invitations`,
        {
          role: 'editor',
        },
      );
      expect(invited.status).toBe(201);
      const invitation: { url: string } = await invited.json();
      expect(invitation.url.startsWith('http://localhost:8123/')).toBe(true);
      expect(invitation.url).not.toContain('attacker.example');
    });

    it('answers 400 invalid_request with issues for bad names, origins and settings', async () => {
      const cases: Array<[unknown, string]> = [
        [{ name: '', origins: [] }, 'name'],
        [{ name: 'x', origins: ['ftp://news.example'] }, 'origins.0'],
        [{ name: 'x', origins: ['not a url'] }, 'origins.0'],
        [{ name: 'x', origins: [], settings: { maxSelection: 1001 } }, 'settings.maxSelection'],
        [
          { name: 'x', origins: [], settings: { cmsUrlTemplate: 'https://cms.example/edit' } },
          'settings.cmsUrlTemplate',
        ],
        [
          { name: 'x', origins: [], settings: { cmsUrlTemplate: 'javascript:alert({url})' } },
          'settings.cmsUrlTemplate',
        ],
        [
          { name: 'x', origins: [], settings: { rateLimits: { clientPerMinute: 0 } } },
          'settings.rateLimits.clientPerMinute',
        ],
        [{ name: 'x', origins: [], settings: { retentionDays: 29 } }, 'settings.retentionDays'],
        [{ name: 'x', origins: [], settings: { retentionDays: 30.5 } }, 'settings.retentionDays'],
      ];
      for (const [body, path] of cases) {
        const response = await create(body);
        expect(response.status).toBe(400);
        const error: { error: { code: string; issues: Array<{ path: string }> } } = await response.json();
        expect(error.error.code).toBe('invalid_request');
        expect(error.error.issues.map((i) => i.path)).toContain(path);
      }
    });

    it('keeps a time zone in its canonical spelling and refuses one the runtime does not know', async () => {
      const created: Site = await (await create({ name: 'Zoned', origins: ['https://z.example'] })).json();
      expect(created.settings.timezone).toBe('UTC');
      const patch = (timezone: string) =>
        call(h.app, 'PATCH', `/v1/sites/${created.id}`, { session }, { settings: { timezone } });
      const zoned = await patch(' america/new_york ');
      expect(zoned.status).toBe(200);
      expect(((await zoned.json()) as Site).settings.timezone).toBe('America/New_York');
      expect((await patch('Mars/Olympus_Mons')).status).toBe(400);
      expect((await patch('')).status).toBe(400);
    });

    it('changes name, origins and settings, merging partial settings into the stored ones', async () => {
      const created: Site = await (
        await create({ name: 'Old', origins: ['https://a.example'], settings: { maxSelection: 200 } })
      ).json();
      const response = await call(
        h.app,
        'PATCH',
        `/v1/sites/${created.id}`,
        { session },
        {
          name: 'New',
          settings: {
            cmsUrlTemplate: 'https://cms.example/edit?page={url}',
            rateLimits: { clientPerDay: 7 },
          },
        },
      );
      expect(response.status).toBe(200);
      const site: Site = await response.json();
      expect(site.name).toBe('New');
      expect(site.origins).toEqual(['https://a.example']);
      expect(site.settings).toEqual({
        maxSelection: 200,
        cmsUrlTemplate: 'https://cms.example/edit?page={url}',
        retentionDays: null,
        rateLimits: { ...DEFAULT_SITE_SETTINGS.rateLimits, clientPerDay: 7 },
        routes: [],
        timezone: 'UTC',
      });
      const retained: Site = await (
        await call(
          h.app,
          'PATCH',
          `/v1/sites/${created.id}`,
          { session },
          { settings: { retentionDays: 30 } },
        )
      ).json();
      expect(retained.settings.retentionDays).toBe(30);
      expect(retained.settings.maxSelection).toBe(200);
      const cleared: Site = await (
        await call(
          h.app,
          'PATCH',
          `/v1/sites/${created.id}`,
          { session },
          { settings: { cmsUrlTemplate: null } },
        )
      ).json();
      expect(cleared.settings.cmsUrlTemplate).toBeNull();
      expect(cleared.settings.maxSelection).toBe(200);
      // The widget learns a non-default selection limit from the snippet.
      expect(cleared.snippet).toContain(`data-site="${created.key}" data-max-selection="200" async`);
    });

    it('lists only the caller’s own sites, each with the caller’s role', async () => {
      const other = await addUser(t().db, 'other');
      const theirs = await addSite(t().db, other.id, 'Theirs');
      const shared = await addSite(t().db, other.id, 'Shared');
      await addMember(t().db, shared, owner.id, 'viewer');
      const listed: Site[] = await (await call(h.app, 'GET', '/v1/sites', { session })).json();
      expect(listed.find((s) => s.id === theirs)).toBeUndefined();
      expect(listed.find((s) => s.id === shared)?.role).toBe('viewer');
    });
  });

  describe('members', () => {
    let siteId: string;
    let editor: { id: string; email: string };
    beforeAll(async () => {
      siteId = await addSite(t().db, owner.id, 'Members');
      editor = await addUser(t().db, 'editor');
      await addMember(t().db, siteId, editor.id, 'editor');
    });

    it('lists members, owners first', async () => {
      const members: Member[] = await (
        await call(h.app, 'GET', `/v1/sites/${siteId}/members`, { session })
      ).json();
      expect(members.map((m) => [m.user.email, m.role])).toEqual([
        [owner.email, 'owner'],
        [editor.email, 'editor'],
      ]);
    });

    it('changes a member’s role and answers the member', async () => {
      const response = await call(
        h.app,
        'PATCH',
        `/v1/sites/${siteId}/members/${editor.id}`,
        { session },
        { role: 'viewer' },
      );
      expect(response.status).toBe(200);
      const member: Member = await response.json();
      expect([member.user.id, member.role]).toEqual([editor.id, 'viewer']);
      await call(h.app, 'PATCH', `/v1/sites/${siteId}/members/${editor.id}`, { session }, { role: 'editor' });
    });

    it('never demotes or removes the last owner (409 conflict)', async () => {
      const demote = await call(
        h.app,
        'PATCH',
        `/v1/sites/${siteId}/members/${owner.id}`,
        { session },
        { role: 'editor' },
      );
      expect(demote.status).toBe(409);
      expect(await errorCode(demote)).toBe('conflict');
      const remove = await call(h.app, 'DELETE', `/v1/sites/${siteId}/members/${owner.id}`, { session });
      expect(remove.status).toBe(409);
      expect(await errorCode(remove)).toBe('conflict');
    });

    it('lets an owner step down once there is another owner', async () => {
      const site = await addSite(t().db, owner.id, 'Handover');
      const successor = await addUser(t().db, 'successor');
      await addMember(t().db, site, successor.id, 'editor');
      await call(h.app, 'PATCH', `/v1/sites/${site}/members/${successor.id}`, { session }, { role: 'owner' });
      const response = await call(
        h.app,
        'PATCH',
        `/v1/sites/${site}/members/${owner.id}`,
        { session },
        { role: 'editor' },
      );
      expect(response.status).toBe(200);
    });

    it('lets a member leave a site, and then the site is not found for them', async () => {
      const leaver = await addUser(t().db, 'leaver');
      await addMember(t().db, siteId, leaver.id, 'viewer');
      const leaverSession = await signIn(h.app, leaver.email);
      expect(
        (await call(h.app, 'DELETE', `/v1/sites/${siteId}/members/${leaver.id}`, { session: leaverSession }))
          .status,
      ).toBe(204);
      const after = await call(h.app, 'GET', `/v1/sites/${siteId}`, { session: leaverSession });
      expect(after.status).toBe(404);
    });

    it('answers 404 for a user who is not a member', async () => {
      const stranger = await addUser(t().db, 'stranger');
      const response = await call(
        h.app,
        'PATCH',
        `/v1/sites/${siteId}/members/${stranger.id}`,
        { session },
        { role: 'viewer' },
      );
      expect(response.status).toBe(404);
      expect(await errorCode(response)).toBe('not_found');
    });
  });
});
