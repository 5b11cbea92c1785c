import { screen, waitFor, within } from '@testing-library/preact';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeApi, ME, makeReport, makeSite, ok } from './fake-api.js';
import { renderAt } from './render-app.js';

const PAYLOAD = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
const hostile = makeReport(1, {
  url: 'javascript:window.__pwned=3//https://news.example/',
  title: `<b>bold</b>${PAYLOAD}`,
  quote: {
    exact: `<script>window.__pwned=4</script>`,
    prefix: '<a href="javascript:alert(1)">x</a> ',
    suffix: ` ${PAYLOAD}`,
  },
  suggestion: '<iframe src="javascript:alert(5)"></iframe>',
  comment: `<svg onload="window.__pwned=6"></svg>${PAYLOAD}`,
});

declare global {
  interface Window {
    __pwned?: number;
  }
}

afterEach(() => {
  window.__pwned = undefined;
});

describe('hostile report fields', () => {
  it('render as text in the inbox: no elements, no javascript: links, nothing runs', async () => {
    const alert = vi.fn();
    vi.stubGlobal('alert', alert);
    installFakeApi()
      .on('GET /me', () => ok(ME))
      .on('GET /sites/:id', () =>
        ok(makeSite('editor', { settings: { ...makeSite().settings, cmsUrlTemplate: '{url}' } })),
      )
      .on('GET /sites/:id/reports/counts', () => ok({ new: 1, fixed: 0, dismissed: 0, spam: 0 }))
      .on('GET /sites/:id/reports', () => ok({ items: [hostile], nextCursor: null }));
    renderAt('/sites/s1');
    const card = await screen.findByRole('article');
    expect(within(card).getByRole('heading').textContent).toContain(`<b>bold</b>${PAYLOAD}`);
    expect(card.querySelector('mark')?.textContent).toBe('<script>window.__pwned=4</script>');
    expect(card.textContent).toContain('<svg onload="window.__pwned=6"></svg>');
    for (const tag of ['img', 'script', 'svg', 'iframe', 'b'])
      expect(document.body.querySelector(tag)).toBeNull();
    const hrefs = [...document.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? '');
    expect(
      hrefs.filter(
        (href) =>
          !href.startsWith('/app/') &&
          !href.startsWith('/api/v1/sites/s1/reports/export?') &&
          !href.startsWith('http') &&
          href !== '#main',
      ),
    ).toEqual([]);
    expect(within(card).queryByRole('link', { name: 'Open on page' })).toBeNull();
    expect(within(card).queryByRole('link', { name: 'Edit in CMS' })).toBeNull();
    await userEvent.setup().keyboard('jo');
    expect(window.__pwned).toBeUndefined();
    expect(alert).not.toHaveBeenCalled();
  });

  it('render as text on the detail page too', async () => {
    installFakeApi()
      .on('GET /me', () => ok(ME))
      .on('GET /reports/:id', () => ok({ ...hostile, events: [] }))
      .on('GET /sites/:id', () => ok(makeSite()));
    renderAt('/reports/r1');
    expect(await screen.findByRole('heading', { name: `<b>bold</b>${PAYLOAD}` })).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Mark fixed' })).toBeTruthy());
    expect(screen.getByText(/^Page:/).textContent).toBe(`Page: ${hostile.url}`);
    for (const tag of ['img', 'script', 'svg', 'iframe', 'b'])
      expect(document.body.querySelector(tag)).toBeNull();
    expect(
      [...document.querySelectorAll('a')].some((a) => /^\s*javascript:/i.test(a.getAttribute('href') ?? '')),
    ).toBe(false);
    expect(window.__pwned).toBeUndefined();
  });
});
