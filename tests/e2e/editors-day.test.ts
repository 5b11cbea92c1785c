/**
 * The editor's day in real Chromium against the real server: a reader on another origin reports a
 * typo on an article whose JSON-LD names its author; the site's rule routes it to the editor Ed;
 * Ed signs in, lands in his inbox, shows only his reports, marks it fixed with `f`, takes it back
 * with `z`, and the group is new again with both moves in its history.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../server/db/connect.js';
import { createSite, siteSettings } from '../../server/db/queries/sites.js';
import { createUser } from '../../server/db/queries/users.js';
import { isChromiumAvailable, launchChromium } from '../helpers/browser.js';
import {
  createScratchPostgres,
  databaseUrl,
  dropScratchPostgres,
  isPostgresAvailable,
} from '../helpers/databases.js';
import { freePort, ROOT, type RunningServer, startServer } from '../helpers/server.js';

const PASSWORD = 'correct horse battery staple';
const ED = { email: 'ed@news.example', name: 'Ed' };

/**
 * Whether the built widget reads the page's metadata (issue 9.1, the widget's half, built on
 * another branch): its lazily loaded chunks then mention JSON-LD's `articleSection`. Until that
 * reader is merged the page sends no `page` and no rule can route the report, so this suite waits
 * for it instead of failing for a part it does not test.
 */
function widgetReadsPageMetadata(): boolean {
  const dir = join(ROOT, 'dist', 'public', 'widget');
  try {
    return readdirSync(dir, { recursive: true })
      .map(String)
      .filter((name) => name.endsWith('.js'))
      .some((name) => readFileSync(join(dir, name), 'utf8').includes('articleSection'));
  } catch {
    return false;
  }
}

const available = isChromiumAvailable() && (await isPostgresAvailable());

/** An article on its own origin: JSON-LD names Jane Roe as its author, as news sites' CMSs write it. */
function articleHtml(serverUrl: string, siteKey: string): string {
  const jsonLd = JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: 'Council passes the budget',
    author: { '@type': 'Person', name: 'Jane Roe' },
    articleSection: 'Politics',
    datePublished: '2026-11-20T08:00:00Z',
  });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Council passes the budget</title>
<script type="application/ld+json">${jsonLd}</script></head>
<body><article><h1>Council passes the budget</h1>
<p id="typo">Late on Friday the city council has recieved the draft budget for the coming year.</p>
</article><script src="${serverUrl}/widget.js" data-site="${siteKey}" async></script></body></html>`;
}

describe.runIf(available)('the editor’s day end to end', () => {
  let server: RunningServer;
  let browser: Browser;
  let database: DatabaseHandle;
  let databaseName: string;
  let article: Server;
  let articleOrigin = '';
  let site: { id: string; key: string };
  let serverUrl = '';

  beforeAll(async () => {
    article = createServer((req, res) => {
      if (req.url?.startsWith('/article')) {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(articleHtml(serverUrl, site.key));
      } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => article.listen(0, '127.0.0.1', resolve));
    const address = article.address();
    if (typeof address !== 'object' || address === null) throw new Error('the article server has no port');
    articleOrigin = `http://127.0.0.1:${address.port}`;

    databaseName = await createScratchPostgres();
    const port = await freePort();
    serverUrl = `http://127.0.0.1:${port}`;
    server = await startServer({ DATABASE_URL: databaseUrl(databaseName), PUBLIC_URL: serverUrl }, { port });
    database = await openDatabase({ kind: 'postgres', url: databaseUrl(databaseName) });
    const owner = await createUser(database.db, {
      email: 'olga@news.example',
      password: PASSWORD,
      name: 'Olga',
    });
    const ed = await createUser(database.db, { ...ED, password: PASSWORD });
    const row = await createSite(database.db, {
      name: 'Routed News',
      origins: [articleOrigin],
      ownerId: owner.id,
      settings: { ...siteSettings(undefined), routes: [{ author: 'Jane Roe', assignee: ed.id }] },
    });
    await database.db
      .insertInto('memberships')
      .values({ site_id: row.id, user_id: ed.id, role: 'editor' })
      .execute();
    site = { id: row.id, key: row.key };
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await database?.close();
    if (databaseName) await dropScratchPostgres(databaseName);
    await new Promise((resolve) => article?.close(resolve));
  });

  it.runIf(widgetReadsPageMetadata())(
    'routes a report on Jane Roe’s article to Ed, who fixes it with f and takes it back with z',
    async () => {
      const reader = await browser.newPage();
      await reader.goto(`${articleOrigin}/article`);
      await reader.waitForFunction(() => 'Misprint' in window);
      await reader.evaluate(() => {
        const text = document.getElementById('typo')?.firstChild;
        if (!text?.textContent) throw new Error('no article text');
        const start = text.textContent.indexOf('recieved');
        const range = document.createRange();
        range.setStart(text, start);
        range.setEnd(text, start + 'recieved'.length);
        window.getSelection()?.removeAllRanges();
        window.getSelection()?.addRange(range);
      });
      await reader.keyboard.press('Control+Enter');
      await reader.getByLabel('Correction').fill('received');
      await reader.getByRole('button', { name: 'Send' }).click();
      await reader.getByText(/Thank you!/).waitFor();
      await reader.close();

      // Another report of the site nobody is assigned: "mine" must leave it out.
      const group = await database.db
        .selectFrom('groups')
        .innerJoin('users', 'users.id', 'groups.assignee_id')
        .select(['groups.group_key', 'groups.page_author', 'users.email'])
        .where('groups.site_id', '=', site.id)
        .executeTakeFirstOrThrow();
      expect(group).toMatchObject({ page_author: 'Jane Roe', email: ED.email });
      await database.db
        .insertInto('reports')
        .values({
          id: crypto.randomUUID(),
          site_id: site.id,
          url: `${articleOrigin}/other`,
          quote_exact: 'teh',
          group_key: 'unrouted',
          ip_hash: 'e2e',
        })
        .execute();

      const ed = await browser.newPage();
      await ed.goto(`${serverUrl}/app/`);
      await ed.getByLabel('Email').fill(ED.email);
      await ed.getByLabel('Password').fill(PASSWORD);
      await ed.getByRole('button', { name: 'Sign in' }).click();
      await ed.waitForURL(`${serverUrl}/app/sites/${site.id}`);
      await ed.getByRole('article').filter({ hasText: 'teh' }).waitFor();

      await ed.getByLabel('Assigned to').selectOption('me');
      await ed.waitForURL(/assignee=me/);
      const card = ed.getByRole('article').filter({ hasText: 'recieved' });
      await card.waitFor();
      await ed.getByRole('article').filter({ hasText: 'teh' }).waitFor({ state: 'detached' });
      expect(await card.textContent()).toContain('by Jane Roe');
      expect(await card.textContent()).toContain('Assigned to you');

      await ed.keyboard.press('j');
      await ed.keyboard.press('f');
      await card.waitFor({ state: 'detached' });
      const last = ed.getByRole('group', { name: 'Last action' });
      expect(await last.textContent()).toContain('Marked fixed');
      await ed.keyboard.press('z');
      await card.waitFor();
      await ed.getByRole('status').filter({ hasText: 'Undone: 1 report restored.' }).waitFor();

      const reports = await database.db
        .selectFrom('reports')
        .select('status')
        .where('site_id', '=', site.id)
        .where('group_key', '=', group.group_key)
        .execute();
      expect(reports.map((r) => r.status)).toEqual(['new']);

      await card.getByRole('link', { name: 'Details' }).click();
      const history = ed.getByRole('list', { name: 'History' });
      await history.waitFor();
      const lines = await history.getByRole('listitem').allTextContents();
      expect(lines).toEqual([
        expect.stringContaining('Ed moved it from New to Fixed'),
        expect.stringContaining('Ed moved it from Fixed to New'),
      ]);
      await ed.close();
    },
    120_000,
  );
});
