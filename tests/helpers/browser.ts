/**
 * Real Chromium for end-to-end tests, through playwright-core and the system's Debian build (no
 * browser download). Under CI=true a missing browser fails the run; elsewhere the suite skips.
 */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Where Debian installs Chromium; CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags for a headless, offline, root-run Chromium: without the background-networking flags it
 * keeps dialling Google's hosts, which this kind of sandbox refuses.
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Whether the browser can run here; throws under CI, where nothing may be skipped. */
export function isChromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI) throw new Error(`CI=true and Chromium is missing at ${CHROMIUM_PATH}`);
  console.warn(`[misprint tests] Chromium not found at ${CHROMIUM_PATH}; skipping end-to-end tests.`);
  return false;
}

/** Launches headless Chromium. Close it in afterAll. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** Starts `server` (pages on an origin other than the API's) on 127.0.0.1 and answers its origin. */
export async function listenOnLoopback(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the page server has no port');
  return `http://127.0.0.1:${address.port}`;
}

/** Selects `word` in #text programmatically (touch emulation has no drag-select). */
export async function selectWord(page: Page, word: string): Promise<void> {
  await page.evaluate((needle) => {
    const text = document.getElementById('text')?.firstChild;
    const at = text?.textContent?.indexOf(needle) ?? -1;
    if (!text || at < 0) throw new Error(`no "${needle}" on the page`);
    const range = document.createRange();
    range.setStart(text, at);
    range.setEnd(text, at + needle.length);
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
  }, word);
}

/** Signs in on the dashboard; it lands in an inbox: the only site's, or all sites'. */
export async function signInOnDashboard(
  page: Page,
  serverUrl: string,
  email: string,
  password: string,
): Promise<void> {
  await page.goto(`${serverUrl}/app/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => /^\/app\/(inbox|sites\/[^/]+)$/.test(url.pathname));
}
