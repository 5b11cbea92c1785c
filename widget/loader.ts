/**
 * `/widget.js`, the one script a site embeds (classic, async). On load it only reads its script
 * tag and listens: the dialog is a separate chunk imported on first use, and the offline queue is
 * looked at only once the page is idle (its chunk fetched only when reports are waiting). Its one
 * global is `window.Misprint`.
 *
 * Script tag attributes: `data-site` (required), `data-lang`, `data-theme`, `data-endpoint` (as the
 * README's "Adding Misprint to a site" describes) and `data-max-selection`: the longest selection,
 * in characters, the widget lets a reader report (default 300, clamped to 1..1000, the contract's
 * exactDefault and exactMax); a site that raised its own limit in the dashboard sets it here too,
 * since the loader never asks the server.
 */

import { whenIdle } from './idle.js';
import { isReportShortcut } from './keys.js';
import { BUTTON_LABELS, pickLang } from './lang.js';
import { QUEUE_KEY } from './queue.js';
import { watchSelection } from './touch.js';
import type { DialogChunk, FlushChunk, Theme, WidgetConfig } from './types.js';

/** The dialog chunk's file name under `widget/chunks/`, injected by widget/vite.config.ts. */
declare const __MISPRINT_CHUNK__: string;
/** The offline queue's chunk, likewise. */
declare const __MISPRINT_FLUSH__: string;

/** A call queued before the script loaded: `'open'` or `['open']`. */
type Call = string | [string, ...unknown[]];

/** `window.Misprint` once the widget runs. */
interface MisprintApi {
  /** Opens the dialog for the current selection (for sites with their own button). */
  open(): void;
  q: { push(...calls: Call[]): number };
}

declare global {
  interface Window {
    /** The widget's API, or the queue a page set up before the script loaded. */
    Misprint?: MisprintApi | { q?: Call[] };
  }
}

function themeOf(value: string | undefined): Theme {
  return value === 'light' || value === 'dark' ? value : 'auto';
}

function main(): void {
  const script = document.currentScript;
  if (!(script instanceof HTMLScriptElement) || !script.src) return;
  const previous = window.Misprint;
  if (previous && 'open' in previous) return;
  const src = script.src;
  const data = script.dataset;
  if (!data.site) {
    console.warn('[misprint] the script tag needs data-site="<site key>"');
    return;
  }
  const lang = pickLang([data.lang, document.documentElement.lang, navigator.language]);
  const config: WidgetConfig = {
    site: data.site,
    endpoint: data.endpoint || new URL(src).origin,
    lang,
    theme: themeOf(data.theme),
    nonce: script.nonce ?? '',
    // LIMITS.exactDefault and exactMax of the contract, inlined: importing LIMITS would put the
    // whole object into the loader.
    maxSelection: Math.min(Math.max(Number(data.maxSelection) || 300, 1), 1000),
  };
  const chunk = (name: string): string => new URL(`widget/chunks/${name}`, src).href;

  let dialog: Promise<DialogChunk> | undefined;
  const load = (): Promise<DialogChunk> => {
    // Forget a failed import (offline on first use), so the next attempt fetches again.
    dialog ??= import(/* @vite-ignore */ chunk(__MISPRINT_CHUNK__)).catch((error: unknown) => {
      dialog = undefined;
      throw error;
    });
    return dialog;
  };
  const report = (error: unknown): void => console.warn('[misprint]', error);
  const open = (range?: Range): void => {
    load()
      .then((module) => module.open(config, range))
      .catch(report);
  };
  const flush = (force: boolean): void => {
    let waiting = false;
    try {
      waiting = localStorage.getItem(QUEUE_KEY) !== null;
    } catch {
      // Storage blocked: nothing can have been queued either.
    }
    if (waiting)
      import(/* @vite-ignore */ chunk(__MISPRINT_FLUSH__))
        .then((queue: FlushChunk) => queue.flush(force))
        .catch(report);
  };

  const run = (...calls: Call[]): number => {
    for (const call of calls) if ((typeof call === 'string' ? call : call[0]) === 'open') open();
    return 0;
  };
  window.Misprint = { open: () => open(), q: { push: run } };
  if (previous?.q) run(...previous.q);

  // Last in the bubbling order, so a page handler that takes Ctrl+Enter sets defaultPrevented first.
  addEventListener('keydown', (event) => isReportShortcut(event) && open(), { passive: true });
  watchSelection(BUTTON_LABELS[lang], open);
  addEventListener('online', () => flush(true), { passive: true });
  // Reports queued on an earlier visit go out on this one, but not at the cost of the page's own
  // load: a localStorage read is synchronous, so it waits until the browser is idle.
  whenIdle(() => flush(false));
}

main();
