/** A reader's correction shown as changes to their selection. */
import type { JSX } from 'preact';
import { diffText } from '../diff.js';

/**
 * `rec<del>i</del>e<ins>i</ins>ved`. Screen readers get the plain correction instead, since
 * `<del>`/`<ins>` are not announced and letter-level changes read as noise.
 */
export function InlineDiff({ before, after }: { before: string; after: string }): JSX.Element {
  // A <bdi>: the correction is reader text, isolated like the rest (dashboard/bidi.ts).
  return (
    <bdi class="diff">
      <span class="sr-only">{after}</span>
      <span aria-hidden="true">
        {diffText(before, after).map((part, index) =>
          part.type === 'del' ? (
            <del key={index}>{part.text}</del>
          ) : part.type === 'ins' ? (
            <ins key={index}>{part.text}</ins>
          ) : (
            part.text
          ),
        )}
      </span>
    </bdi>
  );
}
