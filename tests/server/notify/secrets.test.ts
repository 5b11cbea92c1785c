/**
 * Secrets leave the server once: in the answer that creates the channel. Every later answer (list,
 * change, test, delivery log) and every log line of the app and the delivery worker, failures
 * included, is searched for each secret.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CreatedChannel } from '../../../contract/channels.js';
import { createApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import { createSite } from '../../../server/db/queries/sites.js';
import { appDeps } from '../../../server/deps.js';
import { jobHandlers } from '../../../server/jobs/handlers.js';
import { createJobRunner } from '../../../server/jobs/runner.js';
import { createLogger } from '../../../server/logger.js';
import { describeEachDialect } from '../../helpers/databases.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { FIXTURE_ORIGIN, GENEROUS_RATE_LIMITS, validReport } from '../../helpers/reports.js';
import { addUser, Clock, call, signIn } from '../routes/editor/harness.js';

const WEBHOOK_SECRET = `whsec_${Buffer.from('a webhook secret nobody may read!').toString('base64')}`;
const BOT_TOKEN = '987654:BotTokenThatMustNeverBeLogged_xyz';
const GITHUB_TOKEN = 'ghp_GitHubTokenThatMustNeverBeLogged0';
const SLACK_PATH = 'T0SECRET/B0SECRET/SlackPathThatMustNeverShow';

describeEachDialect('secrets after creation', (t) => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver([{ status: 500, body: 'boom' }]);
  });
  afterAll(async () => receiver.close());

  it('never appear in an answer after creation or in a log line', async () => {
    const lines: string[] = [];
    const clock = new Clock();
    const deps = appDeps({
      db: t().db,
      dialect: t().dialect,
      config: loadConfig({
        LOG_LEVEL: 'debug',
        FETCH_ALLOW_PRIVATE: 'true',
        TELEGRAM_API_URL: `${receiver.url}/tg`,
        GITHUB_API_URL: `${receiver.url}/gh`,
      }),
      logger: createLogger('debug', (line) => lines.push(line)),
      now: clock.now,
    });
    const app = createApp(deps);
    const runner = createJobRunner({
      db: t().db,
      logger: deps.logger,
      now: clock.now,
      handlers: jobHandlers(deps),
      periodic: false,
    });
    const user = await addUser(t().db, 'owner');
    const site = await createSite(t().db, { name: 'Gazette', origins: [FIXTURE_ORIGIN], ownerId: user.id });
    await sql`UPDATE sites SET settings = jsonb_set(settings::jsonb, '{rateLimits}', ${JSON.stringify(GENEROUS_RATE_LIMITS)}::jsonb)
               WHERE id = ${site.id}::uuid`.execute(t().db);
    const session = await signIn(app, user.email);
    const answers: string[] = [];
    const send = async (method: string, path: string, body?: unknown) => {
      const response = await call(app, method, path, { session }, body);
      answers.push(await response.text());
      return response;
    };
    const bodies = [
      { type: 'webhook', name: 'Hook', url: `${receiver.url}/hook`, secret: WEBHOOK_SECRET },
      { type: 'telegram', name: 'TG', botToken: BOT_TOKEN, chatId: '42' },
      { type: 'github', name: 'GH', repo: 'news/site', token: GITHUB_TOKEN },
      { type: 'slack', name: 'Slack', url: `${receiver.url}/${SLACK_PATH}` },
    ];
    const ids: string[] = [];
    for (const body of bodies) {
      const response = await call(app, 'POST', `/v1/sites/${site.id}/channels`, { session }, body);
      expect(response.status).toBe(201);
      const created: CreatedChannel = await response.json();
      expect(created.secretValue).not.toBeNull();
      ids.push(created.id);
    }
    await app.request('/api/v1/reports', {
      method: 'POST',
      headers: { Origin: FIXTURE_ORIGIN, 'Content-Type': 'text/plain' },
      body: JSON.stringify(validReport(site.key, 1)),
    });
    await runner.drain();
    clock.advance(60_000);
    await runner.drain();
    await send('GET', `/v1/sites/${site.id}/channels`);
    for (const id of ids) {
      await send('POST', `/v1/channels/${id}/test`);
      await send('GET', `/v1/channels/${id}/deliveries`);
      await send('PATCH', `/v1/channels/${id}`, { name: 'Renamed' });
    }
    await send('PATCH', `/v1/channels/${ids[0]}`, {
      secret: `whsec_${Buffer.alloc(32, 8).toString('base64')}`,
    });
    await runner.stop(1000);

    expect(receiver.received.length).toBeGreaterThanOrEqual(8);
    expect(lines.length).toBeGreaterThan(0);
    const everything = [...answers, ...lines].join('\n');
    for (const secret of [WEBHOOK_SECRET.slice(6), BOT_TOKEN, GITHUB_TOKEN, SLACK_PATH]) {
      expect(everything).not.toContain(secret.slice(0, -4));
    }
  });
});
