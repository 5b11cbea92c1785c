/**
 * E-mail end to end: a reader on another origin reports a typo with the real widget in Chromium,
 * the real server (`misprint serve`) stores it, and its job runner mails the site's editor, who
 * chose instant mail, through a real SMTP listener. The editor then unsubscribes with one click.
 * Needs `npm run build`.
 */
import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS } from '../../contract/api.js';
import { createSite } from '../../server/db/queries/sites.js';
import { createUser } from '../../server/db/queries/users.js';
import { isChromiumAvailable, launchChromium, listenOnLoopback, selectWord } from '../helpers/browser.js';
import { createMigratedPostgres, isPostgresAvailable, type TestDatabase } from '../helpers/databases.js';
import { freePort, type RunningServer, startServer } from '../helpers/server.js';
import { rawHeader, startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';

const available = isChromiumAvailable() && (await isPostgresAvailable());
const EDITOR = 'desk@news.example';

/** An article on its own origin that embeds the widget from the server's. */
function article(script: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Council budget</title></head>
<body><main><h1>Council budget</h1>
<p id="text">Late on Friday the city council has recieved the draft budget for the coming year.</p>
</main>${script}</body></html>`;
}

describe.runIf(available)('e-mail end to end', () => {
  let smtp: TestSmtpServer;
  let server: RunningServer;
  let browser: Browser;
  let database: TestDatabase & { url: string };
  let pages: Server;
  let pagesOrigin = '';
  let serverUrl = '';
  let siteId = '';

  beforeAll(async () => {
    const port = await freePort();
    serverUrl = `http://127.0.0.1:${port}`;
    smtp = await startSmtpServer();
    database = await createMigratedPostgres();
    let siteKey = '';
    pages = createServer((_req, res) => {
      res
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        .end(article(`<script src="${serverUrl}/widget.js" data-site="${siteKey}" async></script>`));
    });
    pagesOrigin = await listenOnLoopback(pages);
    const user = await createUser(database.db, { email: EDITOR, password: 'long enough password' });
    const site = await createSite(database.db, {
      name: 'Mail E2E',
      origins: [pagesOrigin],
      ownerId: user.id,
      settings: DEFAULT_SITE_SETTINGS,
    });
    siteKey = site.key;
    siteId = site.id;
    await database.db
      .insertInto('email_preferences')
      .values({ site_id: site.id, user_id: user.id, email: 'instant' })
      .execute();
    server = await startServer(
      { DATABASE_URL: database.url, PUBLIC_URL: serverUrl, SMTP_URL: smtp.url },
      { port },
    );
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
    await database?.close();
    await new Promise((resolve) => pages?.close(resolve));
  });

  it('mails the editor a report sent by the widget from another origin', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${pagesOrigin}/budget`);
    await page.waitForFunction(() => typeof window.Misprint === 'object' && 'open' in window.Misprint);
    await selectWord(page, 'recieved');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('dialog', { name: /typo/i }).waitFor();
    await page.getByLabel('Correction').fill('received');
    const accepted = page.waitForResponse(
      (r) => r.url() === `${serverUrl}/api/v1/reports` && r.status() === 201,
    );
    await page.getByRole('button', { name: 'Send' }).click();
    await accepted;
    await context.close();

    const mail = await smtp.waitFor((m) => m.to.includes(EDITOR), 30_000);
    const report = await database.db
      .selectFrom('reports')
      .select('id')
      .where('site_id', '=', siteId)
      .executeTakeFirstOrThrow();
    expect(mail.parsed.subject).toBe('[Mail E2E] New typo: “recieved” → “received”');
    expect(mail.parsed.text).toContain(`${serverUrl}/app/reports/${report.id}`);
    expect(mail.parsed.text).toContain(`<${pagesOrigin}/budget>`);
    expect(mail.parsed.html).toContain(`href="${serverUrl}/app/reports/${report.id}"`);
    expect(rawHeader(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');

    // The mail client's one-click POST, as RFC 8058 describes it.
    const link = /^<([^>]+)>$/.exec(rawHeader(mail, 'List-Unsubscribe') ?? '')?.[1] ?? '';
    expect(link.startsWith(`${serverUrl}/api/v1/unsubscribe/`)).toBe(true);
    const oneClick = await fetch(link, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    const choice = await database.db
      .selectFrom('email_preferences')
      .select('email')
      .where('site_id', '=', siteId)
      .executeTakeFirstOrThrow();
    expect(choice.email).toBe('off');
  });
});
