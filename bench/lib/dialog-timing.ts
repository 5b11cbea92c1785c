/**
 * Time to dialog (issue 11): how long a reader waits between pressing Ctrl+Enter and seeing the
 * dialog, in Chromium with the network emulated through the DevTools protocol. The reader
 * double-clicks a word, pauses, and presses the keys; the page itself times the keydown and the
 * first animation frame in which the dialog is open, so the figure is what the reader sees.
 */
import type { Browser, Page } from 'playwright-core';
import { quantile } from './stats.js';

/** A network as `Network.emulateNetworkConditions` takes it; null: no emulation. */
export interface NetworkProfile {
  readonly name: string;
  readonly conditions: {
    latency: number;
    downloadThroughput: number;
    uploadThroughput: number;
  } | null;
}

/**
 * The networks measured: this machine, 150 ms round trips, and Chrome DevTools' "Fast 3G" preset
 * (562.5 ms, 1.44 Mbit/s down, 675 kbit/s up; throughputs in bytes per second).
 */
export const NETWORKS: readonly NetworkProfile[] = [
  { name: 'local', conditions: null },
  { name: '150 ms RTT', conditions: { latency: 150, downloadThroughput: -1, uploadThroughput: -1 } },
  {
    name: 'Fast 3G',
    conditions: { latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 },
  },
];

/** One row of the figures: a network, how the dialog was reached, and its time to dialog. */
export interface DialogTiming {
  readonly network: string;
  /** `keys after N ms`: a double-click, a pause of N ms, Ctrl+Enter. `open() cold`: nothing prefetched. */
  readonly how: string;
  /** To a dialog on screen: the loader's shell or the dialog itself, whichever comes first. */
  readonly p50: number;
  readonly p90: number;
  /** To the dialog with its words and every field (the dialog chunk's, not the shell). */
  readonly fullP50: number;
  readonly fullP90: number;
  readonly samples: number;
}

/**
 * Installed before the page loads: times keydown (or `__startDialogTimer()`) → the first animation
 * frame with a dialog open (`__timeToDialog`: the loader's shell, marked aria-busy, counts), and →
 * the first with the dialog chunk's own dialog open (`__timeToFullDialog`). A string, not a
 * function: tsx would wrap a function's inner functions in a helper the page does not have.
 */
const TIME_DIALOG = `(() => {
  let started = 0;
  const done = () => {
    const dialogs = [...document.querySelectorAll('misprint-widget')]
      .map((host) => host.shadowRoot?.querySelector('dialog'))
      .filter((dialog) => dialog && dialog.open);
    const now = performance.now() - started;
    if (dialogs.length > 0 && window.__timeToDialog === undefined) window.__timeToDialog = now;
    if (dialogs.some((dialog) => !dialog.hasAttribute('aria-busy'))) window.__timeToFullDialog = now;
    else requestAnimationFrame(done);
  };
  const start = () => {
    started = performance.now();
    requestAnimationFrame(done);
  };
  addEventListener('keydown', (event) => event.key === 'Enter' && start(), { capture: true });
  window.__startDialogTimer = start;
})();`;

/** The centre of `word`'s first occurrence in the page's first paragraph, for a double-click. */
function wordCentre(page: Page, word: string): Promise<{ x: number; y: number }> {
  return page.evaluate((needle) => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(needle) ?? -1;
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + needle.length);
      const rect = range.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    }
    throw new Error(`no "${needle}" on the page`);
  }, word);
}

/** One sample: a fresh context (nothing cached) on `network`; milliseconds to a dialog and to the full one. */
async function sample(
  browser: Browser,
  url: string,
  network: NetworkProfile,
  pauseMs: number | null,
): Promise<{ any: number; full: number }> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: TIME_DIALOG });
    if (network.conditions) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, ...network.conditions });
    }
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => typeof window.Misprint === 'object' && 'open' in window.Misprint);
    const { x, y } = await wordCentre(page, 'recieved');
    if (pauseMs === null) {
      // Select and open in one task: the selection never settles, nothing is prefetched.
      await page.evaluate(() => {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.textContent?.indexOf('recieved') ?? -1;
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + 'recieved'.length);
          getSelection()?.addRange(range);
          break;
        }
        Reflect.get(window, '__startDialogTimer')();
        if (window.Misprint && 'open' in window.Misprint) window.Misprint.open();
      });
    } else {
      await page.mouse.dblclick(x, y);
      await page.waitForTimeout(pauseMs);
      await page.keyboard.press('Control+Enter');
    }
    await page.waitForFunction(
      () => typeof Reflect.get(window, '__timeToFullDialog') === 'number',
      undefined,
      {
        timeout: 30_000,
      },
    );
    return await page.evaluate(() => ({
      any: Number(Reflect.get(window, '__timeToDialog')),
      full: Number(Reflect.get(window, '__timeToFullDialog')),
    }));
  } finally {
    await context.close();
  }
}

/** Options of {@link measureTimeToDialog}. */
export interface TimingOptions {
  readonly browser: Browser;
  /** The article, embedding the widget, with "recieved" in its text. */
  readonly url: string;
  /** Samples per network and way of reaching the dialog. */
  readonly samples: number;
  /** Pauses between double-click and keys, in ms: the 300 ms, and one past a prefetch. */
  readonly pauses: readonly number[];
  readonly log?: (line: string) => void;
}

/** Measures every network × (each pause, then `open()` with nothing prefetched). */
export async function measureTimeToDialog(options: TimingOptions): Promise<DialogTiming[]> {
  const rows: DialogTiming[] = [];
  for (const network of NETWORKS) {
    for (const pause of [...options.pauses, null]) {
      const how = pause === null ? 'open() cold' : `keys after ${pause} ms`;
      options.log?.(`widget: time to dialog, ${network.name}, ${how} (${options.samples} samples)…`);
      const times: { any: number; full: number }[] = [];
      for (let i = 0; i < options.samples; i++)
        times.push(await sample(options.browser, options.url, network, pause));
      const sorted = times.map((t) => t.any).sort((a, b) => a - b);
      const full = times.map((t) => t.full).sort((a, b) => a - b);
      rows.push({
        network: network.name,
        how,
        p50: quantile(sorted, 0.5),
        p90: quantile(sorted, 0.9),
        fullP50: quantile(full, 0.5),
        fullP90: quantile(full, 0.9),
        samples: times.length,
      });
    }
  }
  return rows;
}
