import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { Link, match, navigate, useLocation } from '../../dashboard/router.js';

afterEach(cleanup);

function Where() {
  const { path, query } = useLocation();
  return (
    <p>
      at {path} {query.toString()}
    </p>
  );
}

describe('router', () => {
  it('matches :params, decodes them, and refuses other shapes', () => {
    expect(match('/sites/:siteId', '/sites/a%20b')).toEqual({ siteId: 'a b' });
    expect(match('/sites/:siteId', '/sites/abc/')).toEqual({ siteId: 'abc' });
    expect(match('/sites/:siteId', '/sites/')).toBeNull();
    expect(match('/sites/:siteId', '/sites/a/overview')).toBeNull();
    expect(match('/reports/:id', '/reports/%E0%A4%A')).toBeNull();
  });

  it('follows navigate() and in-app links without a reload, and leaves modified clicks to the browser', () => {
    history.replaceState(null, '', '/app/');
    render(
      <>
        <Where />
        <Link to="/tokens">Tokens</Link>
      </>,
    );
    expect(screen.getByText(/^at/).textContent).toBe('at / ');
    act(() => navigate('/sites/s1?status=fixed'));
    expect(location.pathname).toBe('/app/sites/s1');
    expect(screen.getByText(/^at/).textContent).toBe('at /sites/s1 status=fixed');
    const link = screen.getByRole('link', { name: 'Tokens' });
    expect(link.getAttribute('href')).toBe('/app/tokens');
    act(() => {
      expect(fireEvent.click(link)).toBe(false);
    });
    expect(screen.getByText(/^at/).textContent).toBe('at /tokens ');
    // Ctrl/⌘-click opens a new tab in a browser: the router must not swallow it.
    expect(fireEvent.click(link, { ctrlKey: true })).toBe(true);
    expect(fireEvent.click(link, { metaKey: true })).toBe(true);
  });
});
