import { screen, waitFor, within } from '@testing-library/preact';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ReportItem } from '../../contract/api.js';
import { installFakeApi, ME, makeReport, makeSite, ok } from './fake-api.js';
import { renderAt } from './render-app.js';

const HOUR = 3_600_000;

function inbox(reports: ReportItem[]) {
  return installFakeApi()
    .on('GET /me', () => ok(ME))
    .on('GET /sites/:id', () => ok(makeSite('owner')))
    .on('GET /sites/:id/reports/counts', () => ok({ new: reports.length, fixed: 0, dismissed: 0, spam: 0 }))
    .on('GET /sites/:id/reports', () => ok({ items: reports, nextCursor: null }));
}

const cardOf = (title: string) => {
  const card = screen
    .queryAllByRole('article')
    .find((element) => within(element).queryByRole('heading', { name: new RegExp(title) }));
  if (!card) throw new Error(`no card for ${title}`);
  return card;
};

describe('triage help on inbox cards', () => {
  it('shows the reasons, the dictionary’s suggestions and the last re-check', async () => {
    inbox([
      makeReport(1, {
        reasons: ['5 readers', 'not in the dictionary', 'article published 2 h ago'],
        spelling: { known: false, suggestions: ['received', 'relieved'] },
        check: { at: new Date(Date.now() - 2 * HOUR).toISOString(), result: 'still_there' },
      }),
      makeReport(2, {
        reasons: ['link or markup in the comment'],
        check: { at: new Date(Date.now() - 10 * 60_000).toISOString(), result: 'page_changed' },
      }),
      makeReport(3),
    ]);
    renderAt('/sites/s1');
    await waitFor(() => expect(screen.queryAllByRole('article')).toHaveLength(3));

    const first = cardOf('Story 1');
    const reasons = within(first).getByRole('list', { name: 'Why it ranks here' });
    expect(
      within(reasons)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['5 readers', 'article published 2 h ago']);
    expect(first.querySelector('.spelling')?.textContent).toBe(
      'Not in the dictionary · did you mean received, relieved?',
    );
    expect(first.querySelector('.check')?.textContent).toBe('checked 2 h ago: still on the page');

    const second = cardOf('Story 2');
    expect(within(second).getByRole('listitem').textContent).toBe('link or markup in the comment');
    expect(second.querySelector('.spelling')).toBeNull();
    expect(second.querySelector('.check')?.textContent).toBe('checked 10 min ago: page changed');

    expect(cardOf('Story 3').querySelector('.triage-notes')).toBeNull();
  });

  it('marks a report sent with Origin: null, and only that one', async () => {
    inbox([makeReport(1, { originNull: true }), makeReport(2)]);
    renderAt('/sites/s1');
    await waitFor(() => expect(screen.queryAllByRole('article')).toHaveLength(2));
    expect(cardOf('Story 1').querySelector('.origin-null')?.textContent).toBe('Origin not verified');
    expect(cardOf('Story 2').querySelector('.origin-null')).toBeNull();
  });

  it('lets an owner block the reader of a report from its page, after confirming', async () => {
    const fake = inbox([makeReport(1)])
      .on('GET /reports/:id', () => ok({ ...makeReport(1, { id: 'r1' }), events: [] }))
      .on('POST /reports/:id/block-reader', () =>
        ok({
          id: 'b1',
          reportId: 'r1',
          createdAt: new Date().toISOString(),
          expiresAt: new Date(Date.now() + 30 * 24 * HOUR).toISOString(),
        }),
      );
    const confirm = vi.fn(() => true);
    vi.stubGlobal('confirm', confirm);
    renderAt('/reports/r1');
    const button = await screen.findByRole('button', { name: 'Block this reader' });
    await userEvent.setup().click(button);
    await waitFor(() => expect(fake.callsTo('POST /reports/:id/block-reader')).toHaveLength(1));
    expect(confirm).toHaveBeenCalledOnce();
    expect(fake.callsTo('POST /reports/:id/block-reader')[0]?.path).toBe('/reports/r1/block-reader');
  });

  it('offers editors a re-check of the page but not blocking', async () => {
    const fake = installFakeApi()
      .on('GET /me', () => ok(ME))
      .on('GET /sites/:id', () => ok(makeSite('editor')))
      .on('GET /reports/:id', () => ok({ ...makeReport(1, { id: 'r1' }), events: [] }))
      .on('POST /sites/:id/recheck', () =>
        ok({ checked: 1, fixed: 0, stillThere: 1, changed: 0, unreachable: 0 }),
      );
    renderAt('/reports/r1');
    const recheck = await screen.findByRole('button', { name: 'Re-check the page' });
    expect(screen.queryByRole('button', { name: 'Block this reader' })).toBeNull();
    await userEvent.setup().click(recheck);
    await waitFor(() => expect(fake.callsTo('POST /sites/:id/recheck')).toHaveLength(1));
    expect(fake.callsTo('POST /sites/:id/recheck')[0]?.body).toEqual({ url: 'https://news.example/story-1' });
  });
});
