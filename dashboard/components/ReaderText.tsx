/** A string a reader (or a reader's page) sent, shown in its own bidi isolate (dashboard/bidi.ts). */
import type { JSX } from 'preact';

/** `<bdi>`: its direction is its own, and no control character inside reaches the text around it. */
export function ReaderText({ text, class: className }: { text: string; class?: string }): JSX.Element {
  return <bdi class={className}>{text}</bdi>;
}
