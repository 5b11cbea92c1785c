import { screen, waitFor, within } from '@testing-library/preact';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReportItem, Site, StatusChangeResult } from '../../contract/api.js';
import { type FakeApi, installFakeApi, ME, makeReport, makeSite, ok } from './fake-api.js';
import { renderAt } from './render-app.js';

const cards = () => screen.queryAllByRole('article');
const cardOf = (title: string) => {
  const card = cards().find((element) => within(element).queryByRole('heading', { name: new RegExp(title) }));
  if (!card) throw new Error(`no card for ${title}`);
  return card;
};
const bodyOf = (body: unknown): Record<string, unknown> =>
  typeof body === 'object' && body !== null ? Object.fromEntries(Object.entries(body)) : {};

/**
 * A fake API over `reports` that triage really changes, where every action gets an id and
 * `POST /undo` puts back what that action changed.
 */
function triageApi(reports: ReportItem[], sites: Site[] = [makeSite('editor')]): FakeApi {
  let list = [...reports];
  const actions = new Map<string, ReportItem[]>();
  let next = 0;
  const change = (ids: string[], body: Record<string, unknown>): StatusChangeResult => {
    const before = list.filter((report) => ids.includes(report.id));
    const action = `act-${++next}`;
    actions.set(action, before);
    list = list.map((report) => {
      if (!ids.includes(report.id)) return report;
      const status = typeof body.status === 'string' ? (body.status as ReportItem['status']) : report.status;
      const assignee =
        body.assignee === undefined ? report.assignee : body.assignee === ME.user.id ? ME.user : null;
      return { ...report, status, assignee };
    });
    return { updated: before.length, action };
  };
  const inSite = (siteId: string | undefined) =>
    list.filter((r) => siteId === undefined || r.siteId === siteId);
  const page = (items: ReportItem[], query: URLSearchParams) =>
    ok({
      items: items.filter(
        (r) =>
          r.status === (query.get('status') ?? 'new') &&
          (query.get('assignee') !== 'me' || r.assignee?.id === ME.user.id),
      ),
      nextCursor: null,
    });
  const counts = (items: ReportItem[]) =>
    ok({
      new: items.filter((r) => r.status === 'new').length,
      fixed: items.filter((r) => r.status === 'fixed').length,
      dismissed: 0,
      spam: 0,
    });
  return installFakeApi()
    .on('GET /me', () => ok(ME))
    .on('GET /sites', () => ok(sites))
    .on('GET /sites/:id', (_call, params) => ok(sites.find((s) => s.id === params.id)))
    .on('GET /sites/:id/members', () =>
      ok([{ user: ME.user, role: 'editor', createdAt: '2026-01-01T00:00:00Z' }]),
    )
    .on('GET /sites/:id/reports/counts', (_call, params) => counts(inSite(params.id)))
    .on('GET /reports/counts', () => counts(list))
    .on('GET /sites/:id/reports', (call, params) => page(inSite(params.id), call.query))
    .on('GET /reports', (call) => page(list, call.query))
    .on('PATCH /reports/:id', (call, params) => ok(change([params.id ?? ''], bodyOf(call.body))))
    .on('POST /sites/:id/reports/bulk', (call) => {
      const body = bodyOf(call.body);
      return ok(change(Array.isArray(body.ids) ? body.ids.map(String) : [], body));
    })
    .on('POST /undo', (call) => {
      const body = bodyOf(call.body);
      const taken = (Array.isArray(body.actions) ? body.actions : []).flatMap(
        (a) => actions.get(String(a)) ?? [],
      );
      list = list.map((report) => taken.find((old) => old.id === report.id) ?? report);
      return ok({ updated: taken.length, action: `act-${++next}` });
    });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the editor’s day in the inbox', () => {
  it('asks for the priority order by default and shows author, section and assignee on cards', async () => {
    const fake = triageApi([
      makeReport(1, { author: 'Jane Roe', section: 'Politics', assignee: ME.user }),
      makeReport(2),
    ]);
    renderAt('/sites/s1');
    await waitFor(() => expect(cards()).toHaveLength(2));
    expect(fake.callsTo('GET /sites/:id/reports')[0]?.query.get('sort')).toBe('priority');
    expect(cardOf('Story 1').textContent).toContain('by Jane Roe · Politics');
    expect(within(cardOf('Story 1')).getByText('you')).toBeTruthy();
    expect(cardOf('Story 2').textContent).toContain('Unassigned');
    await userEvent.setup().selectOptions(screen.getByLabelText('Sort'), 'oldest');
    await waitFor(() =>
      expect(fake.callsTo('GET /sites/:id/reports').at(-1)?.query.get('sort')).toBe('oldest'),
    );
    expect(location.search).toBe('?sort=oldest');
  });

  it('assigns the focused card to me with a, and the selection in one bulk request', async () => {
    const fake = triageApi([makeReport(1), makeReport(2), makeReport(3)]);
    renderAt('/sites/s1');
    await waitFor(() => expect(cards()).toHaveLength(3));
    const user = userEvent.setup();
    await user.keyboard('ja');
    await waitFor(() => expect(within(cardOf('Story 1')).queryByText('you')).toBeTruthy());
    expect(fake.callsTo('PATCH /reports/:id')[0]?.body).toEqual({ assignee: ME.user.id });
    await user.keyboard('jxjxa');
    await waitFor(() => expect(fake.callsTo('POST /sites/:id/reports/bulk')).toHaveLength(1));
    expect(fake.callsTo('POST /sites/:id/reports/bulk')[0]?.body).toEqual({
      ids: ['r2', 'r3'],
      assignee: ME.user.id,
    });
    await waitFor(() => expect(screen.getByTestId('live').textContent).toBe('2 reports assigned to you.'));
  });

  it('offers “Marked fixed · Undo” after f, and z puts the card back', async () => {
    const fake = triageApi([makeReport(1), makeReport(2)]);
    renderAt('/sites/s1');
    await waitFor(() => expect(cards()).toHaveLength(2));
    const user = userEvent.setup();
    await user.keyboard('jf');
    await waitFor(() => expect(cards()).toHaveLength(1));
    expect(screen.getByRole('group', { name: 'Last action' }).textContent).toBe('Marked fixed · Undo z');
    await user.keyboard('z');
    await waitFor(() => expect(cards()).toHaveLength(2));
    expect(fake.callsTo('POST /undo')[0]?.body).toEqual({ actions: ['act-1'] });
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
    await waitFor(() => expect(screen.getByTestId('live').textContent).toBe('Undone: 1 report restored.'));
  });

  it('undoes a bulk action with the button, and withdraws the offer after 10 seconds', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const fake = triageApi([makeReport(1), makeReport(2)]);
    renderAt('/sites/s1');
    await waitFor(() => expect(cards()).toHaveLength(2));
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    await user.click(screen.getByLabelText(/Select all/));
    await user.click(screen.getByRole('button', { name: 'Dismiss (2)' }));
    await waitFor(() => expect(cards()).toHaveLength(0));
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(cards()).toHaveLength(2));
    await user.keyboard('jd');
    await waitFor(() => expect(cards()).toHaveLength(1));
    expect(screen.getByRole('group', { name: 'Last action' }).textContent).toContain('Dismissed');
    vi.advanceTimersByTime(10_001);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull());
    await user.keyboard('z');
    expect(fake.callsTo('POST /undo')).toHaveLength(1);
  });

  it('filters by assignee, author and section, shows capped counts as 100+, and exports what is shown', async () => {
    const fake = triageApi([makeReport(1)]);
    renderAt('/sites/s1');
    await waitFor(() => expect(cards()).toHaveLength(1));
    const user = userEvent.setup();
    fake.on('GET /sites/:id/reports/counts', () => ok({ new: 100, fixed: 12, dismissed: 0, spam: 0 }));
    await user.type(screen.getByLabelText('Author'), 'Jane Roe');
    await user.type(screen.getByLabelText('Section'), 'Politics');
    await user.selectOptions(screen.getByLabelText('Assigned to'), 'me');
    await waitFor(() =>
      expect(fake.callsTo('GET /sites/:id/reports').at(-1)?.query.get('assignee')).toBe('me'),
    );
    const last = fake.callsTo('GET /sites/:id/reports').at(-1);
    expect([last?.query.get('author'), last?.query.get('section')]).toEqual(['Jane Roe', 'Politics']);
    const tabs = screen.getByRole('navigation', { name: 'Report status' });
    await waitFor(() => expect(within(tabs).getByRole('link', { name: /New/ }).textContent).toBe('New 100+'));
    expect(within(tabs).getByRole('link', { name: /Fixed/ }).textContent).toBe('Fixed 12');
    expect(screen.getByText('Counts stop at 100 while a filter is set.')).toBeTruthy();
    const csv = screen.getByRole('link', { name: 'CSV' }).getAttribute('href') ?? '';
    const url = new URL(csv, 'http://dashboard.test');
    expect(url.pathname).toBe('/api/v1/sites/s1/reports/export');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      format: 'csv',
      assignee: 'me',
      author: 'Jane Roe',
      section: 'Politics',
      status: 'new',
    });
    expect(screen.getByRole('link', { name: 'NDJSON' }).getAttribute('href')).toContain('format=ndjson');
  });
});

describe('the all-sites inbox', () => {
  const sites = [
    makeSite('editor', { id: 's1', name: 'Daily News' }),
    makeSite('viewer', { id: 's2', name: 'Weekly' }),
  ];

  it('is where sign-in lands with several sites; the only site’s inbox with one', async () => {
    triageApi([makeReport(1)], sites);
    renderAt('/');
    await waitFor(() => expect(location.pathname).toBe('/app/inbox'));
    expect(await screen.findByRole('heading', { name: 'All sites' })).toBeTruthy();
  });

  it('lands in the only site’s inbox', async () => {
    triageApi([makeReport(1)], [sites[0] ?? makeSite()]);
    renderAt('/');
    await waitFor(() => expect(location.pathname).toBe('/app/sites/s1'));
  });

  it('names each card’s site, triages only where the role allows, one request per site', async () => {
    const fake = triageApi(
      [makeReport(1), makeReport(2, { siteId: 's2', siteName: 'Weekly' }), makeReport(3)],
      sites,
    );
    renderAt('/inbox');
    await waitFor(() => expect(cards()).toHaveLength(3));
    expect(within(cardOf('Story 2')).getByText('Weekly')).toBeTruthy();
    expect(within(cardOf('Story 2')).queryByRole('button', { name: 'Mark fixed' })).toBeNull();
    expect(within(cardOf('Story 1')).getByRole('button', { name: 'Mark fixed' })).toBeTruthy();
    const user = userEvent.setup();
    await user.keyboard('jj');
    await user.keyboard('f');
    expect(fake.callsTo('PATCH /reports/:id')).toHaveLength(0);
    await user.click(screen.getByLabelText(/Select all/));
    await user.keyboard('f');
    await waitFor(() => expect(cards()).toHaveLength(1));
    expect(fake.callsTo('POST /sites/:id/reports/bulk').map((c) => [c.path, c.body])).toEqual([
      ['/sites/s1/reports/bulk', { ids: ['r1', 'r3'], status: 'fixed' }],
    ]);
    expect(fake.callsTo('GET /reports/counts').length).toBeGreaterThan(0);
  });
});

describe('routing rules in site settings', () => {
  it('edits the rules as a table, tests one against an example and saves them', async () => {
    const owner = makeSite('owner');
    const fake = installFakeApi()
      .on('GET /me', () => ok(ME))
      .on('GET /sites/:id', () => ok(owner))
      .on('GET /sites/:id/members', () =>
        ok([
          {
            user: { id: 'u2', email: 'ed@news.example', name: 'Ed' },
            role: 'editor',
            createdAt: '2026-01-01T00:00:00Z',
          },
          {
            user: { id: 'u3', email: 'vi@news.example', name: 'Vi' },
            role: 'viewer',
            createdAt: '2026-01-01T00:00:00Z',
          },
        ]),
      )
      .on('GET /sites/:id/invitations', () => ok([]))
      .on('POST /sites/:id/routes/test', () =>
        ok({ rule: 0, assignee: { id: 'u2', email: 'ed@news.example', name: 'Ed' } }),
      )
      .on('PATCH /sites/:id', (call) =>
        ok({ ...owner, settings: { ...owner.settings, ...bodyOf(bodyOf(call.body).settings) } }),
      );
    renderAt('/sites/s1/settings');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Add rule' }));
    await user.type(screen.getByLabelText('Author of rule 1'), 'Jane Roe');
    const member = screen.getByLabelText('Member of rule 1');
    expect(within(member).queryByText('Vi')).toBeNull();
    await user.selectOptions(member, 'u2');
    await user.type(screen.getByLabelText('Page author'), 'jane roe');
    await user.click(screen.getByRole('button', { name: 'Test' }));
    expect((await screen.findByText(/Rule 1 matches/)).textContent).toBe(
      'Rule 1 matches: the report would be assigned to Ed.',
    );
    expect(fake.callsTo('POST /sites/:id/routes/test')[0]?.body).toEqual({
      author: 'jane roe',
      routes: [{ author: 'Jane Roe', assignee: 'u2' }],
    });
    await user.click(screen.getByRole('button', { name: 'Save rules' }));
    await waitFor(() => expect(fake.callsTo('PATCH /sites/:id')).toHaveLength(1));
    expect(fake.callsTo('PATCH /sites/:id')[0]?.body).toEqual({
      settings: { routes: [{ author: 'Jane Roe', assignee: 'u2' }] },
    });
  });
});
