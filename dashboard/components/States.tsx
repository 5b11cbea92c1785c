/** The loading, error and empty states every view shares. */
import type { ComponentChildren, JSX } from 'preact';
import { errorMessage } from '../api.js';

/** A quiet "Loading…" that assistive tech reports as busy. */
export function Loading({ label = 'Loading…' }: { label?: string }): JSX.Element {
  return (
    <p class="state loading" role="status" aria-busy="true">
      {label}
    </p>
  );
}

/** An error sentence with an optional retry button. */
export function ErrorNotice({ error, retry }: { error: unknown; retry?: () => void }): JSX.Element {
  return (
    <div class="state error" role="alert">
      <p>{errorMessage(error)}</p>
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** What an empty list says, and what to do about it. */
export function Empty({ children }: { children: ComponentChildren }): JSX.Element {
  return <div class="state empty">{children}</div>;
}
