/** A button that copies a text (snippet, invitation link, token) and says so. */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { announce } from '../announce.js';

/** How long the button says "Copied" before it reads as itself again. */
const CONFIRM_MS = 2000;

/** Copies `text` to the clipboard; confirms on the button and in the live region. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }): JSX.Element {
  const [outcome, setOutcome] = useState<'copied' | 'failed' | null>(null);
  useEffect(() => {
    if (outcome === null) return;
    const timer = setTimeout(() => setOutcome(null), CONFIRM_MS);
    return () => clearTimeout(timer);
  }, [outcome]);
  const copy = async () => {
    try {
      // Undefined outside secure contexts (plain http on a LAN address): that lands in the catch.
      await navigator.clipboard.writeText(text);
      setOutcome('copied');
      announce('Copied to the clipboard.');
    } catch {
      setOutcome('failed');
      announce('Copying failed: select the text and copy it yourself.');
    }
  };
  return (
    <button type="button" class="secondary" onClick={copy}>
      {outcome === 'copied' ? 'Copied' : outcome === 'failed' ? 'Copy failed: select the text' : label}
    </button>
  );
}
