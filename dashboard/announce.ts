/**
 * One polite live region for outcomes ("3 reports marked fixed", "Copied"), so screen readers hear
 * what a key press or button did without focus moving.
 */
import { useEffect, useState } from 'preact/hooks';

type Listener = (message: string) => void;
const listeners = new Set<Listener>();

/** Says `message` through the live region. */
export function announce(message: string): void {
  for (const listener of listeners) listener(message);
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
