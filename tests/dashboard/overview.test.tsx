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
});
