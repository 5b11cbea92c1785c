import { screen, waitFor } from '@testing-library/preact';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Channel, CreatedChannel, Delivery } from '../../contract/channels.js';
import { installFakeApi, ME, makeSite, ok } from './fake-api.js';
import { renderAt } from './render-app.js';

const SECRET = `whsec_${'A'.repeat(43)}=`;

function channel(overrides: Partial<Channel> = {}): Channel {
  return {
    id: 'c1',
    siteId: 's1',
    type: 'webhook',
    name: 'CMS',
    events: ['group.created'],
    filter: {},
    url: 'https://cms.news.example/hook',
    chatId: null,
    repo: null,
    secret: 'whsec_…AAA=',
    paused: false,
    pausedReason: null,
    pausedAt: null,
    failingSince: null,
    createdAt: '2026-11-30T08:00:00.000Z',
    updatedAt: '2026-11-30T08:00:00.000Z',
    ...overrides,
  };
}

const failed: Delivery = {
  id: 'd1',
  event: 'group.created',
  test: false,
  state: 'failed',
  attempts: 1,
  lastStatus: 404,
  lastError: 'HTTP 404 Not Found: no such endpoint (wrong URL, chat or repository?)',
  nextAttemptAt: null,
  deliveredAt: null,
  createdAt: '2026-11-30T08:05:00.000Z',
  log: [
    {
      n: 1,
      at: '2026-11-30T08:05:00.000Z',
      status: 404,
      durationMs: 12,
      error: 'HTTP 404 Not Found: no such endpoint (wrong URL, chat or repository?)',
    },
  ],
};

describe('the Notifications page', () => {
  it('adds a webhook and shows its secret once, with a copy button', async () => {
    let listed: Channel[] = [];
    const fake = installFakeApi()
      .on('GET /me', () => ok(ME))
      .on('GET /sites/:id', () => ok(makeSite('owner')))
      .on('GET /sites/:id/notifications', () => ok({ email: 'daily', emailConfigured: true }))
      .on('GET /sites/:id/channels', () => ok(listed))
      .on('POST /sites/:id/channels', () => {
        listed = [channel()];
        const created: CreatedChannel = { ...channel(), secretValue: SECRET };
        return { status: 201, body: created };
      });
    renderAt('/sites/s1/notifications');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Add a channel' }));
    await user.type(screen.getByLabelText('Name'), 'CMS');
    await user.type(screen.getByLabelText('URL'), 'https://cms.news.example/hook');
    await user.click(screen.getByRole('button', { name: 'Add channel' }));
    expect(await screen.findByText(SECRET)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy secret' })).toBeTruthy();
    expect(fake.callsTo('POST /sites/:id/channels')[0]?.body).toEqual({
      type: 'webhook',
      name: 'CMS',
      events: ['group.created'],
      filter: { kinds: [], authors: [], sections: [] },
      url: 'https://cms.news.example/hook',
    });
    expect(await screen.findByText('whsec_…AAA=')).toBeTruthy();
  });

  it('shows a failing channel on the site’s pages and explains its failures in the log', async () => {
    installFakeApi()
      .on('GET /me', () => ok(ME))
      .on('GET /sites/:id', () => ok(makeSite('editor')))
      .on('GET /sites/:id/channels', () =>
        ok([channel({ paused: true, pausedReason: 'failing', pausedAt: '2026-11-30T09:00:00.000Z' })]),
      )
      .on('GET /channels/:id/deliveries', () => ok({ items: [failed], nextCursor: null }));
    renderAt('/sites/s1/notifications');
    expect(
      (await screen.findAllByText(/paused: every delivery failed for 24 hours/)).length,
    ).toBeGreaterThanOrEqual(2);
    // Editors see channels and logs but no control that changes them.
    expect(screen.queryByRole('button', { name: 'Add a channel' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Send a test' })).toBeNull();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Deliveries' }));
    await waitFor(() => expect(screen.getAllByText(/no such endpoint/).length).toBeGreaterThan(0));
  });

  it('shows viewers their own e-mail choice only, never the channels', async () => {
    const fake = installFakeApi()
      .on('GET /me', () => ok(ME))
      .on('GET /sites/:id', () => ok(makeSite('viewer')))
      .on('GET /sites/:id/notifications', () => ok({ email: 'off', emailConfigured: true }));
    renderAt('/sites/s1/notifications');
    expect(await screen.findByRole('heading', { name: 'Your e-mail' })).toBeTruthy();
    await screen.findByRole('radio', { name: /^Off/ });
    expect(screen.queryByRole('heading', { name: 'Channels' })).toBeNull();
    expect(fake.callsTo('GET /sites/:id/channels')).toHaveLength(0);
  });
});
