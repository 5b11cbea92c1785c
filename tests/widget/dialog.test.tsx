import { cleanup, render, screen, within } from '@testing-library/preact';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReportInput } from '../../contract/report.js';
import type { Captured } from '../../widget/capture.js';
import type { Delivery } from '../../widget/deliver.js';
import { chunk } from '../../widget/dialog/index.js';
import { ReportDialog } from '../../widget/dialog/ReportDialog.js';
import { chunk as hintChunk } from '../../widget/hint.js';
import * as ar from '../../widget/i18n/ar.js';
import * as words from '../../widget/i18n/en.js';
import { QUEUE_KEY } from '../../widget/queue.js';
import { ASK_PREFIX, readSent, SENT_PREFIX } from '../../widget/sent.js';
import type { DialogChunk, Widget, WidgetConfig } from '../../widget/types.js';
import { page, rangeOf } from './fixtures.js';

const en = words.dialog;

const CAPTURE: Captured = {
  kind: 'ok',
  quote: { exact: 'recieved', prefix: 'the council has ', suffix: ' the draft budget' },
  position: { start: 16, end: 24 },
  lang: 'en',
  cut: false,
};

function renderDialog(answer: Delivery | (() => Promise<Delivery>), capture: Captured = CAPTURE) {
  const sent: ReportInput[] = [];
  const onClose = vi.fn();
  render(
    <ReportDialog
      site="site-key"
      lang="en"
      dir="ltr"
      theme="auto"
      capture={capture}
      page={{ url: 'https://news.example/a', title: 'Budget' }}
      words={en}
      id="7c9e6679-7425-40de-944b-e07fc1f90ae7"
      deliver={async (report) => {
        sent.push(report);
        return typeof answer === 'function' ? answer() : answer;
      }}
      onClose={onClose}
    />,
  );
  return { sent, onClose };
}

afterEach(cleanup);

describe('ReportDialog', () => {
  it('is a dialog named for typos, with a labelled correction prefilled with the selection', () => {
    renderDialog({ kind: 'sent', duplicates: 0 });
    const dialog = screen.getByRole('dialog', { name: /typo/i });
    expect(dialog).toBeTruthy();
    const field = screen.getByLabelText(/Correction/);
    expect(field).toHaveProperty('value', 'recieved');
    expect(document.activeElement).toBe(field);
    expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeTruthy();
  });

  it('selects the prefilled correction, so typing replaces it', async () => {
    const user = userEvent.setup();
    const { sent } = renderDialog({ kind: 'sent', duplicates: 0 });
    const field = screen.getByLabelText<HTMLTextAreaElement>(/Correction/);
    expect([field.selectionStart, field.selectionEnd]).toEqual([0, 'recieved'.length]);
    await user.keyboard('received');
    expect(field.value).toBe('received');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText(en.sent);
    expect(sent[0]?.suggestion).toBe('received');
  });

  it('shows the selection highlighted within its context', () => {
    renderDialog({ kind: 'sent', duplicates: 0 });
    const context = screen.getByLabelText('Selected text');
    expect(context.textContent).toBe('the council has recieved the draft budget');
    expect(context.querySelector('mark')?.textContent).toBe('recieved');
  });

  it('sends the correction, comment and kind, and says it was sent', async () => {
    const user = userEvent.setup();
    const { sent } = renderDialog({ kind: 'sent', duplicates: 0 });
    const field = screen.getByLabelText(/Correction/);
    await user.clear(field);
    await user.type(field, 'received');
    await user.type(screen.getByLabelText(/Comment/), 'spelling');
    await user.selectOptions(screen.getByLabelText(/What is wrong/), 'fact');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText(en.sent);
    expect(sent).toEqual([
      {
        site: 'site-key',
        id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
        url: 'https://news.example/a',
        title: 'Budget',
        lang: 'en',
        quote: CAPTURE.quote,
        position: CAPTURE.position,
        suggestion: 'received',
        comment: 'spelling',
        kind: 'fact',
        hp: '',
      },
    ]);
    expect(screen.queryByRole('button', { name: 'Send' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }));
  });

  it('sends with Ctrl+Enter or Meta+Enter from the fields', async () => {
    const user = userEvent.setup();
    const { sent } = renderDialog({ kind: 'sent', duplicates: 0 });
    await user.type(screen.getByLabelText(/Correction/), 'd');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await screen.findByText(en.sent);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.suggestion).toBe('recievedd');
  });

  it('sends no suggestion when the correction was left as the selection', async () => {
    const user = userEvent.setup();
    const { sent } = renderDialog({ kind: 'sent', duplicates: 0 });
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText(en.sent);
    expect(sent[0]).not.toHaveProperty('suggestion');
    expect(sent[0]).not.toHaveProperty('comment');
    expect(sent[0]?.kind).toBe('typo');
  });

  it('tells how many readers reported it before', async () => {
    const user = userEvent.setup();
    renderDialog({ kind: 'sent', duplicates: 3 });
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect((await screen.findByRole('status')).textContent).toBe(
      'Thank you! Readers who reported this before you: 3.',
    );
  });

  it('says a queued report will be sent later', async () => {
    const user = userEvent.setup();
    renderDialog({ kind: 'queued' });
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText(en.queued);
  });

  it('says when to retry after a rate limit, and lets the reader retry', async () => {
    const user = userEvent.setup();
    const { sent } = renderDialog({ kind: 'rate-limited', retryAfter: 90 });
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Too many reports. Please try again in 2 minutes.',
    );
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(sent.map((report) => report.id)).toEqual([sent[0]!.id, sent[0]!.id]);
  });

  it('explains why a report was invalid', async () => {
    const user = userEvent.setup();
    renderDialog({
      kind: 'invalid',
      message: 'Invalid report',
      issues: [{ path: 'comment', message: 'Too long' }],
    });
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The report was not accepted: comment: Too long',
    );
  });

  it('disables Send while sending, so one click sends one report', async () => {
    const user = userEvent.setup();
    let finish: (delivery: Delivery) => void = () => {};
    const { sent } = renderDialog(() => new Promise<Delivery>((resolve) => (finish = resolve)));
    await user.click(screen.getByRole('button', { name: 'Send' }));
    const sending = screen.getByRole('button', { name: en.sending });
    expect(sending).toHaveProperty('disabled', true);
    finish({ kind: 'sent', duplicates: 0 });
    await screen.findByText(en.sent);
    expect(sent).toHaveLength(1);
  });

  it('says when only the first paragraph is reported', () => {
    renderDialog({ kind: 'sent', duplicates: 0 }, { ...CAPTURE, cut: true });
    expect(screen.getByText(en.cut)).toBeTruthy();
  });

  it('closes on Escape and on Cancel', async () => {
    const user = userEvent.setup();
    const { onClose } = renderDialog({ kind: 'sent', duplicates: 0 });
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledTimes(1);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalledTimes(2);
  });
});

describe('the dialog chunk', () => {
  const config: WidgetConfig = {
    site: 'site-key',
    endpoint: 'https://typos.example',
    lang: 'en',
    theme: 'auto',
    nonce: '',
    maxSelection: 300,
    notify: true,
  };
  const fetchMock = vi.fn<typeof fetch>();
  /** The `force` of every flush the chunk asked the loader for. */
  let flushes: boolean[] = [];

  /** Opens the English chunk as the loader would, with `config`. */
  function open(settings: WidgetConfig = config, language = words.dialog): void {
    const widget: Widget = {
      config: settings,
      open: vi.fn(),
      flush: (force) => flushes.push(force),
      // The loader's import of another chunk: here only the hint chunk, in English.
      use: async (name, ...args) => {
        if (name !== 'hint-en') throw new Error(`unexpected chunk ${name}`);
        return Reflect.apply(hintChunk(words.hint), undefined, args);
      },
    };
    chunk(language)(widget);
  }

  beforeEach(() => {
    localStorage.clear();
    flushes = [];
    fetchMock.mockReset();
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    for (const host of document.querySelectorAll('[data-misprint-host]')) host.remove();
    for (const script of document.querySelectorAll('head script, head meta')) script.remove();
  });

  function host(): ShadowRoot {
    const root = document.querySelector('[data-misprint-host]')?.shadowRoot;
    if (!root) throw new Error('no widget host');
    return root;
  }

  /** Selects `word` in a fresh page and sends the report from the opened dialog. */
  async function report(word: string, settings: WidgetConfig = config): Promise<RequestInit | undefined> {
    const body = page(`<p>the council has ${word} the draft</p>`);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(rangeOf(body, word));
    open(settings);
    const dialog = host().querySelector('dialog')!;
    await userEvent.setup().click(within(dialog).getByRole('button', { name: 'Send' }));
    await within(dialog).findByRole('button', { name: 'Close' });
    return fetchMock.mock.calls[0]?.[1];
  }

  it('matches the interface the loader imports', () => {
    const loaded: DialogChunk = chunk(words.dialog);
    expect(typeof loaded).toBe('function');
  });

  it('sends what the page says about itself, read when sending', async () => {
    document.head.insertAdjacentHTML(
      'beforeend',
      '<script type="application/ld+json">{"@type":"NewsArticle","author":{"name":"Jane Roe"},"articleSection":"Politics"}</script>',
    );
    fetchMock.mockResolvedValue(new Response('{"id":"x","status":"new","duplicates":0}', { status: 201 }));
    const init = await report('recieved');
    expect(JSON.parse(String(init?.body)).page).toEqual({ author: 'Jane Roe', section: 'Politics' });
  });

  it('sends no page field when the page says nothing about itself', async () => {
    fetchMock.mockResolvedValue(new Response('{"id":"x","status":"new","duplicates":0}', { status: 201 }));
    const init = await report('recieved');
    expect(JSON.parse(String(init?.body))).not.toHaveProperty('page');
  });

  it('remembers a sent report, so a later page view can tell the reader it was fixed', async () => {
    fetchMock.mockResolvedValue(new Response('{"id":"x","status":"new","duplicates":0}', { status: 201 }));
    const init = await report('recieved');
    const id = JSON.parse(String(init?.body)).id;
    expect(readSent(localStorage, 'site-key')).toEqual([{ id, exact: 'recieved', at: expect.any(Number) }]);
    expect(localStorage.getItem(`${ASK_PREFIX}site-key`)).toBe('0');
  });

  it('remembers nothing with data-notify="false"', async () => {
    fetchMock.mockResolvedValue(new Response('{"id":"x","status":"new","duplicates":0}', { status: 201 }));
    await report('recieved', { ...config, notify: false });
    expect(localStorage.getItem(`${SENT_PREFIX}site-key`)).toBeNull();
    expect(localStorage.getItem(`${ASK_PREFIX}site-key`)).toBeNull();
  });

  it('says the address is not set up, and queues nothing, when the site refuses the origin', async () => {
    fetchMock.mockResolvedValue(
      new Response('{"error":{"code":"origin_not_allowed","message":"The origin may not send"}}', {
        status: 403,
      }),
    );
    await report('recieved');
    expect(host().querySelector('[role="alert"]')?.textContent).toBe(en.notSetUp);
    expect(localStorage.getItem(QUEUE_KEY)).toBeNull();
    expect(localStorage.getItem(`${SENT_PREFIX}site-key`)).toBeNull();
    expect(flushes).toEqual([]);
  });

  it('opens in an open shadow root with adopted styles, and returns focus on Escape', async () => {
    const body = page('<button id="before">before</button><p>the council has recieved the draft</p>');
    const before = body.querySelector<HTMLButtonElement>('#before')!;
    before.focus();
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(rangeOf(body, 'recieved'));
    open();
    const root = host();
    expect(root.adoptedStyleSheets.length).toBe(1);
    const dialog = root.querySelector('dialog')!;
    expect(dialog.open).toBe(true);
    expect(within(dialog).getByLabelText(/Correction/)).toHaveProperty('value', 'recieved');
    await userEvent.setup().keyboard('{Escape}');
    expect(document.querySelector('[data-misprint-host]')).toBeNull();
    expect(document.activeElement).toBe(before);
  });

  it('queues the report when the network fails and says it will be sent', async () => {
    const body = page('<p>the council has recieved the draft</p>');
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(rangeOf(body, 'recieved'));
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    open();
    const dialog = host().querySelector('dialog')!;
    await userEvent.setup().click(within(dialog).getByRole('button', { name: 'Send' }));
    await within(dialog).findByText(en.queued);
    const queued = JSON.parse(localStorage.getItem(QUEUE_KEY) ?? '[]');
    expect(queued).toHaveLength(1);
    expect(queued[0].report.quote.exact).toBe('recieved');
    // Retries run from the loader's queue chunk.
    expect(flushes).toEqual([false]);
  });

  it('mirrors the dialog for right-to-left languages', async () => {
    const body = page('<p lang="ar">قال رئيس الخطة جاهزة</p>');
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(rangeOf(body, 'رئيس'));
    open({ ...config, lang: 'ar' }, ar.dialog);
    const dialog = host().querySelector('dialog')!;
    expect(dialog.getAttribute('dir')).toBe('rtl');
    expect(within(dialog).getByRole('heading').textContent).toBe('الإبلاغ عن خطأ إملائي');
  });

  it('hints at what to do when nothing is selected', async () => {
    page('<p>text</p>');
    getSelection()!.removeAllRanges();
    open();
    await vi.waitFor(() =>
      expect(host().querySelector('[role="status"]')?.textContent).toBe(
        'Found a typo? Select it and press Ctrl+Enter.',
      ),
    );
    expect(host().querySelector('dialog')).toBeNull();
  });

  it('says a selection is too long instead of opening', async () => {
    const body = page(`<p>${'word '.repeat(100)}</p>`);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(rangeOf(body, 'word '.repeat(80)));
    open({ ...config, maxSelection: 100 });
    await vi.waitFor(() =>
      expect(host().querySelector('[role="status"]')?.textContent).toBe(
        'The selection is too long (399 characters, at most 100). Select just the mistake.',
      ),
    );
  });

  it('does nothing for a selection in an excluded area', async () => {
    const body = page('<nav data-misprint-ignore>Home pgae</nav>');
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(rangeOf(body, 'pgae'));
    open();
    expect(document.querySelector('[data-misprint-host]')).toBeNull();
  });
});
