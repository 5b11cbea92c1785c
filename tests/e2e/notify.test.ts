import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS } from '../../contract/api.js';
import type { EventBody } from '../../contract/channels.js';
import { createSite } from '../../server/db/queries/sites.js';
import { createUser } from '../../server/db/queries/users.js';
import { axeViolations } from '../helpers/axe.js';
import {
  isChromiumAvailable,
  launchChromium,
  listenOnLoopback,
  selectWord,
  signInOnDashboard,
} from '../helpers/browser.js';
import { createMigratedPostgres, isPostgresAvailable, type TestDatabase } from '../helpers/databases.js';
import { type Receiver, startReceiver } from '../helpers/receiver.js';
import { freePort, type RunningServer, startServer } from '../helpers/server.js';

const available = isChromiumAvailable() && (await isPostgresAvailable());

const EMAIL = 'owner@notify.example';
const PASSWORD = 'correct horse battery staple';

describe.runIf(available)('notifications end to end', () => {
  let server: RunningServer;
  let browser: Browser;
  let database: TestDatabase & { url: string };
  let receiver: Receiver;
  let pages: Server;
  let pagesOrigin = '';
  let serverUrl = '';
  let siteId = '';
  let siteKey = '';

  beforeAll(async () => {
    const port = await freePort();
    serverUrl = `http://127.0.0.1:${port}`;
    receiver = await startReceiver();
    pages = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Budget</title></head>
<body><main><p id="text">Late on Friday the city council has recieved the draft budget.</p></main>
<script src="${serverUrl}/widget.js" data-site="${siteKey}" async></script></body></html>`,
      );
    });
    pagesOrigin = await listenOnLoopback(pages);
    database = await createMigratedPostgres();
    const user = await createUser(database.db, { email: EMAIL, password: PASSWORD, name: 'Owner' });
    const site = await createSite(database.db, {
      name: 'Notify E2E',
      origins: [pagesOrigin],
      ownerId: user.id,
      settings: DEFAULT_SITE_SETTINGS,
    });
    siteId = site.id;
    siteKey = site.key;
    server = await startServer(
      { DATABASE_URL: database.url, PUBLIC_URL: serverUrl, FETCH_ALLOW_PRIVATE: 'true' },
      { port },
    );
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await receiver?.close();
    await database?.close();
    await new Promise((resolve) => pages?.close(resolve));
  });

  it('delivers a widget report from another origin to a webhook added on the dashboard, signed', async () => {
    const context = await browser.newContext();
    const owner = await context.newPage();
    await signInOnDashboard(owner, serverUrl, EMAIL, PASSWORD);
    await owner.goto(`${serverUrl}/app/sites/${siteId}/notifications`);
    await owner.getByRole('button', { name: 'Add a channel' }).click();
    await owner.getByLabel('Name').fill('Newsroom CMS');
    await owner.getByLabel('URL').fill(`${receiver.url}/hook`);
    await owner.getByRole('button', { name: 'Add channel' }).click();
    const shown = owner.locator('.secret code');
    await shown.waitFor();
    const secret = (await shown.textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    expect(await owner.getByRole('button', { name: 'Copy secret' }).count()).toBe(1);
    // Once the page is reloaded the secret is gone for good: only its last characters are listed.
    await owner.reload();
    await owner.getByText('Newsroom CMS').waitFor();
    expect(await owner.content()).not.toContain(secret.slice(6, -4));

    const reader = await context.newPage();
    await reader.goto(`${pagesOrigin}/article`);
    await reader.waitForFunction(() => typeof window.Misprint === 'object' && 'open' in window.Misprint);
    await selectWord(reader, 'recieved');
    await reader.keyboard.press('Control+Enter');
    await reader.getByRole('dialog', { name: /typo/i }).waitFor();
    await reader.getByLabel('Correction').fill('received');
    await reader.getByRole('button', { name: 'Send' }).click();
    await reader.getByText('Thank you! The editors have your report.').waitFor();

    const [request] = await receiver.waitFor(1, 30_000);
    if (!request) throw new Error('no webhook');
    const body = new Webhook(secret).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    }) as EventBody;
    expect(body.type).toBe('group.created');
    expect(body.data.group).toMatchObject({
      quote: 'recieved',
      suggestion: 'received',
      url: `${pagesOrigin}/article`,
    });
    expect(body.data.group.dashboardUrl.startsWith(`${serverUrl}/app/reports/`)).toBe(true);

    await owner.getByRole('button', { name: 'Deliveries' }).click();
    await owner
      .getByText(/delivered/)
      .first()
      .waitFor();
    await context.close();
  }, 120_000);

  it.each(['light', 'dark'] as const)(
    'passes axe (WCAG A/AA) and fits a phone screen on the Notifications page, a paused channel’s banner shown (%s)',
    async (colorScheme) => {
      await database.db
        .updateTable('channels')
        .set({ paused_at: new Date(), paused_reason: 'failing' })
        .execute();
      // axe is injected as an inline script, which the dashboard's CSP rightly refuses.
      const context = await browser.newContext({
        bypassCSP: true,
        colorScheme,
        viewport: { width: 360, height: 740 },
      });
      const page = await context.newPage();
      await signInOnDashboard(page, serverUrl, EMAIL, PASSWORD);
      await page.goto(`${serverUrl}/app/sites/${siteId}/notifications`);
      await page
        .getByText(/is paused: every delivery failed for 24 hours/)
        .first()
        .waitFor();
      await page.getByRole('button', { name: 'Deliveries' }).click();
      await page.getByRole('table').waitFor();
      await page.getByRole('button', { name: 'Add a channel' }).click();
      expect(await axeViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);
      await context.close();
    },
    60_000,
  );
});
