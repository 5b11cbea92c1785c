/**
 * The editor's loop in real Chromium against the real server: a reader on another origin reports a
 * typo with the widget, an editor signs in, clears it by keyboard and finds it under Fixed with its
 * history. Hostile report fields render as text and run nothing.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportInput } from '../../contract/report.js';
import { openOnPageUrl } from '../../dashboard/links.js';
import { type DatabaseHandle, openDatabase } from '../../server/db/connect.js';
import { createSite } from '../../server/db/queries/sites.js';
import { createUser } from '../../server/db/queries/users.js';
import { axeViolations } from '../helpers/axe.js';
import { isChromiumAvailable, launchChromium, signInOnDashboard } from '../helpers/browser.js';
import {
  createScratchPostgres,
  databaseUrl,
  dropScratchPostgres,
  isPostgresAvailable,
} from '../helpers/databases.js';
import { freePort, type RunningServer, startServer } from '../helpers/server.js';

const EMAIL = 'editor@news.example';
const PASSWORD = 'correct horse battery staple';
const ARTICLE_TITLE = 'Council passes the budget';

const available = isChromiumAvailable() && (await isPostgresAvailable());

/** A page on another origin that embeds the widget, as a customer's site would. */
function articleHtml(serverUrl: string, siteKey: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${ARTICLE_TITLE}</title></head>
<body><article><h1>${ARTICLE_TITLE}</h1>
<p id="typo">Late on Friday the city council has recieved the draft budget for the coming year.</p>
</article><script src="${serverUrl}/widget.js" data-site="${siteKey}" async></script></body></html>`;
}

/** Serves the article on 127.0.0.1 at a port of its own: a different origin from the server. */
async function startArticleServer(html: () => string): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/long')) {
      // The typo below two screens of filler: a link that lands on it must scroll.
      const fixed = req.url.includes('fixed');
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><title>Long</title><body>
<div style="height:3000px">Filler</div>
<p>Late on Friday the city council has ${fixed ? 'received' : 'recieved'} the draft budget for the coming year.</p>
<div style="height:3000px"></div></body></html>`);
    } else if (req.url?.startsWith('/article')) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(html());
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the article server has no port');
  return { origin: `http://127.0.0.1:${address.port}`, server };
}

/** Whether the page scrolls sideways (it must not at phone width). */
function overflowsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}

/** Records every JavaScript dialog (alert, confirm, prompt) a page opens, and dismisses it. */
function watchDialogs(page: Page): string[] {
  const opened: string[] = [];
  page.on('dialog', (dialog) => {
    opened.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return opened;
}

/** What an injection would leave behind: a flag set, elements from report text, javascript: links. */
function injectedState(page: Page) {
  return page.evaluate(() => ({
    pwned: Reflect.get(window, '__pwned') ?? null,
    elements: document.querySelectorAll('main img, main script, main svg, main iframe, main b').length,
    jsLinks: [...document.querySelectorAll('a')].filter((a) =>
      /^\s*javascript:/i.test(a.getAttribute('href') ?? ''),
    ).length,
  }));
}

function signIn(page: Page, serverUrl: string): Promise<void> {
  return signInOnDashboard(page, serverUrl, EMAIL, PASSWORD);
}

describe.runIf(available)('dashboard end to end', () => {
  let server: RunningServer;
  let browser: Browser;
  let database: DatabaseHandle;
  let databaseName: string;
  let article: { origin: string; server: Server };
  let site: { id: string; key: string };
  let serverUrl = '';

  beforeAll(async () => {
    article = await startArticleServer(() => articleHtml(serverUrl, site.key));
    databaseName = await createScratchPostgres();
    const port = await freePort();
    serverUrl = `http://127.0.0.1:${port}`;
    // The server migrates the empty database itself, as on a real first start; the built server
    // is what runs, so its migrations (not the sources') are the ones that apply.
    server = await startServer({ DATABASE_URL: databaseUrl(databaseName), PUBLIC_URL: serverUrl }, { port });
    database = await openDatabase({ kind: 'postgres', url: databaseUrl(databaseName) });
    const user = await createUser(database.db, { email: EMAIL, password: PASSWORD, name: 'Eddie Editor' });
    const row = await createSite(database.db, {
      name: 'E2E News',
      origins: [article.origin],
      ownerId: user.id,
    });
    site = { id: row.id, key: row.key };
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await database?.close();
    if (databaseName) await dropScratchPostgres(databaseName);
    await new Promise((resolve) => article?.server.close(resolve));
  });

  it('shows a report the widget sent from another origin; the editor clears it by keyboard and finds it under Fixed with its history', async () => {
    const reader = await browser.newPage();
    await reader.goto(`${article.origin}/article`);
    await reader.waitForFunction(() => 'Misprint' in window);
    await reader.evaluate(() => {
      const text = document.getElementById('typo')?.firstChild;
      if (!text?.textContent) throw new Error('no article text');
      const start = text.textContent.indexOf('recieved');
      const range = document.createRange();
      range.setStart(text, start);
      range.setEnd(text, start + 'recieved'.length);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
    });
    await reader.keyboard.press('Control+Enter');
    await reader.getByLabel('Correction').fill('received');
    await reader.getByRole('button', { name: 'Send' }).click();
    await reader.getByText(/Thank you!/).waitFor();
    await reader.close();

    const editor = await browser.newPage();
    const dialogs = watchDialogs(editor);
    await signIn(editor, serverUrl);
    expect(new URL(editor.url()).pathname).toBe(`/app/sites/${site.id}`);
    const card = editor.getByRole('article').filter({ hasText: 'recieved' });
    await card.waitFor();
    expect(await card.locator('mark').textContent()).toBe('recieved');
    expect(await card.getByRole('heading').textContent()).toContain(ARTICLE_TITLE);
    expect(await card.getByText('1 reader').count()).toBe(1);
    const open = await card.getByRole('link', { name: 'Open on page' }).getAttribute('href');
    expect(open).toMatch(new RegExp(`^${article.origin}/article#:~:text=.*-,recieved,-.*&text=`));

    await editor.keyboard.press('j');
    await editor.keyboard.press('f');
    await editor.getByText('No new reports. All clear!').waitFor();
    await editor.getByRole('status').filter({ hasText: '1 report marked fixed.' }).waitFor();

    await editor.getByRole('link', { name: /^Fixed/ }).click();
    const fixed = editor.getByRole('article').filter({ hasText: 'recieved' });
    await fixed.waitFor();
    await editor.keyboard.press('j');
    await editor.keyboard.press('Enter');
    const history = editor.getByRole('list', { name: 'History' });
    await history.waitFor();
    expect(await history.textContent()).toContain('Eddie Editor moved it from New to Fixed');
    expect(dialogs).toEqual([]);
    await editor.close();
  });

  it('builds "open on page" links that Chromium scrolls to, before and after the typo is fixed', async () => {
    const quote = {
      exact: 'recieved',
      prefix: 'Late on Friday the city council has ',
      suffix: ' the draft budget for the coming year.',
    };
    const page = await browser.newPage();
    for (const [path, expectScroll] of [
      ['/long', true],
      ['/long?fixed', true],
      ['/long?elsewhere', false],
    ] as const) {
      const link = openOnPageUrl(
        `${article.origin}${path}`,
        path === '/long?elsewhere' ? { ...quote, prefix: 'Nowhere near ', suffix: ' this text' } : quote,
      );
      await page.goto('about:blank');
      await page.goto(link ?? '');
      await page.waitForLoadState('load');
      // Chromium scrolls to a text fragment asynchronously after load. A link that should land waits
      // as long as the test allows; the control that must not land gets a few seconds, so a slow
      // browser can only make it pass wrongly, never fail wrongly.
      const scrolled = await page
        .waitForFunction(() => window.scrollY > 1000, undefined, { timeout: expectScroll ? 0 : 3000 })
        .then(
          () => true,
          () => false,
        );
      expect(scrolled, `${path}: ${link}`).toBe(expectScroll);
    }
    await page.close();
  });

  it('renders HTML, script and javascript: payloads in report fields as text and runs nothing', async () => {
    const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const hostile: ReportInput = {
      site: site.key,
      id: randomUUID(),
      url: `${article.origin}/article?q=<script>window.__pwned=3</script>`,
      title: `${payload} <a href="javascript:window.__pwned=4">click</a>`,
      lang: 'en',
      quote: {
        exact: `<b onmouseover="window.__pwned=5">bold</b>`,
        prefix: `${payload} `,
        suffix: ' javascript:alert(1)',
      },
      suggestion: '<iframe src="javascript:window.__pwned=6"></iframe>',
      comment: `<svg onload="window.__pwned=7"></svg> ${payload}`,
      kind: 'other',
    };
    const res = await fetch(`${serverUrl}/api/v1/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: article.origin },
      body: JSON.stringify(hostile),
    });
    expect(res.status).toBe(201);
    // A row whose URL is javascript: cannot come through ingest; written directly, it checks that
    // the dashboard's own guard holds even if a bad URL ever reached the database.
    await database.db
      .insertInto('reports')
      .values({
        id: randomUUID(),
        site_id: site.id,
        url: 'javascript:window.__pwned=8',
        title: 'javascript: page',
        lang: 'en',
        quote_exact: 'jsurl',
        suggestion: null,
        comment: null,
        group_key: `e2e-${randomUUID()}`,
        ip_hash: 'e2e',
      })
      .execute();

    const editor = await browser.newPage();
    const dialogs = watchDialogs(editor);
    await signIn(editor, serverUrl);
    await editor.goto(`${serverUrl}/app/sites/${site.id}`);
    const card = editor.getByRole('article').filter({ hasText: 'window.__pwned=5' });
    await card.waitFor();
    expect(await card.getByRole('heading').textContent()).toContain(payload);
    expect(await card.locator('mark').textContent()).toBe('<b onmouseover="window.__pwned=5">bold</b>');
    expect(await card.textContent()).toContain('<svg onload="window.__pwned=7"></svg>');
    const jsCard = editor.getByRole('article').filter({ hasText: 'jsurl' });
    await jsCard.waitFor();
    expect(await jsCard.getByRole('link', { name: 'Open on page' }).count()).toBe(0);

    await card.hover();
    expect(await injectedState(editor)).toEqual({ pwned: null, elements: 0, jsLinks: 0 });

    await card.getByRole('link', { name: 'Details' }).click();
    await editor.getByRole('heading', { name: 'History' }).waitFor();
    expect(await editor.getByText(/^Page:/).textContent()).toContain('window.__pwned=3');
    expect(await injectedState(editor)).toEqual({ pwned: null, elements: 0, jsLinks: 0 });
    expect(dialogs).toEqual([]);
    await editor.close();
  });

  it('lets an owner create a site and invite an editor by link, who creates an account and finds the site', async () => {
    const ownerContext = await browser.newContext();
    const owner = await ownerContext.newPage();
    await signIn(owner, serverUrl);
    await owner.getByRole('link', { name: 'Sites', exact: true }).click();
    await owner.getByRole('link', { name: 'New site' }).click();
    await owner.getByLabel('Name').fill('Second Paper');
    await owner.getByLabel('Allowed origins').fill('https://second.example');
    await owner.getByRole('button', { name: 'Create site' }).click();
    const snippet = owner.locator('pre.snippet');
    await snippet.waitFor();
    expect(await snippet.textContent()).toMatch(
      new RegExp(`^<script src="${serverUrl}/widget.js" data-site="[^"]+"`),
    );
    await owner.getByLabel('Edit in CMS link').fill('https://cms.example/edit?page={url}');
    await owner.getByLabel('Reports per reader per minute').fill('5');
    await owner.getByRole('button', { name: 'Save changes' }).click();
    await owner.getByRole('status').filter({ hasText: 'Site saved.' }).waitFor();
    await owner.reload();
    expect(await owner.getByLabel('Edit in CMS link').inputValue()).toBe(
      'https://cms.example/edit?page={url}',
    );
    expect(await owner.getByLabel('Reports per reader per minute').inputValue()).toBe('5');
    await owner.getByLabel('Role', { exact: true }).selectOption('editor');
    await owner.getByRole('button', { name: 'Create invitation link' }).click();
    const link = await owner.locator('.secret code').textContent();
    expect(link).toMatch(new RegExp(`^${serverUrl}/app/invite/`));
    await ownerContext.close();

    const inviteeContext = await browser.newContext();
    const invitee = await inviteeContext.newPage();
    await invitee.goto(link ?? '');
    await invitee.getByRole('heading', { name: 'Join Second Paper' }).waitFor();
    await invitee.getByLabel('Email').fill('new.editor@news.example');
    await invitee.getByLabel('Password').fill('a fine long passphrase');
    await invitee.getByLabel(/^Name/).fill('Nova Editor');
    await invitee.getByRole('button', { name: 'Accept invitation' }).click();
    // Their only site: they land in its inbox.
    await invitee.getByRole('heading', { name: 'Second Paper' }).waitFor();
    await invitee.getByRole('link', { name: 'Settings' }).click();
    await invitee.getByRole('heading', { name: 'Members' }).waitFor();
    await invitee.getByText('new.editor@news.example').waitFor();
    expect(await invitee.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
    expect(await invitee.locator('.site-head .badge').textContent()).toBe('editor');
    await inviteeContext.close();
  });

  it('creates an API token shown once that works as a Bearer token until it is revoked', async () => {
    const page = await browser.newPage();
    await signIn(page, serverUrl);
    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByLabel('Token name').fill('nightly export');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.locator('.secret code').textContent()) ?? '';
    const asBearer = () =>
      fetch(`${serverUrl}/api/v1/sites`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await asBearer()).status).toBe(200);
    await page.getByRole('button', { name: 'Revoke nightly export' }).click();
    await page.getByText('No tokens.').waitFor();
    expect(await page.locator('.secret').count()).toBe(0);
    expect((await asBearer()).status).toBe(401);
    await page.close();
  });

  it.each(['light', 'dark'] as const)(
    'passes axe (WCAG A/AA) and fits a phone screen on sign-in, inbox, overview and settings (%s)',
    async (colorScheme) => {
      // axe is injected as an inline script, which the dashboard's CSP rightly refuses.
      const context = await browser.newContext({
        bypassCSP: true,
        colorScheme,
        viewport: { width: 360, height: 740 },
      });
      const page = await context.newPage();
      await page.goto(`${serverUrl}/app/`);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      expect(await overflowsSideways(page)).toBe(false);
      await signIn(page, serverUrl);
      for (const [path, ready] of [
        [`/sites/${site.id}?status=fixed`, () => page.getByRole('article').first().waitFor()],
        [`/sites/${site.id}/overview`, () => page.getByRole('heading', { name: 'Last 30 days' }).waitFor()],
        [`/sites/${site.id}/settings`, () => page.getByRole('heading', { name: 'Invitations' }).waitFor()],
      ] as const) {
        await page.goto(`${serverUrl}/app${path}`);
        await ready();
        expect(await axeViolations(page), path).toEqual([]);
        expect(await overflowsSideways(page), path).toBe(false);
      }
      await context.close();
    },
  );
});
