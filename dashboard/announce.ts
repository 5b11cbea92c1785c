/**
 * One polite live region for outcomes ("3 reports marked fixed", "Copied"), so screen readers hear
 * what a key press or button did without focus moving.
 */
import { useEffect, useState } from 'preact/hooks';

type Listener = (message: string) => void;
const listeners = new Set<Listener>();

let last = '';

/** Says `message` through the live region. */
export function announce(message: string): void {
  // Screen readers stay silent when a live region's text does not change, so a repeated message
  // ("1 report marked fixed." twice) differs from the last by an invisible no-break space.
  last = message === last.trimEnd() && !last.endsWith('\u00a0') ? `${message}\u00a0` : message;
  for (const listener of listeners) listener(last);
}

/** The latest announcement, for the component that renders the live region. */
export function useAnnouncement(): string {
  const [message, setMessage] = useState('');
  useEffect(() => {
    listeners.add(setMessage);
    return () => {
      listeners.delete(setMessage);
    };
  }, []);
  return message;
}
