/** What the loader hands the chunks it imports: the shapes both sides of `import()` agree on. */
import type { Lang } from './lang.js';

/** The widget's settings, read once from its script tag. */
export interface WidgetConfig {
  /** `data-site`: the site's public key. */
  site: string;
  /** Origin (and optional path) of the Misprint server: `data-endpoint`, else the script's origin. */
  endpoint: string;
  lang: Lang;
  /** `data-theme` as written: `light` or `dark` forces one, anything else follows the reader's system. */
  theme: string | undefined;
  /** The script tag's nonce, for the `<style>` fallback where constructable stylesheets are missing. */
  nonce: string;
  /** Longest selection accepted, in characters (`data-max-selection`, default 300, at most 1000). */
  maxSelection: number;
  /** `data-notify` is not `"false"`: remember sent reports and tell the reader when they are fixed. */
  notify: boolean;
}

/** The running widget as chunks see it: its settings and what they may ask the loader to do. */
export interface Widget {
  readonly config: WidgetConfig;
  /** Opens the dialog for `range` (the touch button's saved selection) or the current selection. */
  open(range?: Range): void;
  /** Sends queued reports that are due (all of them with `force`), from the queue's own chunk. */
  flush(force: boolean): void;
  /**
   * Imports chunk `name` (`flush` or `<chunk>-<lang>`) and runs its default export with `args`; a
   * failure goes to the console only.
   */
  use<A extends unknown[]>(name: string, ...args: A): Promise<unknown>;
}

/**
 * The dialog chunk (`dialog-<lang>`): everything a first use needs in one file, so one round trip
 * shows the dialog. Prefetched once a selection settles, imported at the latest on first use. It
 * opens the dialog for `range` or the current selection, or explains why not with a hint; `shell`
 * is the loader's stand-in dialog (widget/shell.ts), which it takes over, or which it leaves
 * alone and closed when the reader already closed it.
 */
export type DialogChunk = ((
  widget: Widget,
  range?: AbstractRange | null,
  shell?: HTMLDialogElement,
) => void) & {
  /**
   * In `dialog-touch-<lang>`, the flavour for coarse pointers only: shows the report button under
   * settled selections from now on (once, however often it is called).
   */
  touch?: (widget: Widget) => void;
};

/**
 * The hint chunk (`hint-<lang>`): without arguments, fills `[data-misprint-hint]` elements with the
 * reader's shortcut; with the widget, shows a toast with it (nothing selected), or, with the
 * selection's `length`, says the selection is too long.
 */
export type HintChunk = (widget?: Widget, length?: number) => void;

/** The readers-told chunk (`told-<lang>`): asks about open reports and thanks for fixed ones. */
export type ToldChunk = (widget: Widget) => Promise<void>;

/**
 * The offline queue's chunk (`flush`), loaded once the page is idle and only when reports are
 * waiting: sends queued reports that are due (all of them with `force`) and schedules the rest.
 */
export type FlushChunk = (force: boolean) => Promise<void>;

/** A chunk module as `import()` yields it: each chunk's one export is its default. */
export interface ChunkModule<T> {
  default: T;
}
