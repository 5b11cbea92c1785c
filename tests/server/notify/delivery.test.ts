/**
 * Notifications end to end inside one process, on both dialects: reports and status changes go
 * through the real routes, the real job handlers deliver to real HTTP receivers on 127.0.0.1, and
 * webhook signatures are checked with the `standardwebhooks` package's own verifier.
 */
import { sql } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from '../../../contract/api.js';
import type { Channel, CreatedChannel, Delivery, EventBody } from '../../../contract/channels.js';
import { listDeliveries } from '../../../server/db/queries/deliveries.js';
import { createSite } from '../../../server/db/queries/sites.js';
import { jobHandlers } from '../../../server/jobs/handlers.js';
import { createJobRunner, type JobRunner } from '../../../server/jobs/runner.js';
import { deliveryHandler } from '../../../server/notify/deliver.js';
import { sweepDeliveriesHandler } from '../../../server/notify/sweep.js';
import { describeEachDialect } from '../../helpers/databases.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { FIXTURE_ORIGIN, GENEROUS_RATE_LIMITS, validReport } from '../../helpers/reports.js';
import { addUser, call, type Harness, harness, type Session, signIn } from '../routes/editor/harness.js';

/** A short attempt timeout, so the hanging receiver costs a second, not ten. */
const TEST_TIMEOUT_MS = 1000;

describeEachDialect('notification delivery', (t) => {
  let h: Harness;
  let receiver: Receiver;
  let runner: JobRunner;
  let owner: Session;
  let site: { id: string; key: string };

  beforeAll(async () => {
    receiver = await startReceiver();
    h = harness(t, {
      FETCH_ALLOW_PRIVATE: 'true',
      PUBLIC_URL: 'https://typos.example',
      TELEGRAM_API_URL: `${receiver.url}/telegram`,
      GITHUB_API_URL: `${receiver.url}/github`,
    });
    const handlers = jobHandlers(h.deps).map((handler) =>
      handler.kind === 'delivery'
        ? deliveryHandler(h.deps, { timeoutMs: TEST_TIMEOUT_MS, random: () => 0.5 })
        : handler,
    );
    runner = createJobRunner({
      db: t().db,
      logger: h.deps.logger,
      now: h.clock.now,
      handlers,
      periodic: false,
    });
    const user = await addUser(t().db, 'owner');
    const created = await createSite(t().db, {
      name: 'Gazette',
      origins: [FIXTURE_ORIGIN],
      ownerId: user.id,
    });
    site = { id: created.id, key: created.key };
    await sql`UPDATE sites SET settings = jsonb_set(settings::jsonb, '{rateLimits}', ${JSON.stringify(GENEROUS_RATE_LIMITS)}::jsonb)
               WHERE id = ${site.id}::uuid`.execute(t().db);
    owner = await signIn(h.app, user.email);
  });

  afterAll(async () => {
    await runner.stop(1000);
    await receiver.close();
  });

  beforeEach(async () => {
    await t().db.deleteFrom('channels').execute();
    await t().db.deleteFrom('jobs').execute();
    receiver.received.length = 0;
    receiver.answers = [{ status: 200, body: '{}' }];
    h.clock.current = new Date();
  });

  async function addChannel(body: Record<string, unknown>): Promise<CreatedChannel> {
    const response = await call(h.app, 'POST', `/v1/sites/${site.id}/channels`, { session: owner }, body);
    expect(response.status).toBe(201);
    return response.json();
  }

  async function report(n: number, overrides: Parameters<typeof validReport>[2] = {}): Promise<string> {
    const body = validReport(site.key, n, overrides);
    const response = await h.app.request('/api/v1/reports', {
      method: 'POST',
      headers: { Origin: FIXTURE_ORIGIN, 'Content-Type': 'text/plain' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    return body.id;
  }

  async function deliveries(channelId: string): Promise<Delivery[]> {
    const response = await call(h.app, 'GET', `/v1/channels/${channelId}/deliveries`, { session: owner });
    expect(response.status).toBe(200);
    const page: Page<Delivery> = await response.json();
    return page.items;
  }

  it('signs a new group’s webhook per Standard Webhooks, once, and a duplicate announces nothing new', async () => {
    const channel = await addChannel({ type: 'webhook', name: 'CMS', url: `${receiver.url}/hook` });
    expect(channel.secretValue).toMatch(/^whsec_/);
    await report(1);
    await report(1, { id: crypto.randomUUID() });
    await runner.drain();
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    if (!request) throw new Error('no request');
    const verified = new Webhook(channel.secretValue ?? '').verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    }) as EventBody;
    expect(request.headers['content-type']).toBe('application/json');
    expect(verified.type).toBe('group.created');
    expect(verified.data.site).toEqual({ id: site.id, name: 'Gazette' });
    expect(verified.data.group).toMatchObject({
      quote: 'recieved 1',
      suggestion: 'received',
      kind: 'typo',
      status: 'new',
      url: `${FIXTURE_ORIGIN}/budget-2027/1`,
    });
    expect(verified.data.group.dashboardUrl).toMatch(/^https:\/\/typos\.example\/app\/reports\//);
    expect(verified.data.group.pageUrl).toContain('#:~:text=');
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(request.body, {
        'webhook-id': String(request.headers['webhook-id']),
        'webhook-timestamp': String(request.headers['webhook-timestamp']),
        'webhook-signature': String(request.headers['webhook-signature']),
      }),
    ).toThrow();
    const [logged] = await deliveries(channel.id);
    expect(logged).toMatchObject({
      state: 'delivered',
      attempts: 1,
      lastStatus: 200,
      event: 'group.created',
    });
  });

  it('retries a 503 with Retry-After: 1 after one second, exactly twice in all, with the same webhook-id', async () => {
    receiver.answers = [{ status: 503, headers: { 'Retry-After': '1' } }, { status: 200 }];
    const channel = await addChannel({ type: 'webhook', name: 'CMS', url: `${receiver.url}/hook` });
    await report(2);
    await runner.drain();
    expect(receiver.received).toHaveLength(1);
    const [pending] = await deliveries(channel.id);
    expect(pending?.state).toBe('pending');
    expect(pending?.log[0]?.error).toMatch(/503 Service Unavailable: the receiver failed or is down/);
    const first = receiver.received[0]?.headers['webhook-id'];
    const next = Date.parse(pending?.nextAttemptAt ?? '') - Date.parse(pending?.log[0]?.at ?? '');
    expect(next).toBeGreaterThanOrEqual(1000);
    expect(next).toBeLessThan(30_000);
    h.clock.advance(1000);
    await runner.drain();
    h.clock.advance(60_000);
    await runner.drain();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]?.headers['webhook-id']).toBe(first);
    const [done] = await deliveries(channel.id);
    expect(done).toMatchObject({ state: 'delivered', attempts: 2, lastStatus: 200 });
  });

  it('gives up at once on a 4xx other than 408 and 429', async () => {
    receiver.answers = [{ status: 410, body: '{"message":"gone"}' }];
    const channel = await addChannel({ type: 'webhook', name: 'CMS', url: `${receiver.url}/hook` });
    await report(3);
    await runner.drain();
    h.clock.advance(7 * 60 * 60 * 1000);
    await runner.drain();
    expect(receiver.received).toHaveLength(1);
    const [failed] = await deliveries(channel.id);
    expect(failed).toMatchObject({ state: 'failed', attempts: 1, lastStatus: 410 });
    expect(failed?.lastError).toMatch(/no such endpoint.*not retried/);
  });

  it('times out a hanging receiver and retries it with backoff', async () => {
    receiver.answers = ['hang', { status: 204 }];
    const channel = await addChannel({ type: 'webhook', name: 'CMS', url: `${receiver.url}/hook` });
    await report(4);
    await runner.drain();
    const [waiting] = await deliveries(channel.id);
    expect(waiting?.log[0]).toMatchObject({ status: null, error: 'no answer within 1 seconds (timed out)' });
    const delay = Date.parse(waiting?.nextAttemptAt ?? '') - Date.parse(waiting?.log[0]?.at ?? '');
    expect(delay).toBeGreaterThanOrEqual(15_000);
    expect(delay).toBeLessThanOrEqual(30_000 + TEST_TIMEOUT_MS + 1000);
    h.clock.advance(31_000);
    await runner.drain();
    expect(receiver.received).toHaveLength(2);
    const [done] = await deliveries(channel.id);
    expect(done).toMatchObject({ state: 'delivered', attempts: 2, lastStatus: 204 });
  });

  it('pauses a channel that failed for 24 hours, and gives the delivery up', async () => {
    receiver.answers = [{ status: 500 }];
    const channel = await addChannel({ type: 'webhook', name: 'CMS', url: `${receiver.url}/hook` });
    await report(5);
    for (let i = 0; i < 20; i++) {
      await runner.drain();
      h.clock.advance(6 * 60 * 60 * 1000 + 1000);
    }
    const [failed] = await deliveries(channel.id);
    expect(failed?.state).toBe('failed');
    expect(failed?.lastError).toMatch(/24 hours/);
    const listed = await call(h.app, 'GET', `/v1/sites/${site.id}/channels`, { session: owner });
    const [shown]: Channel[] = await listed.json();
    expect(shown).toMatchObject({ paused: true, pausedReason: 'failing' });
    const events = await t()
      .db.selectFrom('sites')
      .select('notify_events')
      .where('id', '=', site.id)
      .executeTakeFirstOrThrow();
    expect(events.notify_events).toEqual([]);
  });

  it('filters by kind, author and section', async () => {
    const channel = await addChannel({
      type: 'webhook',
      name: 'Politics desk',
      url: `${receiver.url}/hook`,
      filter: { kinds: ['typo'], sections: [' Politics '] },
    });
    await report(6, { page: { section: 'politics' } });
    await report(7, { page: { section: 'Sport' } });
    await report(8, { kind: 'fact', page: { section: 'Politics' } });
    await runner.drain();
    expect(receiver.received).toHaveLength(1);
    expect(JSON.parse(receiver.received[0]?.body ?? '{}').data.group.quote).toBe('recieved 6');
    expect(await deliveries(channel.id)).toHaveLength(1);
  });

  it('announces status changes and every report to channels that take them, keeping notify_events in step', async () => {
    await addChannel({
      type: 'webhook',
      name: 'All',
      url: `${receiver.url}/hook`,
      events: ['report.created', 'group.updated'],
    });
    const events = await t()
      .db.selectFrom('sites')
      .select('notify_events')
      .where('id', '=', site.id)
      .executeTakeFirstOrThrow();
    expect(events.notify_events).toEqual(['group.updated', 'report.created']);
    const id = await report(9);
    await runner.drain();
    const moved = await call(h.app, 'PATCH', `/v1/reports/${id}`, { session: owner }, { status: 'fixed' });
    expect(moved.status).toBe(200);
    await runner.drain();
    const bodies = receiver.received.map((r) => JSON.parse(r.body) as EventBody);
    expect(bodies.map((b) => b.type)).toEqual(['report.created', 'group.updated']);
    expect(bodies[1]?.data.changes).toEqual({ status: { from: 'new', to: 'fixed' } });
    expect(bodies[1]?.data.group.status).toBe('fixed');
  });

  it('posts to Slack, Telegram (escaped HTML) and GitHub, which opens an issue and closes it when the group leaves new', async () => {
    await addChannel({
      type: 'slack',
      name: 'Slack',
      url: `${receiver.url}/slack/services/T0/B0/secretpath`,
    });
    const telegram = await addChannel({
      type: 'telegram',
      name: 'Telegram',
      botToken: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ',
      chatId: '-100200',
    });
    receiver.answers = [{ status: 200, body: '{"ok":true}' }];
    const github = await addChannel({
      type: 'github',
      name: 'Issues',
      repo: 'news/site',
      token: 'ghp_abcdefghijklmnopqrstuvwxyz0123',
    });
    const id = await report(10, { comment: '<b>bold</b> & "quoted"' });
    receiver.answers = [{ status: 200, body: '{"number":42}' }];
    await runner.drain();
    const byPath = (prefix: string) => receiver.received.filter((r) => r.path.startsWith(prefix));
    const slack = byPath('/slack/')[0];
    expect(JSON.parse(slack?.body ?? '{}')).toMatchObject({
      text: expect.stringContaining('“recieved 10” → “received”'),
    });
    expect(JSON.parse(slack?.body ?? '{}').blocks[0].text.text).toContain('&lt;b&gt;bold&lt;/b&gt; &amp;');
    const tg = byPath('/telegram/')[0];
    expect(tg?.path).toBe('/telegram/bot123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ/sendMessage');
    const message = JSON.parse(tg?.body ?? '{}');
    expect(message).toMatchObject({ chat_id: '-100200', parse_mode: 'HTML', disable_web_page_preview: true });
    expect(message.text).toContain('&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;');
    const opened = byPath('/github/')[0];
    expect(opened?.method).toBe('POST');
    expect(opened?.path).toBe('/github/repos/news/site/issues');
    expect(opened?.headers.authorization).toBe('Bearer ghp_abcdefghijklmnopqrstuvwxyz0123');
    expect(JSON.parse(opened?.body ?? '{}').labels).toEqual(['typo']);
    const moved = await call(
      h.app,
      'PATCH',
      `/v1/reports/${id}`,
      { session: owner },
      { status: 'dismissed' },
    );
    expect(moved.status).toBe(200);
    await runner.drain();
    const closed = byPath('/github/')[1];
    expect(closed?.method).toBe('PATCH');
    expect(closed?.path).toBe('/github/repos/news/site/issues/42');
    expect(JSON.parse(closed?.body ?? '{}')).toEqual({ state: 'closed' });
    expect(byPath('/telegram/')).toHaveLength(1);
    expect((await deliveries(telegram.id))[0]?.state).toBe('delivered');
    expect((await deliveries(github.id)).map((d) => d.state)).toEqual(['delivered', 'delivered']);
  });

  it('forgets settled deliveries after 30 days and keeps pending ones', async () => {
    receiver.answers = [{ status: 200 }];
    const channel = await addChannel({ type: 'webhook', name: 'CMS', url: `${receiver.url}/hook` });
    await report(13);
    await runner.drain();
    receiver.answers = [{ status: 503 }];
    await report(14);
    await runner.drain();
    expect((await deliveries(channel.id)).map((d) => d.state).sort()).toEqual(['delivered', 'pending']);
    h.clock.advance(31 * 24 * 60 * 60 * 1000);
    const sweep = sweepDeliveriesHandler(h.deps);
    await sweep.run({
      id: 0,
      kind: sweep.kind,
      payload: {},
      attempts: 1,
      lockToken: '',
      runAt: new Date(),
      createdAt: new Date(),
      dedupeKey: null,
      signal: new AbortController().signal,
    });
    // Read the log from the database: 31 days on, the test's session has expired.
    const left = await listDeliveries(t().db, channel.id, 10, null);
    expect(left.items.map((d) => d.state)).toEqual(['pending']);
  });

  describe('the routes', () => {
    it('shows a secret once, masks it after, and tests a channel at once', async () => {
      const secret = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;
      const created = await addChannel({ type: 'webhook', name: 'CMS', url: `${receiver.url}/hook`, secret });
      expect(created.secretValue).toBe(secret);
      const listed = await call(h.app, 'GET', `/v1/sites/${site.id}/channels`, { session: owner });
      const text = await listed.text();
      expect(text).not.toContain(secret.slice(6, 20));
      const [shown]: Channel[] = JSON.parse(text);
      expect(shown?.secret).toBe(`whsec_…${secret.slice(-4)}`);
      const tested = await call(h.app, 'POST', `/v1/channels/${created.id}/test`, { session: owner });
      expect(await tested.json()).toMatchObject({ ok: true, status: 200, error: null });
      const sent = receiver.received[0];
      expect(
        new Webhook(secret).verify(sent?.body ?? '', {
          'webhook-id': String(sent?.headers['webhook-id']),
          'webhook-timestamp': String(sent?.headers['webhook-timestamp']),
          'webhook-signature': String(sent?.headers['webhook-signature']),
        }),
      ).toMatchObject({ type: 'group.created' });
      receiver.answers = [{ status: 401, body: 'bad signature' }];
      h.clock.advance(1000);
      const refused = await call(h.app, 'POST', `/v1/channels/${created.id}/test`, { session: owner });
      expect(await refused.json()).toMatchObject({
        ok: false,
        status: 401,
        error: expect.stringMatching(/refused the credentials: bad signature/),
      });
      const log = await deliveries(created.id);
      expect(log.map((d) => [d.test, d.state])).toEqual([
        [true, 'failed'],
        [true, 'delivered'],
      ]);
    });

    it('pauses and resumes a channel, and a paused channel receives nothing', async () => {
      const created = await addChannel({ type: 'webhook', name: 'CMS', url: `${receiver.url}/hook` });
      const paused = await call(
        h.app,
        'PATCH',
        `/v1/channels/${created.id}`,
        { session: owner },
        { paused: true },
      );
      expect(await paused.json()).toMatchObject({ paused: true, pausedReason: 'owner' });
      await report(11);
      await runner.drain();
      expect(receiver.received).toHaveLength(0);
      const resumed = await call(
        h.app,
        'PATCH',
        `/v1/channels/${created.id}`,
        { session: owner },
        { paused: false },
      );
      expect(await resumed.json()).toMatchObject({ paused: false, pausedReason: null });
      await report(12);
      await runner.drain();
      expect(receiver.received).toHaveLength(1);
    });

    it('refuses settings of another type, and URLs with credentials', async () => {
      const created = await addChannel({ type: 'slack', name: 'Slack', url: `${receiver.url}/slack/x` });
      expect(created.secretValue).toBe(`${receiver.url}/slack/x`);
      const refused = await call(
        h.app,
        'PATCH',
        `/v1/channels/${created.id}`,
        { session: owner },
        { secret: `whsec_${Buffer.alloc(32).toString('base64')}` },
      );
      expect(refused.status).toBe(400);
      const withCredentials = await call(
        h.app,
        'POST',
        `/v1/sites/${site.id}/channels`,
        { session: owner },
        {
          type: 'webhook',
          name: 'x',
          url: 'https://user:pass@hooks.example/',
        },
      );
      expect(withCredentials.status).toBe(400);
      const missing = await call(
        h.app,
        'POST',
        `/v1/sites/${site.id}/channels`,
        { session: owner },
        { type: 'telegram', name: 'x' },
      );
      expect(missing.status).toBe(400);
    });
  });
});
