import { screen, waitFor, within } from '@testing-library/preact';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ReportItem, Site } from '../../contract/api.js';
import { type FakeApi, fail, installFakeApi, ME, makeReport, makeSite, ok } from './fake-api.js';
import { renderAt } from './render-app.js';

/** A fake API with one site and a mutable list of new reports that triage really moves. */
function inboxApi(reports: ReportItem[], site: Site = makeSite('editor')): FakeApi {
  let list = [...reports];
  const move = (ids: string[], status: ReportItem['status']) => {
    const moved = list.filter((report) => ids.includes(report.id));
    list = list.map((report) => (ids.includes(report.id) ? { ...report, status } : report));
    return moved.reduce((sum, report) => sum + report.groupCount, 0);
  };
  return installFakeApi()
    .on('GET /me', () => ok(ME))
    .on('GET /sites/:id', () => ok(site))
    .on('GET /sites/:id/reports/counts', () =>
      ok({
        new: list.filter((r) => r.status === 'new').length,
        fixed: list.filter((r) => r.status === 'fixed').length,
        dismissed: list.filter((r) => r.status === 'dismissed').length,
        spam: list.filter((r) => r.status === 'spam').length,
      }),
    )
    .on('GET /sites/:id/reports', (call) =>
      ok({ items: list.filter((r) => r.status === (call.query.get('status') ?? 'new')), nextCursor: null }),
    )
    .on('PATCH /reports/:id', (call, params) => {
      const body = call.body;
      const status = typeof body === 'object' && body !== null && 'status' in body ? body.status : null;
      if (status !== 'new' && status !== 'fixed' && status !== 'dismissed' && status !== 'spam')
        return ok(null);
      return ok({ updated: move([params.id ?? ''], status), action: null });
    })
    .on('POST /sites/:id/reports/bulk', (call) => {
      const body = call.body;
      if (typeof body !== 'object' || body === null || !('ids' in body) || !('status' in body))
        return ok(null);
      const { ids, status } = body;
      if (!Array.isArray(ids)) return ok(null);
      if (status !== 'new' && status !== 'fixed' && status !== 'dismissed' && status !== 'spam')
        return ok(null);
      return ok({ updated: move(ids.map(String), status), action: null });
    });
}

const cards = () => screen.queryAllByRole('article');
const cardOf = (title: string) => {
  const card = cards().find((element) => within(element).queryByRole('heading', { name: new RegExp(title) }));
  if (!card) throw new Error(`no card for ${title}`);
  return card;
};

describe('inbox', () => {
  it('shows one card per duplicate group with its reader count, highlighted text and diff', async () => {
    inboxApi([
      makeReport(1, { groupCount: 40, comment: 'spelling' }),
      makeReport(2, { quote: { exact: 'teh', prefix: 'Read ', suffix: ' story' }, suggestion: 'the' }),
    ]);
    renderAt('/sites/s1');
    await waitFor(() => expect(cards()).toHaveLength(2));
    const first = cardOf('Story 1');
    expect(within(first).getByText('40 readers')).toBeTruthy();
    expect(first.querySelector('mark')?.textContent).toBe('recieved');
    expect(first.querySelector('blockquote')?.textContent).toBe(
      'the council has recieved the draft budget on Monday',
    );
    expect([...first.querySelectorAll('del')].map((el) => el.textContent)).toEqual(['i']);
    expect([...first.querySelectorAll('ins')].map((el) => el.textContent)).toEqual(['i']);
    expect(within(first).getByText('spelling')).toBeTruthy();
    expect(first.querySelector('time')?.textContent).toMatch(/3/);
    expect(within(cardOf('Story 2')).getByText('1 reader')).toBeTruthy();
    const open = within(first).getByRole('link', { name: 'Open on page' });
    expect(open.getAttribute('href')).toBe(
      'https://news.example/story-1#:~:text=the%20council%20has-,recieved,-the%20draft%20budget%20on' +
        '&text=the%20council%20has,the%20draft%20budget%20on',
    );
    expect(within(first).getByRole('link', { name: 'Edit in CMS' }).getAttribute('href')).toBe(
      'https://cms.example/edit?page=https%3A%2F%2Fnews.example%2Fstory-1',
    );
  });

  it('shows per-status counts in the tabs and an empty state', async () => {
    inboxApi([makeReport(1, { status: 'fixed' }), makeReport(2, { status: 'fixed' })]);
    renderAt('/sites/s1');
    expect(await screen.findByText('No new reports. All clear!')).toBeTruthy();
    const tabs = screen.getByRole('navigation', { name: 'Report status' });
    await waitFor(() =>
      expect(within(tabs).getByRole('link', { name: /Fixed/ }).textContent).toBe('Fixed 2'),
    );
    await userEvent.setup().click(within(tabs).getByRole('link', { name: /Fixed/ }));
    await waitFor(() => expect(cards()).toHaveLength(2));
    expect(location.search).toBe('?status=fixed');
  });

  it('moves with j/k, selects with x and clears the selection with f in one bulk request', async () => {
    const fake = inboxApi([makeReport(1), makeReport(2), makeReport(3)]);
    renderAt('/sites/s1');
    await waitFor(() => expect(cards()).toHaveLength(3));
    const user = userEvent.setup();
    await user.keyboard('j');
    expect(document.activeElement).toBe(cardOf('Story 1'));
    await user.keyboard('j');
    expect(document.activeElement).toBe(cardOf('Story 2'));
    await user.keyboard('k');
    expect(document.activeElement).toBe(cardOf('Story 1'));
    await user.keyboard('x');
    await user.keyboard('jj');
    await user.keyboard('x');
    expect(screen.getByText('2 selected')).toBeTruthy();
    await user.keyboard('f');
    await waitFor(() => expect(cards()).toHaveLength(1));
    expect(fake.callsTo('POST /sites/:id/reports/bulk')[0]?.body).toEqual({
      ids: ['r1', 'r3'],
      status: 'fixed',
    });
    expect(cardOf('Story 2')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('live').textContent).toBe('2 reports marked fixed.'));
    expect(screen.queryByText(/selected/)).toBeNull();
  });

  it('dismisses and spams the focused card with d and s, moving focus to the next card', async () => {
    const fake = inboxApi([makeReport(1), makeReport(2), makeReport(3)]);
    renderAt('/sites/s1');
    await waitFor(() => expect(cards()).toHaveLength(3));
    const user = userEvent.setup();
    await user.keyboard('j');
    await user.keyboard('d');
    await waitFor(() => expect(cards()).toHaveLength(2));
    await waitFor(() => expect(document.activeElement).toBe(cardOf('Story 2')));
    await user.keyboard('s');
    await waitFor(() => expect(cards()).toHaveLength(1));
    expect(fake.callsTo('PATCH /reports/:id').map((call) => [call.path, call.body])).toEqual([
      ['/reports/r1', { status: 'dismissed' }],
      ['/reports/r2', { status: 'spam' }],
    ]);
    const counts = screen.getByRole('navigation', { name: 'Report status' });
    await waitFor(() =>
      expect(within(counts).getByRole('link', { name: /Spam/ }).textContent).toBe('Spam 1'),
    );
  });

  it('ignores the shortcut keys while typing in a filter field', async () => {
    const fake = inboxApi([makeReport(1)]);
    renderAt('/sites/s1');
    await waitFor(() => expect(cards()).toHaveLength(1));
    const user = userEvent.setup();
    await user.keyboard('j');
    await user.click(screen.getByLabelText('Text'));
    await user.keyboard('fds');
    expect(screen.getByLabelText('Text')).toHaveProperty('value', 'fds');
    expect(fake.callsTo('PATCH /reports/:id')).toHaveLength(0);
  });

  it('sends the filters with the query and shows when nothing matches', async () => {
    const fake = inboxApi([makeReport(1)]);
    renderAt('/sites/s1');
    await waitFor(() => expect(cards()).toHaveLength(1));
    const user = userEvent.setup();
    fake.on('GET /sites/:id/reports', () => ok({ items: [], nextCursor: null }));
    await user.type(screen.getByLabelText('Text'), 'budget');
    await user.type(screen.getByLabelText('Page'), 'https://news.example/story-1');
    await user.selectOptions(screen.getByLabelText('Kind'), 'fact');
    await user.click(screen.getByRole('button', { name: 'Filter' }));
    await waitFor(() => expect(fake.callsTo('GET /sites/:id/reports').at(-1)?.query.get('q')).toBe('budget'));
    expect(await screen.findByText('No reports match these filters.')).toBeTruthy();
    const last = fake.callsTo('GET /sites/:id/reports').at(-1);
    expect(last?.query.get('q')).toBe('budget');
    expect(last?.query.get('url')).toBe('https://news.example/story-1');
    expect(last?.query.get('kind')).toBe('fact');
    await waitFor(() =>
      expect(fake.callsTo('GET /sites/:id/reports/counts').at(-1)?.query.get('q')).toBe('budget'),
    );
    expect(fake.callsTo('GET /sites/:id/reports/counts').at(-1)?.query.get('status')).toBeNull();
  });

  it('loads the next keyset page on "Load more"', async () => {
    const fake = installFakeApi()
      .on('GET /me', () => ok(ME))
      .on('GET /sites/:id', () => ok(makeSite()))
      .on('GET /sites/:id/reports/counts', () => ok({ new: 3, fixed: 0, dismissed: 0, spam: 0 }))
      .on('GET /sites/:id/reports', (call) =>
        call.query.get('cursor') === 'c2'
          ? ok({ items: [makeReport(3)], nextCursor: null })
          : ok({ items: [makeReport(1), makeReport(2)], nextCursor: 'c2' }),
      );
    renderAt('/sites/s1');
    await waitFor(() => expect(cards()).toHaveLength(2));
    await userEvent.setup().click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(cards()).toHaveLength(3));
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(fake.callsTo('GET /sites/:id/reports').at(-1)?.query.get('limit')).toBe('25');
  });

  it('shows the keys on ? and opens the detail with its history on Enter', async () => {
    inboxApi([makeReport(1)]).on('GET /reports/:id', () =>
      ok({
        ...makeReport(1, { status: 'fixed' }),
        events: [
          {
            id: 'e1',
            reportId: 'r1',
            actor: ME.user,
            from: 'new',
            to: 'fixed',
            note: 'done in CMS',
            at: '2026-03-10T12:00:00Z',
          },
        ],
      }),
    );
    renderAt('/sites/s1');
    await waitFor(() => expect(cards()).toHaveLength(1));
    const user = userEvent.setup();
    await user.keyboard('?');
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(dialog).getByText('Mark fixed (the selection, or the focused report)')).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    await user.keyboard('j');
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { name: 'History' })).toBeTruthy();
    expect(location.pathname).toBe('/app/reports/r1');
    const history = screen.getByRole('list', { name: 'History' });
    expect(history.textContent).toContain('Ed Itor moved it from New to Fixed — “done in CMS”');
  });
});

describe('more keys', () => {
  it('opens the focused report on its page with o, and moves it back to new with n from the Fixed tab', async () => {
    const open = vi.fn();
    vi.stubGlobal('open', open);
    const fake = inboxApi([makeReport(1, { status: 'fixed' }), makeReport(2, { status: 'fixed' })]);
    renderAt('/sites/s1?status=fixed');
    await waitFor(() => expect(cards()).toHaveLength(2));
    const user = userEvent.setup();
    await user.keyboard('jo');
    expect(open).toHaveBeenCalledWith(
      expect.stringMatching(/^https:\/\/news\.example\/story-1#:~:text=.*-,recieved,-/),
      '_blank',
      'noopener,noreferrer',
    );
    await user.keyboard('f');
    expect(fake.callsTo('PATCH /reports/:id')).toHaveLength(0);
    await user.keyboard('n');
    await waitFor(() => expect(cards()).toHaveLength(1));
    expect(fake.callsTo('PATCH /reports/:id')[0]?.body).toEqual({ status: 'new' });
    await user.keyboard('n');
    await waitFor(() => expect(cards()).toHaveLength(0));
    expect(screen.getByTestId('live').textContent).toBe('1 report moved back to new.\u00a0');
  });
});

describe('bulk triage', () => {
  it('selects every card shown and moves them with the bulk bar', async () => {
    const fake = inboxApi([makeReport(1), makeReport(2)]);
    renderAt('/sites/s1');
    await waitFor(() => expect(cards()).toHaveLength(2));
    const user = userEvent.setup();
    await user.click(screen.getByLabelText('Select all 2 shown'));
    const bar = screen.getByRole('region', { name: 'Selected reports' });
    await user.click(within(bar).getByRole('button', { name: 'Dismiss (2)' }));
    expect(await screen.findByText('No new reports. All clear!')).toBeTruthy();
    expect(fake.callsTo('POST /sites/:id/reports/bulk')[0]?.body).toEqual({
      ids: ['r1', 'r2'],
      status: 'dismissed',
    });
  });

  it('fetches from the top again when every card shown was triaged but more pages exist', async () => {
    let cleared = false;
    const fake = installFakeApi()
      .on('GET /me', () => ok(ME))
      .on('GET /sites/:id', () => ok(makeSite()))
      .on('GET /sites/:id/reports/counts', () => ok({ new: 2, fixed: 0, dismissed: 0, spam: 0 }))
      .on('GET /sites/:id/reports', () =>
        cleared
          ? ok({ items: [makeReport(2)], nextCursor: null })
          : ok({ items: [makeReport(1)], nextCursor: 'c2' }),
      )
      .on('PATCH /reports/:id', () => {
        cleared = true;
        return ok({ updated: 1, action: null });
      });
    renderAt('/sites/s1');
    await waitFor(() => expect(cards()).toHaveLength(1));
    const user = userEvent.setup();
    await user.keyboard('jf');
    await waitFor(() => expect(cardOf('Story 2')).toBeTruthy());
    expect(fake.callsTo('GET /sites/:id/reports').at(-1)?.query.get('cursor')).toBeNull();
  });

  it('shows why nothing changed when the server refuses', async () => {
    inboxApi([makeReport(1)]).on('PATCH /reports/:id', () => fail('forbidden', 'Viewers cannot triage.'));
    renderAt('/sites/s1');
    await waitFor(() => expect(cards()).toHaveLength(1));
    await userEvent.setup().click(within(cardOf('Story 1')).getByRole('button', { name: 'Mark fixed' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Nothing changed: Viewers cannot triage.');
    expect(cards()).toHaveLength(1);
  });
});

describe('viewers', () => {
  it('see reports but no checkboxes, triage buttons or working triage keys', async () => {
    const fake = inboxApi([makeReport(1)], makeSite('viewer'));
    renderAt('/sites/s1');
    await waitFor(() => expect(cards()).toHaveLength(1));
    const card = cardOf('Story 1');
    expect(within(card).queryByRole('checkbox')).toBeNull();
    expect(within(card).queryAllByRole('button')).toHaveLength(0);
    const user = userEvent.setup();
    await user.keyboard('jxfds');
    expect(screen.queryByText(/selected/)).toBeNull();
    expect(fake.calls.filter((call) => call.method !== 'GET')).toHaveLength(0);
    expect(within(card).getByRole('link', { name: 'Open on page' })).toBeTruthy();
  });

  it('see a report’s detail and history without note field or triage buttons', async () => {
    installFakeApi()
      .on('GET /me', () => ok(ME))
      .on('GET /sites/:id', () => ok(makeSite('viewer')))
      .on('GET /reports/:id', () => ok({ ...makeReport(1), events: [] }));
    renderAt('/reports/r1');
    expect(await screen.findByText(/As a viewer you can read reports/)).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'History' })).toBeTruthy();
    expect(within(screen.getByRole('main')).queryAllByRole('button')).toHaveLength(0);
    expect(screen.queryByLabelText(/Note/)).toBeNull();
  });
});
