/**
 * A tiny path router over the History API. The dashboard lives under `/app/` and the server answers
 * every `/app/*` path with index.html, so deep links and reloads work without a hash.
 */
import type { AnchorHTMLAttributes, JSX } from 'preact';
import { createElement } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** The path prefix the dashboard is served under (Vite `base`). */
export const BASE = '/app';

/** Where the app is: the path below {@link BASE} ("/sites/abc") and the query. */
export interface Location {
  path: string;
  query: URLSearchParams;
}

const CHANGE = 'misprint:navigate';

function current(): Location {
  const { pathname, search } = window.location;
  const path = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  return { path: path === '' ? '/' : path, query: new URLSearchParams(search) };
}

/** Full href for an app path ("/sites/abc" → "/app/sites/abc"). */
export function href(path: string): string {
  return BASE + path;
}

/** Goes to an app path, adding a history entry unless `replace`. */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const url = href(path);
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.dispatchEvent(new Event(CHANGE));
}

/** The current location, re-rendering on navigation and back/forward. */
export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const update = () => setLocation(current());
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
    // Effects run after paint: catch a navigation that happened before this listener existed.
    update();
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return location;
}

/**
 * Matches a path against a pattern with `:name` segments; returns the decoded params or null.
 * `match('/sites/:siteId', '/sites/a%20b')` → `{siteId: 'a b'}`.
 */
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const have = path.replace(/\/$/, '').split('/');
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i] ?? '';
    const value = have[i] ?? '';
    if (part.startsWith(':')) {
      if (value === '') return null;
      try {
        params[part.slice(1)] = decodeURIComponent(value);
      } catch {
        return null;
      }
    } else if (part !== value) return null;
  }
  return params;
}

/** Props of {@link Link}: an anchor whose `to` is an app path. */
export type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string };

/** An in-app link: a real anchor (open in new tab works), navigated without a reload on plain clicks. */
export function Link({ to, ...props }: LinkProps): JSX.Element {
  const onClick = (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return createElement('a', { ...props, href: href(to), onClick });
}
