/**
 * The loader on page load (issue 3: it does nothing but listen): it reads its script tag and adds
 * listeners, and looks at the offline queue and at when to ask about sent reports only once the
 * browser is idle, or at the latest after a timeout; at the queue at once when the browser comes
 * back online.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IDLE_TIMEOUT_MS } from '../../widget/idle.js';
import { QUEUE_KEY } from '../../widget/queue.js';
import { ASK_PREFIX } from '../../widget/sent.js';

/** The key the loader reads to decide whether to ask about this site's sent reports. */
const ASK_KEY = `${ASK_PREFIX}site-key`;

/** Keys the loader read from storage; the queue reads as empty, so no chunk is ever imported. */
let reads: string[] = [];

/** Runs a fresh copy of the loader as if from `<script src=".../widget.js" data-site="...">`. */
async function runLoader(data: Record<string, string> = {}): Promise<void> {
  const script = document.createElement('script');
  script.src = 'https://typos.example/widget.js';
  script.dataset.site = 'site-key';
  Object.assign(script.dataset, data);
  Object.defineProperty(document, 'currentScript', { configurable: true, value: script });
  vi.resetModules();
  await import('../../widget/loader.js');
  expect(window.Misprint && 'open' in window.Misprint, 'the loader ran').toBe(true);
}

beforeEach(() => {
  reads = [];
  vi.stubGlobal('localStorage', {
    getItem(key: string): string | null {
      reads.push(key);
      return null;
    },
  });
});

afterEach(() => {
  Reflect.deleteProperty(document, 'currentScript');
  Reflect.deleteProperty(window, 'Misprint');
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('loader on page load', () => {
  it('leaves storage alone while the page loads and checks the queue once the browser is idle', async () => {
    const requestIdleCallback = vi.fn();
    vi.stubGlobal('requestIdleCallback', requestIdleCallback);
    await runLoader();
    expect(reads).toEqual([]);
    expect(requestIdleCallback).toHaveBeenCalledTimes(1);
    const [task, options] = requestIdleCallback.mock.calls[0] ?? [];
    expect(options).toEqual({ timeout: IDLE_TIMEOUT_MS });
    task();
    expect(reads).toEqual([QUEUE_KEY, ASK_KEY]);
  });

  it('does not look at sent reports with data-notify="false"', async () => {
    const requestIdleCallback = vi.fn();
    vi.stubGlobal('requestIdleCallback', requestIdleCallback);
    await runLoader({ notify: 'false' });
    requestIdleCallback.mock.calls[0]?.[0]();
    expect(reads).toEqual([QUEUE_KEY]);
  });

  it('checks the queue after a timeout where requestIdleCallback is missing', async () => {
    vi.stubGlobal('requestIdleCallback', undefined);
    vi.useFakeTimers();
    await runLoader();
    vi.advanceTimersByTime(IDLE_TIMEOUT_MS - 1);
    expect(reads).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(reads).toEqual([QUEUE_KEY, ASK_KEY]);
  });

  it('checks the queue at once when the browser comes back online', async () => {
    vi.stubGlobal('requestIdleCallback', vi.fn());
    await runLoader();
    expect(reads).toEqual([]);
    window.dispatchEvent(new Event('online'));
    expect(reads).toContain(QUEUE_KEY);
  });
});

describe('the dialog shell', () => {
  /** Selects `word` in a fresh paragraph (or in a textarea) of the page. */
  function select(word: string, inField = false): void {
    document.body.innerHTML = `<p>the council has ${word} the draft</p><textarea>council ${word}</textarea>`;
    const selection = getSelection();
    selection?.removeAllRanges();
    if (inField) {
      const field = document.querySelector('textarea');
      field?.focus();
      field?.setSelectionRange(8, 8 + word.length);
      return;
    }
    const text = document.querySelector('p')?.firstChild;
    if (!text) throw new Error('no text');
    const range = document.createRange();
    range.setStart(text, 16);
    range.setEnd(text, 16 + word.length);
    selection?.addRange(range);
  }

  function shell(): HTMLDialogElement | null | undefined {
    return document.querySelector('misprint-widget')?.shadowRoot?.querySelector('dialog');
  }

  beforeEach(() => {
    // The build's hash in chunk names, which the widget build defines.
    vi.stubGlobal('__MISPRINT_BUILD__', 'testhash');
    // The failed imports (nothing answers at typos.example) are reported to the console.
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    document.body.innerHTML = '';
    vi.restoreAllMocks();
  });

  it('is on screen as open() returns, with the quote and the field prefilled, busy', async () => {
    vi.stubGlobal('requestIdleCallback', vi.fn());
    await runLoader();
    select('recieved');
    if (window.Misprint && 'open' in window.Misprint) window.Misprint.open();
    const dialog = shell();
    expect(dialog?.open).toBe(true);
    expect(dialog?.getAttribute('aria-busy')).toBe('true');
    expect(dialog?.querySelector('mark')?.textContent).toBe('recieved');
    expect(dialog?.querySelector('textarea')?.value).toBe('recieved');
  });

  it('closes when the dialog chunk cannot be fetched (offline on first use)', async () => {
    vi.stubGlobal('requestIdleCallback', vi.fn());
    await runLoader();
    select('recieved');
    if (window.Misprint && 'open' in window.Misprint) window.Misprint.open();
    expect(shell()?.open).toBe(true);
    // Nothing answers at typos.example: the import fails, and the shell goes with it.
    await vi.waitFor(() => expect(shell()?.open ?? false).toBe(false));
    expect(console.warn).toHaveBeenCalled();
  });

  it('is not drawn for a selection in a form field, nor for one longer than data-max-selection', async () => {
    vi.stubGlobal('requestIdleCallback', vi.fn());
    await runLoader({ maxSelection: '5' });
    select('recieved', true);
    if (window.Misprint && 'open' in window.Misprint) window.Misprint.open();
    expect(shell()).toBeFalsy();
    select('recieved');
    if (window.Misprint && 'open' in window.Misprint) window.Misprint.open();
    expect(shell()).toBeFalsy();
  });
});
