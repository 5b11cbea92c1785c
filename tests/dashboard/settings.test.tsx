import { screen, waitFor, within } from '@testing-library/preact';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ApiToken, Member, Site } from '../../contract/api.js';
import { installFakeApi, ME, makeSite, ok } from './fake-api.js';
import { renderAt } from './render-app.js';

const members: Member[] = [
  { user: ME.user, role: 'owner', createdAt: '2026-01-01T00:00:00Z' },
  {
    user: { id: 'u2', email: 'vi@news.example', name: null },
    role: 'viewer',
    createdAt: '2026-01-02T00:00:00Z',
  },
];

function settingsApi(site: Site) {
  return installFakeApi()
    .on('GET /me', () => ok(ME))
    .on('GET /sites/:id', () => ok(site))
    .on('GET /sites/:id/members', () => ok(members))
    .on('GET /sites/:id/invitations', () => ok([]))
    .on('GET /sites/:id/notifications', () => ok({ email: 'daily', emailConfigured: true }));
}

describe('site settings', () => {
  it('show viewers the snippet and members but no control that changes anything', async () => {
    const fake = settingsApi(makeSite('viewer'));
    renderAt('/sites/s1/settings');
    expect(await screen.findByText('vi@news.example')).toBeTruthy();
    expect(screen.getByText(makeSite().snippet)).toBeTruthy();
    expect(screen.queryAllByRole('textbox')).toHaveLength(0);
    expect(screen.queryAllByRole('spinbutton')).toHaveLength(0);
    expect(screen.queryAllByRole('combobox')).toHaveLength(0);
    const main = screen.getByRole('main');
    expect(
      within(main)
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual(['Copy snippet']);
    expect(screen.queryByRole('heading', { name: 'Invitations' })).toBeNull();
    expect(fake.callsTo('GET /sites/:id/invitations')).toHaveLength(0);
  });

  it('let owners edit the site and send the whole settings object', async () => {
    const fake = settingsApi(makeSite('owner')).on('PATCH /sites/:id', () =>
      ok({ ...makeSite('owner'), name: 'Renamed' }),
    );
    renderAt('/sites/s1/settings');
    const user = userEvent.setup();
    const name = await screen.findByLabelText('Name');
    await user.clear(name);
    await user.type(name, 'Renamed');
    const origins = screen.getByLabelText('Allowed origins');
    await user.clear(origins);
    await user.type(origins, 'https://a.example{Enter}https://b.example');
    const cms = screen.getByLabelText('Edit in CMS link');
    await user.clear(cms);
    await user.type(screen.getByLabelText('Delete closed reports after (days)'), '90');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Renamed'));
    expect(fake.callsTo('PATCH /sites/:id')[0]?.body).toEqual({
      name: 'Renamed',
      origins: ['https://a.example', 'https://b.example'],
      settings: {
        maxSelection: 300,
        cmsUrlTemplate: null,
        retentionDays: 90,
        timezone: 'UTC',
        rateLimits: { clientPerMinute: 10, clientPerDay: 100, sitePerMinute: 600, nullOriginPerMinute: 60 },
      },
    });
  });

  it('let owners change roles and create an invitation link shown once', async () => {
    const fake = settingsApi(makeSite('owner'))
      .on('PATCH /sites/:id/members/:userId', () => ok({ ...members[1], role: 'editor' }))
      .on('POST /sites/:id/invitations', () =>
        ok({
          id: 'i1',
          role: 'viewer',
          email: null,
          expiresAt: '2030-01-01T00:00:00Z',
          createdAt: '2026-01-01T00:00:00Z',
          url: 'https://typos.example/app/invite/secret-token',
        }),
      );
    renderAt('/sites/s1/settings');
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Role of vi@news.example'), 'editor');
    await waitFor(() => expect(fake.callsTo('PATCH /sites/:id/members/:userId')).toHaveLength(1));
    expect(fake.callsTo('PATCH /sites/:id/members/:userId')[0]).toMatchObject({
      path: '/sites/s1/members/u2',
      body: { role: 'editor' },
    });
    await user.selectOptions(screen.getByLabelText('Role'), 'viewer');
    await user.click(screen.getByRole('button', { name: 'Create invitation link' }));
    expect(await screen.findByText('https://typos.example/app/invite/secret-token')).toBeTruthy();
    expect(fake.callsTo('POST /sites/:id/invitations')[0]?.body).toEqual({
      role: 'viewer',
      expiresInDays: 7,
    });
  });
});

describe('e-mail settings', () => {
  it('let any member, a viewer too, choose instant mail', async () => {
    const fake = settingsApi(makeSite('viewer'))
      .on('GET /sites/:id/notifications', () => ok({ email: 'off', emailConfigured: true }))
      .on('PATCH /sites/:id/notifications', (call) =>
        ok({ ...(call.body as object), emailConfigured: true }),
      );
    renderAt('/sites/s1/notifications');
    const user = userEvent.setup();
    const off = await screen.findByRole('radio', { name: /^Off/ });
    expect((off as HTMLInputElement).checked).toBe(true);
    await user.click(screen.getByRole('radio', { name: /^Each new report/ }));
    await waitFor(() => expect(fake.callsTo('PATCH /sites/:id/notifications')).toHaveLength(1));
    expect(fake.callsTo('PATCH /sites/:id/notifications')[0]?.body).toEqual({ email: 'instant' });
    await waitFor(() =>
      expect((screen.getByRole('radio', { name: /^Each new report/ }) as HTMLInputElement).checked).toBe(
        true,
      ),
    );
    expect(screen.queryByText(/E-mail is not configured/)).toBeNull();
  });

  it('say on the Notifications page that e-mail is not configured', async () => {
    settingsApi(makeSite('viewer')).on('GET /sites/:id/notifications', () =>
      ok({ email: 'off', emailConfigured: false }),
    );
    renderAt('/sites/s1/notifications');
    expect(await screen.findByText(/E-mail is not configured on this server/)).toBeTruthy();
  });

  it('say that an invitation link was not mailed, and still offer it to copy', async () => {
    settingsApi(makeSite('owner'))
      .on('GET /sites/:id/notifications', () => ok({ email: 'daily', emailConfigured: false }))
      .on('POST /sites/:id/invitations', () =>
        ok({
          id: 'i2',
          role: 'editor',
          email: 'new@news.example',
          expiresAt: '2030-01-01T00:00:00Z',
          createdAt: '2026-01-01T00:00:00Z',
          url: 'https://typos.example/app/invite/another-token',
          mailed: false,
        }),
      );
    renderAt('/sites/s1/settings');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Invitee email (optional)'), 'new@news.example');
    await user.click(screen.getByRole('button', { name: 'Create invitation link' }));
    expect(await screen.findByText(/Not mailed: e-mail is not configured/)).toBeTruthy();
    expect(screen.getByText('https://typos.example/app/invite/another-token')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy link' })).toBeTruthy();
  });

  it('say when an invitation was mailed', async () => {
    settingsApi(makeSite('owner')).on('POST /sites/:id/invitations', () =>
      ok({
        id: 'i3',
        role: 'editor',
        email: 'new@news.example',
        expiresAt: '2030-01-01T00:00:00Z',
        createdAt: '2026-01-01T00:00:00Z',
        url: 'https://typos.example/app/invite/third-token',
        mailed: true,
      }),
    );
    renderAt('/sites/s1/settings');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Invitee email (optional)'), 'new@news.example');
    await user.click(screen.getByRole('button', { name: 'Create invitation link' }));
    expect(await screen.findByText(/Mailed to new@news.example/)).toBeTruthy();
  });
});

describe('API tokens', () => {
  it('show a new token’s secret once and revoke tokens', async () => {
    let tokens: ApiToken[] = [
      {
        id: 't1',
        name: 'export',
        scope: 'read',
        createdAt: '2026-01-01T00:00:00Z',
        lastUsedAt: '2026-01-03T00:00:00Z',
        expiresAt: '2027-01-01T00:00:00Z',
      },
    ];
    const fake = installFakeApi()
      .on('GET /me', () => ok(ME))
      .on('GET /tokens', () => ok(tokens))
      .on('POST /tokens', () => {
        const created: ApiToken = {
          id: 't2',
          name: 'ci',
          scope: 'write',
          createdAt: '2026-01-02T00:00:00Z',
          lastUsedAt: null,
          expiresAt: null,
        };
        tokens = [...tokens, created];
        return ok({ ...created, token: 'mp_secret_value' });
      })
      .on('DELETE /tokens/:id', (_call, params) => {
        tokens = tokens.filter((token) => token.id !== params.id);
        return { status: 204 };
      });
    renderAt('/tokens');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Token name'), 'ci');
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    expect(await screen.findByText('mp_secret_value')).toBeTruthy();
    expect(fake.callsTo('POST /tokens')[0]?.body).toEqual({ name: 'ci', scope: 'write' });
    const listed = (await screen.findByRole('button', { name: 'Revoke export' })).closest('li');
    expect(listed?.textContent).toContain('read only');
    expect(listed?.textContent).toContain('last used');
    expect(listed?.textContent).toContain('expires');
    await user.click(await screen.findByRole('button', { name: 'Revoke ci' }));
    await waitFor(() => expect(screen.queryByText('mp_secret_value')).toBeNull());
    expect(fake.callsTo('DELETE /tokens/:id')[0]?.path).toBe('/tokens/t2');
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Revoke ci' })).toBeNull());
  });

  it('creates a read-only token that expires', async () => {
    const fake = installFakeApi()
      .on('GET /me', () => ok(ME))
      .on('GET /tokens', () => ok([]))
      .on('POST /tokens', () =>
        ok({
          id: 't3',
          name: 'report',
          scope: 'read',
          createdAt: '2026-01-02T00:00:00Z',
          lastUsedAt: null,
          expiresAt: '2026-02-01T00:00:00Z',
          token: 'mp_other_secret',
        }),
      );
    renderAt('/tokens');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Token name'), 'report');
    await user.selectOptions(screen.getByLabelText('Access'), 'read');
    await user.selectOptions(screen.getByLabelText('Expires'), '30');
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    expect(await screen.findByText('mp_other_secret')).toBeTruthy();
    expect(fake.callsTo('POST /tokens')[0]?.body).toEqual({
      name: 'report',
      scope: 'read',
      expiresInDays: 30,
    });
  });
});
