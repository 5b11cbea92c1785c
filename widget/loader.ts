/**
 * `/widget.js`, the one script a site embeds (classic, async). On load it only reads its script
 * tag and listens; its one global is `window.Misprint`. Everything else is a chunk fetched where a
 * page needs it, each in one round trip (chunks import nothing):
 * - `dialog-<lang>`: prefetched once a reader's selection settles on the page's text (never on page
 *   load), imported at the latest on first use; on touch screens `dialog-touch-<lang>` instead,
 *   the dialog with the report button under a selection;
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
import { isReportable, onSettledSelection } from './settle.js';
import { showShell } from './shell.js';
import type { ChunkModule, DialogChunk, HintChunk, ToldChunk, Widget, WidgetConfig } from './types.js';

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

/** A localStorage value, or null where storage is blocked (then nothing was stored either). */
function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

const report = (error: unknown): void => console.warn('[misprint]', error);

function main(): void {
  const script = document.currentScript;
  // An HTML script with an address (an SVG script has no `src`).
  if (!(script && 'src' in script && script.src)) return;
  const previous = window.Misprint;
  if (previous && 'open' in previous) return;
  const src = script.src;
  const data = script.dataset;
  if (!data.site) {
    report('data-site is missing');
    return;
  }
  const lang = pickLang([data.lang, document.documentElement.lang, navigator.language]);
  const config: WidgetConfig = {
    site: data.site,
    endpoint: data.endpoint || new URL(src).origin,
    lang,
    theme: data.theme,
    nonce: script.nonce,
    // LIMITS.exactDefault and exactMax of the contract, inlined: importing LIMITS would put the
    // whole object into the loader.
    maxSelection: Math.min(Math.max(Number(data.maxSelection) || 300, 1), 1000),
    notify: data.notify !== 'false',
  };
  /** Imports a chunk's default export; `name` is `flush` or `<chunk>-<lang>`. */
  const chunk = <T>(name: string): Promise<T> =>
    import(/* @vite-ignore */ `${new URL(`widget/chunks/${name}-${__MISPRINT_BUILD__}.js`, src)}`).then(
      (module: ChunkModule<T>) => module.default,
    );
  /** Imports chunk `name` and runs it with `args`; a failure is reported to the console only. */
  const use = <A extends unknown[]>(name: string, ...args: A): Promise<unknown> =>
    chunk<(...args: A) => unknown>(name).then((run) => run(...args), report);

  let dialog: Promise<DialogChunk> | undefined;
  const load = (): Promise<DialogChunk> =>
    // Forget a failed import (offline on first use), so the next attempt fetches again.
    (dialog ??= chunk<DialogChunk>(
      `dialog${matchMedia('(pointer: coarse)').matches ? '-touch' : ''}-${lang}`,
    ).catch((error: unknown) => {
      dialog = undefined;
      throw error;
    }));
  const widget: Widget = {
    config,
    open: (range) => {
      // The selection is copied now: the shell's field takes the focus, and with it the selection.
      const selection = getSelection();
      const copy =
        range ??
        (isReportable(selection) &&
        selection?.anchorNode instanceof Text &&
        selection.focusNode instanceof Text
          ? selection.getRangeAt(0).cloneRange()
          : undefined);
      // Text only (a selection in a shadow root is the chunk's to find), and short enough. Never two:
      // while a shell (or the dialog) is open, the focus is in it, and the selection is not reportable.
      const shell = copy && String(copy).length <= config.maxSelection ? showShell(copy) : undefined;
      load().then(
        (show) => show(widget, copy, shell),
        (error: unknown) => {
          shell?.close();
          report(error);
        },
      );
    },
    use,
    flush: (force) => {
      if (stored(QUEUE_KEY) !== null) use<[boolean]>('flush', force);
    },
  };

  const run = (...calls: Call[]): number => {
    for (const call of calls) if ([call].flat()[0] === 'open') widget.open();
    return 0;
  };
  window.Misprint = { open: () => widget.open(), q: { push: run } };
  if (previous?.q) run(...previous.q);

  // Last in the bubbling order, so a page handler that takes Ctrl+Enter sets defaultPrevented first.
  addEventListener('keydown', (event) => isReportShortcut(event) && widget.open(), { passive: true });
  // A reader who selected text may be about to report it: fetch the dialog now, so the keys (or
  // the touch button, which comes with the dialog on touch screens) show it at once.
  onSettledSelection(() => load().then((show) => show.touch?.(widget), report));
  addEventListener('online', () => widget.flush(true), { passive: true });
  // Work for earlier visits and for hints, but not at the cost of the page's own load: localStorage
  // reads are synchronous, so they wait until the browser is idle.
  whenIdle(() => {
    widget.flush(false);
    // When to ask next; none stored (NaN) is never.
    if (config.notify && Number(stored(ASK_PREFIX + config.site) ?? Number.NaN) <= Date.now())
      use<Parameters<ToldChunk>>(`told-${lang}`, widget);
    if (document.querySelector('[data-misprint-hint]')) use<Parameters<HintChunk>>(`hint-${lang}`);
  });
}

main();
