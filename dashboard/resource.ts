/** Loading state for one API read, so every view shows loading, error and empty states the same way. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/** What a read is doing: still loading, failed, or done with its data. */
export type Resource<T> =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'ready'; data: T };

/** A read plus ways to repeat it or to replace its data after a write. */
export interface ResourceHandle<T> {
  state: Resource<T>;
  reload: () => void;
  set: (data: T) => void;
}

/**
 * Runs `load` when `key` changes (and on `reload`); an answer that arrives after a newer request
 * started is dropped, so quick tab switches never show stale data. A reload keeps the old data on
 * screen until the new answer arrives.
 */
export function useResource<T>(load: () => Promise<T>, key: string): ResourceHandle<T> {
  const [state, setState] = useState<Resource<T>>({ status: 'loading' });
  const [round, setRound] = useState(0);
  const shownKey = useRef<string | null>(null);
  useEffect(() => {
    let live = true;
    // A reload keeps showing the data it refreshes (no flicker after each triage); a new key does not.
    if (shownKey.current !== key) setState({ status: 'loading' });
    shownKey.current = key;
    load().then(
      (data) => live && setState({ status: 'ready', data }),
      (error: unknown) => live && setState({ status: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [key, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  const set = useCallback((data: T) => setState({ status: 'ready', data }), []);
  return { state, reload, set };
}
