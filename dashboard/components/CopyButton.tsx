/** A button that copies a text (snippet, invitation link, token) and says so. */
import type { JSX } from 'preact';
import { announce } from '../announce.js';

/** Copies `text` to the clipboard; announces the outcome in the live region. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }): JSX.Element {
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      announce('Copied to the clipboard.');
    } catch {
      announce('Copying failed: select the text and copy it yourself.');
    }
  };
  return (
    <button type="button" class="secondary" onClick={copy}>
      {label}
    </button>
  );
}
