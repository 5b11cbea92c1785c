/**
 * The dialog chunk (`dialog-<lang>`): built once per language with its words compiled in, and with
 * everything a first use needs (Preact, capture, sender), so one round trip shows the dialog. The
 * loader prefetches it once a selection settles and imports it at the latest on first use (a
 * Ctrl/Cmd+Enter, a tap on the touch button, `Misprint.open()`).
 */
import { h, render } from 'preact';
import { captureRange } from '../capture.js';
import { deliver } from '../deliver.js';
import type { DialogWords } from '../i18n/words.js';
import { isRtl } from '../lang.js';
import { pageMeta } from '../meta.js';
import { pageUrl, selectedRange } from '../page.js';
import { pageStorage } from '../queue.js';
import { remember } from '../sent.js';
import type { DialogChunk, HintChunk, Widget } from '../types.js';
import { createHost } from '../ui/host.js';
import { uuid } from '../uuid.js';
import { ReportDialog } from './ReportDialog.js';
import css from './styles.css?inline';

/** The open dialog's host; a page that wipes its body (an SPA re-render) closes the dialog too. */
let openHost: HTMLElement | undefined;

/** The focused element, looking into shadow roots, so focus can go back exactly where it was. */
function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** What the reader did in the shell's field before the chunk arrived. */
export interface Typed {
  value: string;
  start: number;
  end: number;
}

/**
 * Closes the loader's shell (widget/shell.ts), which gives the focus back to where it was, and says
 * what the reader typed in it; null when the reader already closed it.
 */
function takeOver(shell: HTMLDialogElement): Typed | null {
  if (!shell.open) return null;
  const field = shell.querySelector('textarea');
  const typed = field && { value: field.value, start: field.selectionStart, end: field.selectionEnd };
  shell.close();
  (shell.getRootNode() as ShadowRoot).host.remove();
  return typed;
}

/**
 * Opens the dialog for the selection, or explains why not with a short hint. `shell`: the loader's
 * stand-in, taken over (the dialog opens with what the reader typed in it) or, closed, obeyed.
 */
export function openDialog(
  widget: Widget,
  words: DialogWords,
  range?: AbstractRange | null,
  shell?: HTMLDialogElement,
): void {
  // An earlier press whose chunk arrives after a later press drew its shell gives way to it: the
  // selection it would read now is the shell's, not the one the reader pressed on.
  if (!shell && document.querySelector('[data-misprint-host=shell]')) return;
  const typed = shell ? takeOver(shell) : undefined;
  if (openHost?.isConnected || typed === null) return;
  const { config } = widget;
  const selection = range && !range.collapsed ? range : selectedRange();
  const result = selection ? captureRange(selection, config.maxSelection) : { kind: 'empty' as const };
  if (result.kind === 'ignored') return;
  if (result.kind !== 'ok') {
    // Why no dialog, from the hint chunk, which has the words for it.
    widget.use<Parameters<HintChunk>>(
      `hint-${config.lang}`,
      widget,
      result.kind === 'long' ? result.length : 0,
    );
    return;
  }
  const returnFocus = deepActiveElement();
  const { host, root } = createHost(css, config.nonce);
  openHost = host;
  const close = (): void => {
    render(null, root);
    host.remove();
    if (returnFocus instanceof HTMLElement && returnFocus.isConnected) returnFocus.focus();
  };
  render(
    h(ReportDialog, {
      site: config.site,
      lang: config.lang,
      dir: isRtl(config.lang) ? 'rtl' : 'ltr',
      // Resolved here, so the stylesheet carries the dark colours once.
      theme:
        config.theme === 'dark' ||
        (config.theme !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches)
          ? 'dark'
          : 'light',
      capture: result,
      page: { url: pageUrl(), title: document.title.slice(0, 512) },
      words,
      id: uuid(),
      typed,
      deliver: async (report) => {
        const page = pageMeta();
        const delivery = await deliver(config.endpoint, page ? { ...report, page } : report);
        // Retries run from the queue's own chunk, which the loader also uses on page load.
        if (delivery.kind === 'queued') widget.flush(false);
        const storage = pageStorage();
        if (config.notify && storage && (delivery.kind === 'sent' || delivery.kind === 'queued'))
          remember(storage, config.site, {
            id: report.id,
            exact: report.quote.exact,
            fix: report.suggestion,
            at: Date.now(),
          });
        return delivery;
      },
      onClose: close,
    }),
    root,
  );
}

/** The chunk for `words`' language. */
export function chunk(words: DialogWords): DialogChunk {
  return (widget, range, shell) => openDialog(widget, words, range, shell);
}
