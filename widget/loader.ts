/**
 * `/widget.js`, the one script a site embeds (classic, async). On load it only reads its script
 * tag and listens; its one global is `window.Misprint`. Everything else is a chunk fetched where a
 * page needs it, each in one round trip (chunks import nothing):
 * - `dialog-<lang>`: prefetched once a reader's selection settles on the page's text (never on page
 *   load), imported at the latest on first use; with it, on touch screens only, `touch-<lang>`
 *   (the report button under a selection);
 * - once the page is idle: `flush` only when reports wait in the offline queue, `told-<lang>` only
 *   when this site's sent reports are due to be asked about, `hint-<lang>` only when the page has
 *   `[data-misprint-hint]` elements.
 *
 * Script tag attributes: `data-site` (required), `data-lang`, `data-theme`, `data-endpoint`,
 * `data-notify` (as the README's "Adding Misprint to a site" describes) and `data-max-selection`:
 * the longest selection, in characters, the widget lets a reader report (default 300, clamped to
 * 1..1000, the contract's exactDefault and exactMax); a site that raised its own limit in the
 * dashboard sets it here too, since the loader never asks the server.
 */

import { whenIdle } from './idle.js';
import { isReportShortcut } from './keys.js';
import { pickLang } from './lang.js';
import { QUEUE_KEY } from './queue.js';
import { ASK_PREFIX } from './sent.js';
import { onSettledSelection } from './settle.js';
import type {
  ChunkModule,
  DialogChunk,
  FlushChunk,
  HintChunk,
  Theme,
  ToldChunk,
  TouchChunk,
  Widget,
  WidgetConfig,
} from './types.js';

/** The build's hash, in every chunk's file name (`dialog-en-<hash>.js`), injected by widget/vite.config.ts. */
declare const __MISPRINT_BUILD__: string;

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

/** A localStorage value, or null where storage is blocked (then nothing was stored either). */
function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
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
    notify: data.notify !== 'false',
  };
  const report = (error: unknown): void => console.warn('[misprint]', error);
  /** Imports a chunk's default export; `name` is `flush` or `<chunk>-<lang>`. */
  const chunk = <T>(name: string): Promise<T> =>
    import(/* @vite-ignore */ new URL(`widget/chunks/${name}-${__MISPRINT_BUILD__}.js`, src).href).then(
      (module: ChunkModule<T>) => module.default,
    );

  let dialog: Promise<DialogChunk> | undefined;
  const load = (): Promise<DialogChunk> => {
    // Forget a failed import (offline on first use), so the next attempt fetches again.
    dialog ??= chunk<DialogChunk>(`dialog-${lang}`).catch((error: unknown) => {
      dialog = undefined;
      throw error;
    });
    return dialog;
  };
  const widget: Widget = {
    config,
    open: (range) => {
      load()
        .then((show) => show(widget, range))
        .catch(report);
    },
    flush: (force) => {
      if (stored(QUEUE_KEY) !== null)
        chunk<FlushChunk>('flush')
          .then((send) => send(force))
          .catch(report);
    },
  };

  const run = (...calls: Call[]): number => {
    for (const call of calls) if ((typeof call === 'string' ? call : call[0]) === 'open') widget.open();
    return 0;
  };
  window.Misprint = { open: () => widget.open(), q: { push: run } };
  if (previous?.q) run(...previous.q);

  // Last in the bubbling order, so a page handler that takes Ctrl+Enter sets defaultPrevented first.
  addEventListener('keydown', (event) => isReportShortcut(event) && widget.open(), { passive: true });
  // A reader who selected text may be about to report it: fetch the dialog now, so the keys (or
  // the touch button, fetched alongside on touch screens) show it at once even on a slow network.
  let touch = false;
  onSettledSelection(() => {
    load().catch(report);
    if (touch || !matchMedia('(pointer: coarse)').matches) return;
    touch = true;
    chunk<TouchChunk>(`touch-${lang}`)
      .then((watch) => watch(widget))
      .catch((error: unknown) => {
        touch = false;
        report(error);
      });
  });
  addEventListener('online', () => widget.flush(true), { passive: true });
  // Work for earlier visits and for hints, but not at the cost of the page's own load: localStorage
  // reads are synchronous, so they wait until the browser is idle.
  whenIdle(() => {
    widget.flush(false);
    const ask = config.notify ? stored(ASK_PREFIX + config.site) : null;
    if (ask !== null && Number(ask) <= Date.now())
      chunk<ToldChunk>(`told-${lang}`)
        .then((tell) => tell(widget))
        .catch(report);
    if (document.querySelector('[data-misprint-hint]'))
      chunk<HintChunk>(`hint-${lang}`)
        .then((fill) => fill())
        .catch(report);
  });
}

main();
