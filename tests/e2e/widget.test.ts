import { createServer, type Server } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS } from '../../contract/api.js';
import { type DatabaseHandle, openDatabase } from '../../server/db/connect.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { createSite } from '../../server/db/queries/sites.js';
import { createApiToken } from '../../server/db/queries/tokens.js';
import { createUser } from '../../server/db/queries/users.js';
import { AXE_SOURCE } from '../helpers/axe.js';
import { isChromiumAvailable, launchChromium, listenOnLoopback, selectWord } from '../helpers/browser.js';
import {
  createScratchPostgres,
  databaseUrl,
  dropScratchPostgres,
  isPostgresAvailable,
} from '../helpers/databases.js';
import { freePort, type RunningServer, startServer } from '../helpers/server.js';

const available = isChromiumAvailable() && (await isPostgresAvailable());

/** User agents of a Mac and a Linux desktop, for the shortcut the hint names. */
const MAC_USER_AGENT =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const LINUX_USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** Every test reports a word of its own, so rows never mix between tests. */
function article(word: string, extraHead = '', lang = 'en'): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Budget ${word}</title>${extraHead}</head>
<body><main><h1>Council budget</h1>
<p id="text">Late on Friday the city council has ${word} the draft budget for the coming year.</p>
<p>A second paragraph with other words.</p>
<textarea id="field">The council ${word} it</textarea>
</main>__SCRIPT__</body></html>`;
}

/** The hostile stylesheet: everything unset and invisible, and a try at the dialog itself. */
const HOSTILE_CSS = `<style>* { all: unset !important; font-size: 0 !important; line-height: 0 !important; }
dialog, misprint-widget, [data-misprint-host] { display: none !important; opacity: 0 !important; }</style>`;

/** The embed API's queue, used before the script loads (an inline script: not on the CSP page). */
const QUEUED_CALL = `<script>window.Misprint = window.Misprint || { q: [] }; window.Misprint.q.push('open');</script>`;

/** What a news page says about itself (issue 9): a Yoast-style JSON-LD graph. */
const ARTICLE_JSON_LD = `<script type="application/ld+json">${JSON.stringify({
  '@context': 'https://schema.org',
  '@graph': [
    { '@type': 'WebPage', '@id': '/#page', name: 'Budget' },
    {
      '@type': 'NewsArticle',
      author: { name: 'Jane Roe' },
      articleSection: ['Politics'],
      datePublished: '2026-11-20T08:00:00Z',
    },
  ],
})}</script>`;

/** A site footer naming the shortcut, which the widget corrects for the reader's platform. */
const HINT = '<footer><p data-misprint-hint>Found a typo? Select it and press Ctrl+Enter.</p></footer>';

/** Extra `<head>` markup by page kind. */
const HEADS = new Map([
  ['hostile', HOSTILE_CSS],
  ['queued', QUEUED_CALL],
  ['meta', ARTICLE_JSON_LD],
]);

interface Pages {
  origin: string;
  server: Server;
}

/**
 * Serves test articles on 127.0.0.1 at a port of its own (another origin than the API):
 * /a/<word> plain, /csp/<word> under a strict Content-Security-Policy, /hostile/<word> with
 * hostile CSS, /uk/<word> in Ukrainian, /queued/<word> calling `Misprint.open()` before the script,
 * /limited/<word> for a site that takes one report a minute, /meta/<word> with JSON-LD,
 * /hint/<word> with a `data-misprint-hint` footer, /quiet/<word> with `data-notify="false"`,
 * /stranger/<word> for a site that does not list this origin.
 */
async function startPages(script: (kind: string) => string, apiOrigin: () => string): Promise<Pages> {
  const server = createServer((req, res) => {
    const [, kind, word] = (req.url ?? '').split('/');
    const kinds = ['a', 'csp', 'hostile', 'uk', 'queued', 'limited', 'meta', 'hint', 'quiet', 'stranger'];
    if (!word || !kind || !kinds.includes(kind)) return void res.writeHead(404).end();
    const headers: Record<string, string> = { 'Content-Type': 'text/html; charset=utf-8' };
    if (kind === 'csp')
      headers['Content-Security-Policy'] =
        `default-src 'none'; script-src ${apiOrigin()}; connect-src ${apiOrigin()}; style-src 'none'; img-src 'none'`;
    const head = HEADS.get(kind) ?? '';
    const html = article(decodeURIComponent(word), head, kind === 'uk' ? 'uk' : 'en').replace(
      '__SCRIPT__',
      (kind === 'hint' ? HINT : '') + script(kind),
    );
    res.writeHead(200, headers).end(html);
  });
  return { origin: await listenOnLoopback(server), server };
}

/** Selects `word` in #text with a real mouse drag, as a reader would. */
async function dragSelect(page: Page, word: string): Promise<void> {
  const box = await page.evaluate((needle) => {
    const text = document.getElementById('text')?.firstChild;
    const at = text?.textContent?.indexOf(needle) ?? -1;
    if (!text || at < 0) throw new Error(`no "${needle}" on the page`);
    const range = document.createRange();
    range.setStart(text, at);
    range.setEnd(text, at + needle.length);
    const rect = range.getBoundingClientRect();
    return { left: rect.left, right: rect.right, y: rect.top + rect.height / 2 };
  }, word);
  await page.mouse.move(box.left + 1, box.y);
  await page.mouse.down();
  await page.mouse.move(box.right - 1, box.y, { steps: 8 });
  await page.mouse.up();
  expect(await page.evaluate(() => String(getSelection()).trim())).toBe(word);
}

/**
 * An init script that records, in `window.__queueReads`, each read of the offline queue and
 * whether it came while the loader was being evaluated (from its `window.Misprint = …` to the end
 * of that task) or later.
 */
function recordQueueReads(): void {
  const reads: string[] = [];
  let loading = false;
  let api: unknown;
  Object.defineProperty(window, 'Misprint', {
    configurable: true,
    get: () => api,
    set: (value: unknown) => {
      api = value;
      loading = true;
      // Microtasks run once the loader's script has finished evaluating.
      queueMicrotask(() => {
        loading = false;
      });
    },
  });
  const getItem = Storage.prototype.getItem;
  Storage.prototype.getItem = function (this: Storage, key: string) {
    if (key === 'misprint:queue') reads.push(loading ? 'while the loader runs' : 'later');
    return getItem.call(this, key);
  };
  Reflect.set(window, '__queueReads', reads);
}

async function open(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => typeof window.Misprint === 'object' && 'open' in window.Misprint);
  return page;
}

/** Polls until `check` returns a value (no fixed sleeps: the suite must not depend on timing). */
async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Resolves once the page has been idle, after the loader's own idle-time work has run. */
async function settledIdle(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise((resolve) => requestIdleCallback(() => setTimeout(resolve, 300), { timeout: 3000 })),
  );
}

/** Records the URLs of the widget chunks a context fetches. */
function recordChunks(context: BrowserContext): string[] {
  const chunks: string[] = [];
  context.on('request', (request) => {
    const name = /\/widget\/chunks\/([\w-]+?)-[\w-]{8}\.js$/.exec(request.url())?.[1];
    if (name) chunks.push(name);
  });
  return chunks;
}

describe.runIf(available)('widget end to end', () => {
  let server: RunningServer;
  let browser: Browser;
  let database: DatabaseHandle;
  let databaseName: string;
  let pages: Pages;
  let siteKey = '';
  let limitedKey = '';
  /** A site that does not list the pages' origin. */
  let strangerKey = '';
  /** A Bearer token of the sites' owner, to triage through the API. */
  let token = '';
  let serverUrl = '';

  /** The reports stored for `word`. */
  const rows = (word: string) =>
    database.db.selectFrom('reports').selectAll().where('quote_exact', '=', word).execute();

  beforeAll(async () => {
    const port = await freePort();
    serverUrl = `http://127.0.0.1:${port}`;
    pages = await startPages(
      (kind) => {
        const key = kind === 'limited' ? limitedKey : kind === 'stranger' ? strangerKey : siteKey;
        const notify = kind === 'quiet' ? ' data-notify="false"' : '';
        return `<script src="${serverUrl}/widget.js" data-site="${key}"${notify} async></script>`;
      },
      () => serverUrl,
    );
    databaseName = await createScratchPostgres();
    database = await openDatabase({ kind: 'postgres', url: databaseUrl(databaseName) });
    await migrateToLatest(database.db);
    const user = await createUser(database.db, {
      email: 'owner@news.example',
      password: 'long enough password',
    });
    const site = await createSite(database.db, {
      name: 'Widget E2E',
      origins: [pages.origin],
      ownerId: user.id,
      // Every test reports from 127.0.0.1: lift the per-client limits out of the way.
      settings: {
        ...DEFAULT_SITE_SETTINGS,
        rateLimits: {
          clientPerMinute: 1000,
          clientPerDay: 10_000,
          sitePerMinute: 10_000,
          nullOriginPerMinute: 60,
        },
      },
    });
    siteKey = site.key;
    const limited = await createSite(database.db, {
      name: 'Widget E2E limited',
      origins: [pages.origin],
      ownerId: user.id,
      settings: {
        ...DEFAULT_SITE_SETTINGS,
        rateLimits: { clientPerMinute: 1, clientPerDay: 100, sitePerMinute: 600, nullOriginPerMinute: 60 },
      },
    });
    limitedKey = limited.key;
    const stranger = await createSite(database.db, {
      name: 'Widget E2E elsewhere',
      origins: ['https://elsewhere.example'],
      ownerId: user.id,
      settings: DEFAULT_SITE_SETTINGS,
    });
    strangerKey = stranger.key;
    token = (await createApiToken(database.db, user.id, 'e2e')).token;
    server = await startServer({ DATABASE_URL: databaseUrl(databaseName), PUBLIC_URL: serverUrl }, { port });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await database?.close();
    if (databaseName) await dropScratchPostgres(databaseName);
    await new Promise((resolve) => pages?.server.close(resolve));
  });

  it('loads only the loader until first use, then reports a mouse selection with Control+Enter', async () => {
    const context = await browser.newContext();
    const requested: string[] = [];
    context.on('request', (request) => requested.push(request.url()));
    const page = await open(context, `${pages.origin}/a/recieved`);
    expect(requested.filter((url) => url.startsWith(serverUrl))).toEqual([`${serverUrl}/widget.js`]);
    expect(await page.evaluate(() => Object.keys(window).filter((key) => /misprint/i.test(key)))).toEqual([
      'Misprint',
    ]);

    await dragSelect(page, 'recieved');
    await page.keyboard.press('Control+Enter');
    const dialog = page.getByRole('dialog', { name: /typo/i });
    await dialog.waitFor();
    expect(await dialog.locator('mark').textContent()).toBe('recieved');
    const correction = page.getByLabel('Correction');
    expect(await correction.inputValue()).toBe('recieved');
    await correction.fill('received');
    await page.getByLabel(/Comment/).fill('spelling');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you! The editors have your report.').waitFor();

    const [row] = await rows('recieved');
    expect(row).toMatchObject({
      url: `${pages.origin}/a/recieved`,
      title: 'Budget recieved',
      quote_prefix: 'Late on Friday the city council has ',
      quote_suffix: ' the draft budget for the coming year.',
      suggestion: 'received',
      comment: 'spelling',
      kind: 'typo',
    });
    await context.close();
  });

  it('opens with Meta+Enter too, returns focus on Escape, and ignores the shortcut in a text field', async () => {
    const context = await browser.newContext();
    const page = await open(context, `${pages.origin}/a/recieevd`);
    await page.locator('#field').focus();
    await page.keyboard.press('Control+Enter');
    await dragSelect(page, 'recieevd');
    await page.locator('#field').focus();
    await page.keyboard.press('Control+Enter');
    expect(await page.locator('[data-misprint-host]').count()).toBe(0);

    await dragSelect(page, 'recieevd');
    // Focus somewhere the dialog must give it back to (focusing a heading keeps the selection).
    await page.locator('h1').evaluate((h1) => {
      h1.tabIndex = -1;
      h1.focus();
    });
    await page.keyboard.press('Meta+Enter');
    await page.getByRole('dialog', { name: /typo/i }).waitFor();
    await page.keyboard.press('Escape');
    await page.locator('[data-misprint-host]').waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await context.close();
  });

  it('tells the reader how many reported the same typo before', async () => {
    const context = await browser.newContext();
    for (const expected of [
      'Thank you! The editors have your report.',
      'Readers who reported this before you: 1',
    ]) {
      const page = await open(context, `${pages.origin}/a/reciept`);
      await dragSelect(page, 'reciept');
      await page.evaluate(() => window.Misprint && 'open' in window.Misprint && window.Misprint.open());
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByText(expected).waitFor();
      await page.close();
    }
    expect(await rows('reciept')).toHaveLength(2);
    await context.close();
  });

  it('offers a report button under a settled selection on a phone', async () => {
    const context = await browser.newContext({
      hasTouch: true,
      isMobile: true,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
    });
    const chunks = recordChunks(context);
    const page = await open(context, `${pages.origin}/a/goverment`);
    expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);
    await selectWord(page, 'goverment');
    const button = page.getByRole('button', { name: 'Report a typo' });
    await button.tap();
    await page.getByRole('dialog', { name: /typo/i }).waitFor();
    await page.getByLabel('Correction').fill('government');
    await page.getByRole('button', { name: 'Send' }).tap();
    await page.getByText('Thank you! The editors have your report.').waitFor();
    const [row] = await rows('goverment');
    expect(row?.suggestion).toBe('government');
    // The dialog and the button came in one file, the touch flavour of the dialog chunk.
    expect(chunks).toEqual(['dialog-touch-en']);
    await context.close();
  });

  it('keeps a report through a network failure and sends it exactly once on the next visit', async () => {
    const context = await browser.newContext();
    const page = await open(context, `${pages.origin}/a/tommorow`);
    await page.route(`${serverUrl}/api/v1/reports`, (route) => route.abort('internetdisconnected'));
    await dragSelect(page, 'tommorow');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText(/Your report is saved and will be sent automatically/).waitFor();
    const queued = await page.evaluate(() => localStorage.getItem('misprint:queue'));
    expect(JSON.parse(queued ?? '[]')).toHaveLength(1);
    expect(await rows('tommorow')).toHaveLength(0);

    await page.unroute(`${serverUrl}/api/v1/reports`);
    await page.addInitScript(recordQueueReads);
    await page.reload();
    // `in`, not getItem: only the widget's own reads are recorded.
    await eventually(
      async () => ((await page.evaluate(() => 'misprint:queue' in localStorage)) ? undefined : true),
      'the queue to empty',
    );
    expect(await rows('tommorow')).toHaveLength(1);
    // The next visit sent it, but the queue was read after the loader's evaluation, not during it.
    const reads = await page.evaluate(() => Reflect.get(window, '__queueReads'));
    expect(reads).toContain('later');
    expect(reads).not.toContain('while the loader runs');
    await page.reload();
    await page.waitForFunction(() => typeof window.Misprint === 'object');
    expect(await rows('tommorow')).toHaveLength(1);
    await context.close();
  });

  it('works under a strict Content-Security-Policy with no violation', async () => {
    const context = await browser.newContext();
    await context.addInitScript(() => {
      const seen: string[] = [];
      Reflect.set(window, '__violations', seen);
      document.addEventListener('securitypolicyviolation', (event) =>
        seen.push(`${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    const page = await open(context, `${pages.origin}/csp/accomodate`);
    await dragSelect(page, 'accomodate');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('dialog', { name: /typo/i }).waitFor();
    expect(
      await page
        .locator('dialog')
        .evaluate((dialog) => getComputedStyle(dialog).getPropertyValue('border-radius')),
    ).toBe('12px');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you! The editors have your report.').waitFor();
    expect(await page.evaluate(() => Reflect.get(window, '__violations'))).toEqual([]);
    expect(await rows('accomodate')).toHaveLength(1);
    await context.close();
  });

  it('stays usable on a page whose CSS unsets everything', async () => {
    const context = await browser.newContext();
    const page = await open(context, `${pages.origin}/hostile/seperate`);
    // font-size 0 leaves no glyphs to drag across: select the way a keyboard user would.
    await selectWord(page, 'seperate');
    await page.keyboard.press('Control+Enter');
    const dialog = page.getByRole('dialog', { name: /typo/i });
    await dialog.waitFor();
    const look = await page.locator('dialog').evaluate((el) => {
      const rect = el.getBoundingClientRect();
      const label = el.querySelector('label');
      return {
        width: rect.width,
        height: rect.height,
        fontSize: label ? getComputedStyle(label).fontSize : '',
        opacity: getComputedStyle(el).opacity,
      };
    });
    expect(look.width).toBeGreaterThan(200);
    expect(look.height).toBeGreaterThan(150);
    expect(look.fontSize).toBe('16px');
    expect(look.opacity).toBe('1');
    await page.getByLabel('Correction').fill('separate');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you! The editors have your report.').waitFor();
    expect(await rows('seperate')).toHaveLength(1);
    await context.close();
  });

  it('sends queued reports when the browser comes back online', async () => {
    const context = await browser.newContext();
    const page = await open(context, `${pages.origin}/a/enviroment`);
    await dragSelect(page, 'enviroment');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('dialog', { name: /typo/i }).waitFor();
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText(/Your report is saved and will be sent automatically/).waitFor();
    expect(await rows('enviroment')).toHaveLength(0);
    await context.setOffline(false);
    await eventually(
      async () => ((await rows('enviroment')).length > 0 ? true : undefined),
      'the queued report',
    );
    await eventually(
      async () =>
        (await page.evaluate(() => localStorage.getItem('misprint:queue'))) === null ? true : undefined,
      'the queue to empty',
    );
    expect(await rows('enviroment')).toHaveLength(1);
    await context.close();
  });

  it('says when to retry after a rate limit, in the page language', async () => {
    const context = await browser.newContext();
    const page = await open(context, `${pages.origin}/uk/помилкка`);
    await page.route(`${serverUrl}/api/v1/reports`, (route) =>
      route.fulfill({
        status: 429,
        headers: {
          'Content-Type': 'application/json',
          'Retry-After': '120',
          'Access-Control-Allow-Origin': pages.origin,
          'Access-Control-Expose-Headers': 'Retry-After',
        },
        body: JSON.stringify({ error: { code: 'rate_limited', message: 'Too many reports' } }),
      }),
    );
    await dragSelect(page, 'помилкка');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('dialog', { name: 'Повідомити про помилку' }).waitFor();
    await page.getByRole('button', { name: 'Надіслати' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Забагато повідомлень. Спробуйте ще раз через 2 хвилини.' })
      .waitFor();
    await context.close();
  });

  it('tells the reader the server refused for now when over the real rate limit', async () => {
    const context = await browser.newContext();
    for (const word of ['firstt', 'secondd']) {
      const page = await open(context, `${pages.origin}/limited/${word}`);
      await dragSelect(page, word);
      await page.keyboard.press('Control+Enter');
      await page.getByRole('button', { name: 'Send' }).click();
      if (word === 'firstt') await page.getByText('Thank you! The editors have your report.').waitFor();
      else
        await page
          .getByRole('alert')
          .filter({ hasText: /^Too many reports\. Please try again in \d+ minutes?\.$/ })
          .waitFor();
    }
    expect(await rows('firstt')).toHaveLength(1);
    expect(await rows('secondd')).toHaveLength(0);
    await context.close();
  });

  it('runs Misprint.open() calls queued before the script loaded', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${pages.origin}/queued/nothing`);
    await page
      .getByRole('status')
      .filter({ hasText: 'Found a typo? Select it and press Ctrl+Enter.' })
      .waitFor();
    await context.close();
  });

  it('prefetches the dialog once a selection settles, never on page load or for a text field', async () => {
    const context = await browser.newContext();
    const chunks = recordChunks(context);
    const page = await open(context, `${pages.origin}/a/prefetchd`);
    await settledIdle(page);
    expect(chunks).toEqual([]);

    await page.locator('#field').evaluate((field: HTMLTextAreaElement) => {
      field.focus();
      field.setSelectionRange(4, 11);
    });
    await settledIdle(page);
    expect(chunks).toEqual([]);

    await dragSelect(page, 'prefetchd');
    await eventually(async () => (chunks.length > 0 ? true : undefined), 'the prefetch');
    expect(chunks).toEqual(['dialog-en']);
    await page.keyboard.press('Control+Enter');
    await page.getByRole('dialog', { name: /typo/i }).waitFor();
    expect(chunks).toEqual(['dialog-en']);
    await context.close();
  });

  it('shows the dialog in one round trip when nothing was prefetched', async () => {
    const context = await browser.newContext();
    const chunks = recordChunks(context);
    const page = await open(context, `${pages.origin}/a/roundtrip`);
    // Select and open in one task, before the selection can settle and prefetch.
    await page.evaluate(() => {
      const text = document.getElementById('text')?.firstChild;
      const at = text?.textContent?.indexOf('roundtrip') ?? -1;
      if (!text || at < 0) throw new Error('no word');
      const range = document.createRange();
      range.setStart(text, at);
      range.setEnd(text, at + 'roundtrip'.length);
      getSelection()?.addRange(range);
      if (window.Misprint && 'open' in window.Misprint) window.Misprint.open();
      // The shell is up in the same task, before any byte of the chunk.
      if (!document.querySelector('misprint-widget')?.shadowRoot?.querySelector('dialog')?.open)
        throw new Error('no dialog at once');
    });
    await page.getByRole('dialog', { name: /typo/i }).waitFor();
    // One request, for a chunk that imports nothing: one round trip.
    expect(chunks).toEqual(['dialog-en']);
    await context.close();
  });

  it('shows the dialog before its chunk arrives, and keeps what the reader typed in it', async () => {
    const context = await browser.newContext();
    // The dialog chunk is held back until the test lets it go: a network slower than any reader.
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let requested = false;
    await context.route(/\/widget\/chunks\/dialog-en-[\w-]{8}\.js$/, async (route) => {
      requested = true;
      await released;
      await route.continue();
    });
    const page = await open(context, `${pages.origin}/a/shelll`);
    await dragSelect(page, 'shelll');
    await page.keyboard.press('Control+Enter');
    const shell = page.locator('misprint-widget dialog[open]');
    await shell.waitFor();
    expect(await shell.locator('mark').textContent()).toBe('shelll');
    expect(await shell.getAttribute('aria-busy')).toBe('true');
    await page.keyboard.type('shell');
    expect(requested, 'the chunk was asked for').toBe(true);

    release();
    const dialog = page.getByRole('dialog', { name: /typo/i });
    await dialog.waitFor();
    expect(await dialog.locator('mark').textContent()).toBe('shelll');
    // The field kept the text and the focus: typing carries on where it was.
    await page.keyboard.type('!');
    expect(await page.getByLabel('Correction').inputValue()).toBe('shell!');
    expect(await page.locator('misprint-widget dialog').count(), 'the shell is gone').toBe(1);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you! The editors have your report.').waitFor();
    expect((await rows('shelll'))[0]?.suggestion).toBe('shell!');
    await context.close();
  });

  it('opens nothing when the reader closed the shell before the chunk arrived', async () => {
    const context = await browser.newContext();
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    await context.route(/\/widget\/chunks\/dialog-en-[\w-]{8}\.js$/, async (route) => {
      await released;
      await route.continue();
    });
    const chunks = recordChunks(context);
    const page = await open(context, `${pages.origin}/a/closedd`);
    await dragSelect(page, 'closedd');
    await page.keyboard.press('Control+Enter');
    await page.locator('misprint-widget dialog[open]').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('misprint-widget').waitFor({ state: 'detached' });
    release();
    await eventually(async () => (chunks.includes('dialog-en') ? true : undefined), 'the chunk');
    // A second open() with nothing selected runs after the first one's turn on the same chunk:
    // once its hint shows, the first open() is done, and it opened nothing.
    await page.evaluate(() => {
      getSelection()?.removeAllRanges();
      if (window.Misprint && 'open' in window.Misprint) window.Misprint.open();
    });
    await page.getByRole('status').filter({ hasText: 'Found a typo?' }).waitFor();
    expect(await page.locator('misprint-widget dialog').count()).toBe(0);
    await context.close();
  });

  it('replaces the prefilled correction with what the reader types', async () => {
    const context = await browser.newContext();
    const page = await open(context, `${pages.origin}/a/recievedd`);
    await dragSelect(page, 'recievedd');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('dialog', { name: /typo/i }).waitFor();
    await page.keyboard.type('received');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.type('!');
    expect(await page.getByLabel('Correction').inputValue()).toBe('receive!d');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you! The editors have your report.').waitFor();
    expect((await rows('recievedd'))[0]?.suggestion).toBe('receive!d');
    await context.close();
  });

  it.each([
    ['a Mac', { userAgent: MAC_USER_AGENT }, 'Found a typo? Select it and press ⌘+Enter.'],
    ['Linux', { userAgent: LINUX_USER_AGENT }, 'Found a typo? Select it and press Ctrl+Enter.'],
    ['a phone', { hasTouch: true, isMobile: true }, 'Found a typo? Select it and tap the button.'],
  ] as const)(
    'names the reader’s own way to report in data-misprint-hint on %s',
    async (_, options, text) => {
      const context = await browser.newContext(options);
      const page = await open(context, `${pages.origin}/hint/hintt`);
      await page.locator('[data-misprint-hint]').filter({ hasText: text }).waitFor();
      await context.close();
    },
  );

  it('sends what the page says about itself, and the server stores it', async () => {
    const context = await browser.newContext();
    const page = await open(context, `${pages.origin}/meta/metaa`);
    const sent = page.waitForRequest((request) => request.url() === `${serverUrl}/api/v1/reports`);
    await dragSelect(page, 'metaa');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('button', { name: 'Send' }).click();
    expect((await sent).postDataJSON().page).toEqual({
      author: 'Jane Roe',
      section: 'Politics',
      published: '2026-11-20T08:00:00Z',
    });
    await page.getByText('Thank you! The editors have your report.').waitFor();
    const [row] = await rows('metaa');
    expect(row).toMatchObject({ page_author: 'Jane Roe', page_section: 'Politics' });
    expect(row?.page_published_at?.toISOString()).toBe('2026-11-20T08:00:00.000Z');
    await context.close();
  });

  it('says the address is not set up when the site refuses the origin, and queues nothing', async () => {
    const context = await browser.newContext();
    const page = await open(context, `${pages.origin}/stranger/elsewheer`);
    await dragSelect(page, 'elsewheer');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('alert').filter({ hasText: 'This address is not set up for reports' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('misprint:queue'))).toBeNull();
    await page.reload();
    await settledIdle(page);
    expect(await page.evaluate(() => localStorage.getItem('misprint:queue'))).toBeNull();
    expect(await rows('elsewheer')).toHaveLength(0);
    await context.close();
  });

  it('tells the reader once, on a later page view, that their typo was fixed', async () => {
    const context = await browser.newContext();
    const asked: string[] = [];
    context.on('request', (request) => {
      if (request.url().endsWith('/api/v1/reports/status')) asked.push(request.postData() ?? '');
    });
    const page = await open(context, `${pages.origin}/a/wrongg`);
    await dragSelect(page, 'wrongg');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('dialog', { name: /typo/i }).waitFor();
    await page.keyboard.type('wrong');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you! The editors have your report.').waitFor();
    const [row] = await rows('wrongg');
    const fixed = await fetch(`${serverUrl}/api/v1/reports/${row?.id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'fixed' }),
    });
    expect(fixed.status).toBe(200);
    expect(asked).toEqual([]);

    await page.reload();
    const thanks = page.getByRole('status').filter({ hasText: 'Fixed: “wrongg” → “wrong”. Thank you!' });
    await thanks.waitFor();
    expect(await thanks.count()).toBe(1);
    expect(asked.map((body) => JSON.parse(body))).toEqual([{ site: siteKey, ids: [row?.id] }]);

    await page.reload();
    await settledIdle(page);
    expect(await page.getByRole('status').count()).toBe(0);
    expect(asked).toHaveLength(1);
    await context.close();
  });

  it('asks nothing at all with data-notify="false"', async () => {
    const context = await browser.newContext();
    const chunks = recordChunks(context);
    const asked: string[] = [];
    context.on('request', (request) => {
      if (request.url().endsWith('/api/v1/reports/status')) asked.push(request.url());
    });
    const page = await open(context, `${pages.origin}/quiet/quiett`);
    await dragSelect(page, 'quiett');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you! The editors have your report.').waitFor();
    const [row] = await rows('quiett');
    await database.db
      .updateTable('reports')
      .set({ status: 'fixed' })
      .where('id', '=', row?.id ?? '')
      .execute();
    await page.reload();
    await settledIdle(page);
    expect(asked).toEqual([]);
    expect(chunks).toEqual(['dialog-en']);
    await context.close();
  });

  it.each(['light', 'dark'] as const)('passes an axe-core scan of the open dialog (%s)', async (scheme) => {
    const context = await browser.newContext({ colorScheme: scheme });
    const page = await open(context, `${pages.origin}/a/wierd`);
    await dragSelect(page, 'wierd');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('dialog', { name: /typo/i }).waitFor();
    await page.addScriptTag({ content: AXE_SOURCE });
    const violations = await page.evaluate(async () => {
      const axe = Reflect.get(window, 'axe');
      const host = document.querySelector('[data-misprint-host]');
      const result = await axe.run(host, {
        runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
      });
      return result.violations.flatMap((violation: { id: string; nodes: Array<{ target: unknown[] }> }) =>
        violation.nodes.map((node) => `${violation.id}: ${JSON.stringify(node.target)}`),
      );
    });
    expect(violations).toEqual([]);
    await context.close();
  });
});
