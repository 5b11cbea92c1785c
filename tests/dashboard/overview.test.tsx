import { screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { DailyStats } from '../../contract/api.js';
import { installFakeApi, ME, makeSite, ok } from './fake-api.js';
import { renderAt } from './render-app.js';

function days(values: Array<[number, number]>): DailyStats {
  return {
    days: values.map(([fresh, fixed], index) => ({
      date: `2026-03-${String(index + 1).padStart(2, '0')}`,
      new: fresh,
      fixed,
      dismissed: 0,
      spam: 0,
    })),
    timeToFix: { groups: 0, median: null, p90: null, byAuthor: [], bySection: [] },
    openPages: [],
  };
}

describe('overview', () => {
  it('draws stacked bars per day with an accessible title and summary, and totals per status', async () => {
    installFakeApi()
      .on('GET /me', () => ok(ME))
      .on('GET /sites/:id', () => ok(makeSite()))
      .on('GET /sites/:id/stats', () =>
        ok(
          days([
            [1, 0],
            [0, 0],
            [4, 2],
          ]),
        ),
      );
    renderAt('/sites/s1/overview');
    const chart = await screen.findByRole('img', { name: /Reports per day, last 3 days/ });
    expect(chart.querySelector('desc')?.textContent).toBe(
      '7 reports in total; the busiest day was 2026-03-03 with 6.',
    );
    expect(chart.querySelectorAll('rect.status-new')).toHaveLength(2);
    expect(chart.querySelectorAll('rect.status-fixed')).toHaveLength(1);
    const [one, four] = [...chart.querySelectorAll('rect.status-new')].map((rect) =>
      Number(rect.getAttribute('height')),
    );
    expect(one).toBeGreaterThan(0);
    expect(one).toBeLessThan(four ?? 0);
    const totals = screen.getByRole('heading', { name: 'Last 30 days' }).nextElementSibling;
    if (!(totals instanceof HTMLElement)) throw new Error('no totals');
    expect(within(totals).getByText('New').nextElementSibling?.textContent).toBe('5');
    expect(within(totals).getByText('Fixed').nextElementSibling?.textContent).toBe('2');
  });

  it('says when there were no reports', async () => {
    installFakeApi()
      .on('GET /me', () => ok(ME))
      .on('GET /sites/:id', () => ok(makeSite()))
      .on('GET /sites/:id/stats', () => ok(days([[0, 0]])));
    renderAt('/sites/s1/overview');
    expect(await screen.findByText(/No reports in the last 30 days/)).toBeTruthy();
  });

  it('shows time to fix overall, by author and by section, and the pages with most open reports', async () => {
    installFakeApi()
      .on('GET /me', () => ok(ME))
      .on('GET /sites/:id', () => ok(makeSite()))
      .on('GET /sites/:id/stats', () =>
        ok({
          ...days([[1, 1]]),
          timeToFix: {
            groups: 3,
            median: 3 * 3600,
            p90: 4.6 * 3600,
            byAuthor: [{ name: 'Jane Roe', groups: 2, median: 7200, p90: 10_080 }],
            bySection: [{ name: 'Politics', groups: 2, median: 3 * 86_400 + 3600, p90: 40 }],
          },
          openPages: [{ url: 'https://news.example/busy', title: 'Busy page', groups: 7 }],
        } satisfies DailyStats),
      );
    renderAt('/sites/s1/overview');
    const section = await screen.findByRole('region', { name: 'Time to fix' });
    expect(section.textContent).toContain(
      'over the 3 groups fixed in the last 30 days: median 3 h, 90th percentile 4 h 36 min.',
    );
    const byAuthor = within(section).getByRole('table', { name: 'By author' });
    expect(within(byAuthor).getByRole('row', { name: /Jane Roe/ }).textContent).toBe(
      'Jane Roe22 h2 h 48 min',
    );
    const bySection = within(section).getByRole('table', { name: 'By section' });
    expect(within(bySection).getByRole('row', { name: /Politics/ }).textContent).toBe('Politics23 d 1 h40 s');
    const pages = screen.getByRole('region', { name: 'Pages with the most open reports' });
    expect(pages.textContent).toContain('Busy page https://news.example/busy · 7 open');
  });
});
