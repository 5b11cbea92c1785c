/**
 * The dialog chunk: fetched by the loader on first use (a Ctrl/Cmd+Enter, a tap on the touch
 * button, `Misprint.open()`). Its exports are the `DialogChunk` interface of ../types.ts.
 */
import { h, render } from 'preact';
import { captureRange } from '../capture.js';
import { deliver } from '../deliver.js';
import { loadMessages } from '../i18n/index.js';
import { format } from '../i18n/messages.js';
import { isRtl } from '../lang.js';
import { pageUrl, selectedRange } from '../page.js';
import type { WidgetConfig } from '../types.js';
import { uuid } from '../uuid.js';
import { createHost } from './host.js';
import { ReportDialog } from './ReportDialog.js';
import { showToast } from './toast.js';

/** Set while the messages load, so a second Ctrl+Enter does not open a second dialog. */
let loading = false;
/** The open dialog's host; a page that wipes its body (an SPA re-render) closes the dialog too. */
let openHost: HTMLElement | undefined;

/** The focused element, looking into shadow roots, so focus can go back exactly where it was. */
function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Opens the dialog for the selection, or explains why not with a short hint. */
export async function open(config: WidgetConfig, range?: AbstractRange | null): Promise<void> {
  if (loading || openHost?.isConnected) return;
  // Capture first: the selection may change while the language chunk loads.
  const selection = range && !range.collapsed ? range : selectedRange();
  const result = selection ? captureRange(selection, config.maxSelection) : { kind: 'empty' as const };
  if (result.kind === 'ignored') return;
  const page = { url: pageUrl(), title: document.title.slice(0, 512) };
  loading = true;
  try {
    const messages = await loadMessages(config.lang);
    const dir = isRtl(config.lang) ? 'rtl' : 'ltr';
    if (result.kind !== 'ok') {
      const hint =
        result.kind === 'long' ? format(messages.long, { n: result.length, max: result.max }) : messages.hint;
      showToast(hint, config.nonce, dir);
      return;
    }
    const returnFocus = deepActiveElement();
    const { host, root } = createHost(config.nonce);
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
        dir,
        theme: config.theme,
        capture: result,
        page,
        messages,
        id: uuid(),
        deliver: async (report) => {
          const delivery = await deliver(config.endpoint, report);
          // Retries run from the queue's own chunk, which the loader also uses on page load.
          if (delivery.kind === 'queued') void import('../flush.js').then((queue) => queue.flush(false));
          return delivery;
        },
        onClose: close,
      }),
      root,
    );
  } finally {
    loading = false;
  }
}
