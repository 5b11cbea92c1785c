/** The "?" dialog listing the inbox's keyboard shortcuts. */
import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/** Every inbox key and what it does; the dialog and the docs read from this list. */
export const INBOX_KEYS: ReadonlyArray<readonly [key: string, action: string]> = [
  ['j', 'Next report'],
  ['k', 'Previous report'],
  ['x', 'Select or unselect the report'],
  ['f', 'Mark fixed (the selection, or the focused report)'],
  ['d', 'Dismiss'],
  ['s', 'Mark spam'],
  ['n', 'Back to new'],
  ['a', 'Assign to me (the selection, or the focused report)'],
  ['z', 'Undo the last action (for 10 seconds after it)'],
  ['o', 'Open on page'],
  ['Enter', 'Open details'],
  ['Esc', 'Clear the selection, close this dialog'],
  ['?', 'Show these keys'],
];

/** A modal listing {@link INBOX_KEYS}; focus moves into it and back to where it was on close. */
export function KeysDialog({ onClose }: { onClose: () => void }): JSX.Element {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const previous = document.activeElement;
    closeRef.current?.focus();
    return () => {
      if (previous instanceof HTMLElement) previous.focus();
    };
  }, []);
  return (
    <div class="backdrop">
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="keys-title">
        <h2 id="keys-title">Keyboard shortcuts</h2>
        <dl class="keys">
          {INBOX_KEYS.map(([key, action]) => (
            <div key={key}>
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{action}</dd>
            </div>
          ))}
        </dl>
        <p class="hint">Keys do nothing while you type in a field.</p>
        <button type="button" ref={closeRef} onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
