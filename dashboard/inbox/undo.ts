/** The inbox's undo offer: the last triage action, takeable back for a few seconds. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';

/** How long "Marked fixed · Undo" stays (DESIGN.md "Undo"). */
export const UNDO_MS = 10_000;

/** The action on offer: what it did ("Marked fixed") and the ids that take it back. */
export interface UndoOffer {
  label: string;
  actions: string[];
}

/** The offer, a way to make one (replacing any), and `take`, which undoes it once. */
export function useUndo(): {
  offer: UndoOffer | null;
  make: (offer: UndoOffer) => void;
  take: () => Promise<number | null>;
  dismiss: () => void;
} {
  const [offer, setOffer] = useState<UndoOffer | null>(null);
  const current = useRef<UndoOffer | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const dismiss = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    current.current = null;
    setOffer(null);
  }, []);

  const make = useCallback(
    (next: UndoOffer) => {
      dismiss();
      if (next.actions.length === 0) return;
      current.current = next;
      setOffer(next);
      timer.current = setTimeout(dismiss, UNDO_MS);
    },
    [dismiss],
  );

  /** Resolves with the reports restored, or null when there was nothing (left) to undo. */
  const take = useCallback(async () => {
    const taking = current.current;
    if (!taking) return null;
    dismiss();
    return (await api.undo({ actions: taking.actions })).updated;
  }, [dismiss]);

  useEffect(() => dismiss, [dismiss]);
  return { offer, make, take, dismiss };
}
