/** The inbox's keyboard shortcuts (listed for people in components/KeysDialog.tsx). */
import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';
import type { ReportItem } from '../../contract/api.js';
import type { ReportStatus } from '../../contract/report.js';
import { isTypingOrChord } from '../keyboard.js';
import { STATUS_KEYS } from '../status-labels.js';

/** What the shortcuts read and do, as of the latest render. */
export interface InboxKeyTarget {
  items: readonly ReportItem[];
  /** Index of the card with keyboard focus, -1 before the first `j`; read live, not per render. */
  focusIndex: () => number;
  selected: ReadonlySet<string>;
  keysOpen: boolean;
  /** Whether the caller may triage this card (its site's role). */
  canTriage: (report: ReportItem) => boolean;
  status: ReportStatus;
  focusCard: (index: number) => void;
  toggle: (id: string) => void;
  clearSelection: () => void;
  setKeysOpen: (open: boolean) => void;
  changeStatus: (reports: readonly ReportItem[], to: ReportStatus) => void;
  assignToMe: (reports: readonly ReportItem[]) => void;
  undo: () => void;
  openOnPage: (report: ReportItem) => void;
  openDetail: (report: ReportItem) => void;
}

/**
 * Listens for the shortcuts on the document. The target is read through a ref updated on every
 * render: a listener re-registered in an effect would miss keys pressed between a render and its
 * (deferred) effects, which fast typists do.
 */
export function useInboxKeys(target: RefObject<InboxKeyTarget | null>): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const now = target.current;
      if (!now || isTypingOrChord(event)) return;
      if (now.keysOpen) {
        if (event.key === 'Escape') now.setKeysOpen(false);
        return;
      }
      const index = now.focusIndex();
      const focused = now.items[index];
      const key = event.key;
      const to = STATUS_KEYS[key];
      // The selection, or else the focused card; only cards of sites where the caller triages.
      const targets = () =>
        (now.selected.size > 0
          ? now.items.filter((item) => now.selected.has(item.id))
          : focused
            ? [focused]
            : []
        ).filter(now.canTriage);
      if (key === '?') now.setKeysOpen(true);
      else if (key === 'j') now.focusCard(Math.min(index + 1, now.items.length - 1));
      else if (key === 'k') now.focusCard(Math.max(index - 1, 0));
      else if (key === 'Escape') now.clearSelection();
      else if (key === 'x' && focused && now.canTriage(focused)) now.toggle(focused.id);
      else if (key === 'o' && focused) now.openOnPage(focused);
      else if (
        key === 'Enter' &&
        focused &&
        event.target instanceof HTMLElement &&
        event.target.dataset.report
      )
        now.openDetail(focused);
      else if (key === 'a') now.assignToMe(targets());
      else if (key === 'z') now.undo();
      else if (to && to !== now.status) now.changeStatus(targets(), to);
      else return;
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [target]);
}
