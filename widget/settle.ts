/** Noticing a reader's selection settle on the page's text: the moment to prefetch the dialog. */
import { NOT_OURS } from './keys.js';

/**
 * A selection has settled once it has not changed for this long. A drag fires selectionchange at
 * every mouse move and a double-click once: 100 ms is a pause no drag makes, yet leaves the network
 * most of the time a reader takes to reach for the keys.
 */
export const SETTLE_MS = 100;

/**
 * Whether the page's selection is text a reader could report: not collapsed, not in a form field
 * or editor (those selections belong to the field), not in an ignored zone or our own UI.
 */
export function isReportable(selection: Selection | null): boolean {
  return (
    !!selection &&
    !selection.isCollapsed &&
    ![document.activeElement, selection.anchorNode, selection.focusNode].some((node) =>
      (node instanceof Element ? node : node?.parentElement)?.closest(NOT_OURS),
    )
  );
}

/** Calls `settled` each time a reportable selection has settled. Never on page load: only selections. */
export function onSettledSelection(settled: () => void): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  document.addEventListener(
    'selectionchange',
    () => {
      clearTimeout(timer);
      timer = setTimeout(() => isReportable(getSelection()) && settled(), SETTLE_MS);
    },
    { passive: true },
  );
}
