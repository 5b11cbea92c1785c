/** Renders the whole dashboard at an app path, as a browser opening that URL would. */
import { cleanup, render } from '@testing-library/preact';
import { afterEach, vi } from 'vitest';
import { App } from '../../dashboard/App.js';
import { setSession, setUnauthenticatedHandler } from '../../dashboard/api.js';

/** Opens `/app<path>` and renders the app. */
export function renderAt(path: string) {
  history.replaceState(null, '', `/app${path}`);
  return render(<App />);
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  setSession(null);
  setUnauthenticatedHandler(null);
});
