/** What the loader hands the dialog chunk: the shape both sides of the dynamic import agree on. */
import type { Lang } from './lang.js';

/** `data-theme`: follow the reader's system (`auto`) or force one. */
export type Theme = 'light' | 'dark' | 'auto';

/** The widget's settings, read once from its script tag. */
export interface WidgetConfig {
  /** `data-site`: the site's public key. */
  site: string;
  /** Origin (and optional path) of the Misprint server: `data-endpoint`, else the script's origin. */
  endpoint: string;
  lang: Lang;
  theme: Theme;
  /** The script tag's nonce, for the `<style>` fallback where constructable stylesheets are missing. */
  nonce: string;
  /** Longest selection accepted, in characters (`data-max-selection`, default 300, at most 1000). */
  maxSelection: number;
}

/** The dialog chunk's exports, loaded with `import()` on first use. */
export interface DialogChunk {
  /** Opens the dialog for `range` (the touch button's saved selection) or the current selection. */
  open(config: WidgetConfig, range?: AbstractRange | null): Promise<void>;
}

/** The offline queue's chunk, loaded once the page is idle and only when reports are waiting. */
export interface FlushChunk {
  /** Sends queued reports that are due (all of them with `force`) and schedules the rest. */
  flush(force: boolean): Promise<void>;
}
