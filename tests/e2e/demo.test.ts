/**
 * The newcomer's loop on the server's own /demo page in real Chromium: the page is served under a
 * strict Content-Security-Policy, a reader double-clicks a planted typo, presses Control+Enter and
 * sends, and the report is stored for the demo site that the first start created. Needs `npm run build`.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../server/db/connect.js';
import { isChromiumAvailable, launchChromium } from '../helpers/browser.js';
import {
  createScratchPostgres,
  databaseUrl,
  dropScratchPostgres,
  isPostgresAvailable,
} from '../helpers/databases.js';
import { type RunningServer, startServer } from '../helpers/server.js';

const available = isChromiumAvailable() && (await isPostgresAvailable());

describe.runIf(available)('the /demo page', () => {
  let server: RunningServer;
  let browser: Browser;
  let database: DatabaseHandle;
  let databaseName = '';

  beforeAll(async () => {
    databaseName = await createScratchPostgres();
    // No PUBLIC_URL: the first start creates the demo site for the server's own address.
    server = await startServer({ DATABASE_URL: databaseUrl(databaseName) });
    database = await openDatabase({ kind: 'postgres', url: databaseUrl(databaseName) });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await database?.close();
    if (databaseName) await dropScratchPostgres(databaseName);
  });

  it('sends a report of a planted typo under a strict CSP with no violation', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => {
      const seen: string[] = [];
      Object.defineProperty(window, '__cspViolations', { value: seen });
      document.addEventListener('securitypolicyviolation', (event) => seen.push(event.violatedDirective));
    });
    const response = await page.goto(`${server.url}/demo`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(response?.headers()['content-security-policy']).not.toContain('unsafe-inline');
    await page.waitForFunction(() => typeof window.Misprint === 'object' && 'open' in window.Misprint);
    // The help names this reader's own shortcut (the widget fills data-misprint-hint).
    await page
      .locator('[data-misprint-hint]')
      .filter({ hasText: 'Found a typo? Select it and press Ctrl+Enter.' })
      .waitFor();

    await page.getByText(/had recieved more/).evaluate((paragraph) => {
      const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent?.indexOf('recieved') ?? -1;
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 'recieved'.length);
        const rect = range.getBoundingClientRect();
        paragraph.setAttribute('data-x', String(rect.left + rect.width / 2));
        paragraph.setAttribute('data-y', String(rect.top + rect.height / 2));
        return;
      }
      throw new Error('the planted typo is missing');
    });
    const paragraph = page.getByText(/had recieved more/);
    const x = Number(await paragraph.getAttribute('data-x'));
    const y = Number(await paragraph.getAttribute('data-y'));
    await page.mouse.dblclick(x, y);
    expect(await page.evaluate(() => String(getSelection()).trim())).toBe('recieved');

    await page.keyboard.press('Control+Enter');
    await page.getByRole('dialog', { name: /typo/i }).waitFor();
    await page.getByLabel('Correction').fill('received');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you! The editors have your report.').waitFor();

    const rows = await database.db
      .selectFrom('reports')
      .innerJoin('sites', 'sites.id', 'reports.site_id')
      .select(['reports.quote_exact', 'reports.suggestion', 'reports.url', 'sites.origins'])
      .execute();
    expect(rows).toEqual([
      expect.objectContaining({ quote_exact: 'recieved', suggestion: 'received', url: `${server.url}/demo` }),
    ]);
    expect(rows[0]?.origins).toContain(server.url);
    expect(await page.evaluate(() => Reflect.get(window, '__cspViolations'))).toEqual([]);
    await context.close();
  });
});
