/**
 * Capture fidelity in real Chromium (docs/capture-cases.md): the built widget on pages that need real
 * layout — hidden text, <br>, table cells, right-to-left text, double-click, open shadow roots
 * through getComposedRanges. Each case selects, presses Control+Enter, sends, and checks the body
 * the widget posted (intercepted; no server needed). Needs `npm run build`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportInput } from '../../contract/report.js';
import { isChromiumAvailable, launchChromium } from '../helpers/browser.js';

const WIDGET = resolve('dist/public/widget');
const available = isChromiumAvailable();

/** One page per case: a body, optionally a head. */
const CASES: Record<string, { body: string; head?: string; attrs?: string }> = {
  inline: {
    body: '<p>The <a href="#x">council</a> has <em>recieved</em> the <strong>draft</strong> budget.</p>',
  },
  bold: { body: '<p>at the end of <b>bold</b> and start of plain</p>' },
  br: { body: '<p>line one<br>line two and more</p>' },
  dblclick: { body: '<p>the council has recieved the draft</p>' },
  nbsp: { body: '<p lang="uk">У 2027&nbsp;році бюджет&nbsp;ухвалено</p>' },
  shy: { body: '<p>Die Donau&shy;dampf&shy;schiff&shy;fahrt fährt</p>' },
  zw: { body: '<p>a ty\u200bpo\ufeff here and 👩\u200d💻 there</p>' },
  emoji: { body: `<p>${'😀'.repeat(40)}x${'😀'.repeat(40)}</p>` },
  edges: { body: '<p>Previous paragraph.</p><p>Start here and stop</p><p>Next paragraph.</p>' },
  blocks: { body: '<p>First one ends here.</p><p>Second starts here.</p>' },
  table: { body: '<table><tr><td>Cell</td><td>Photo by Jane Doe, Kyiv</td></tr></table>' },
  figure: { body: '<figure><figcaption>Photo by Jane Doe, Kyiv</figcaption></figure><p>After.</p>' },
  list: { body: '<ul><li>Other item</li><li>Photo by Jane Doe, Kyiv</li></ul>' },
  hidden: {
    body: '<p>Visible <span style="display:none">secret </span>text <span aria-hidden="true">icon </span><span style="visibility:hidden">ghost </span>goes on</p>',
  },
  sup: { body: '<p>The figure<sup>1</sup> was wrong.</p>' },
  rtl: { body: '<p dir="rtl" lang="ar">قال رئيس Microsoft إن الخطة جاهزة</p>' },
  repeated: { body: '<p>the cat saw the dog and the bird</p>' },
  canonical: {
    head: '<link rel="canonical" href="https://news.example/budget-2027">',
    body: '<p>the council has recieved the draft</p>',
  },
  shadow: {
    body: `<p>Light text.</p><article-body></article-body>
<script src="/shadow.js"></script>`,
  },
  ignored: { body: '<nav data-misprint-ignore><a href="#x">Home pgae</a></nav><p>Body text.</p>' },
  arabic: { body: '<p>the council has recieved the draft</p>', attrs: 'data-lang="ar" data-theme="dark"' },
};

/** Defines <article-body> with an open shadow root (a web-component article). */
const SHADOW_JS = `customElements.define('article-body', class extends HTMLElement {
  constructor() { super(); this.attachShadow({ mode: 'open' }).innerHTML = '<p id="inner">Inside the shadow a typpo hides.</p>'; }
});`;

function html(name: string): string | null {
  const page = CASES[name];
  if (!page) return null;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Case ${name}</title>${page.head ?? ''}</head>
<body>${page.body}<script src="/widget.js" data-site="capture-key" ${page.attrs ?? ''} async></script></body></html>`;
}

/** Serves the cases, the built widget at /widget.js and its chunks at /widget/chunks/. */
async function startPages(): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const file =
      path === '/widget.js'
        ? `${WIDGET}/widget.js`
        : path.startsWith('/widget/chunks/')
          ? `${WIDGET}${path.slice(7)}`
          : '';
    if (file && existsSync(file) && !file.includes('..'))
      return void res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(readFileSync(file));
    if (path === '/shadow.js')
      return void res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(SHADOW_JS);
    const page = path.startsWith('/case/') ? html(path.slice(6)) : null;
    if (page) return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
    res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return { origin: `http://127.0.0.1:${address.port}`, server };
}

/** Selects the `nth` occurrence of `needle` in the page's text (across elements) with a Range. */
function select(page: Page, needle: string, nth = 0): Promise<void> {
  return page.evaluate(
    ([text, index]) => {
      const nodes: Text[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n instanceof Text) nodes.push(n);
      const all = nodes.map((n) => n.data).join('');
      let at = -1;
      for (let i = 0; i <= index; i++) at = all.indexOf(text, at + 1);
      if (at < 0) throw new Error(`no "${text}"`);
      const locate = (offset: number, end: boolean): [Text, number] => {
        for (const node of nodes) {
          if (offset < node.data.length || (end && offset === node.data.length)) return [node, offset];
          offset -= node.data.length;
        }
        throw new Error('past the end');
      };
      const range = document.createRange();
      range.setStart(...locate(at, false));
      range.setEnd(...locate(at + text.length, true));
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
    },
    [needle, nth] as const,
  );
}

describe.runIf(available)('widget capture in Chromium (docs/capture-cases.md)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let pages: { origin: string; server: Server };

  beforeAll(async () => {
    if (!existsSync(`${WIDGET}/widget.js`))
      throw new Error('dist/public/widget is missing: run `npm run build`');
    pages = await startPages();
    browser = await launchChromium();
    context = await browser.newContext();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => pages?.server.close(done));
  });

  async function open(name: string, path = `/case/${name}`): Promise<Page & { sent: ReportInput[] }> {
    const page = await context.newPage();
    const sent: ReportInput[] = [];
    await page.route('**/api/v1/reports', async (route) => {
      sent.push(JSON.parse(route.request().postData() ?? '{}'));
      await route.fulfill({
        status: 201,
        contentType: 'application/json',
        body: JSON.stringify({ id: 'x', status: 'new', duplicates: 0 }),
      });
    });
    await page.goto(`${pages.origin}${path}`);
    await page.waitForFunction(() => typeof window.Misprint === 'object' && 'open' in window.Misprint);
    return Object.assign(page, { sent });
  }

  /** Presses Control+Enter, sends the dialog as it is, and returns the posted report. */
  async function report(page: Page & { sent: ReportInput[] }): Promise<ReportInput> {
    await page.keyboard.press('Control+Enter');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you!', { exact: false }).waitFor();
    const body = page.sent.at(-1);
    if (!body) throw new Error('nothing was sent');
    await page.close();
    return body;
  }

  async function quoteOf(name: string, needle: string, nth = 0) {
    const page = await open(name);
    await select(page, needle, nth);
    return (await report(page)).quote;
  }

  it('keeps text only across inline elements', async () => {
    expect(await quoteOf('inline', 'recieved')).toEqual({
      exact: 'recieved',
      prefix: 'The council has ',
      suffix: ' the draft budget.',
    });
  });

  it('makes one string of a selection across bold text', async () => {
    expect((await quoteOf('bold', 'end of bold and start')).exact).toBe('end of bold and start');
  });

  it('reads <br> as a space', async () => {
    expect((await quoteOf('br', 'oneline two')).exact).toBe('one line two');
  });

  it('trims a double-clicked word and keeps the space as context', async () => {
    const page = await open('dblclick');
    const box = await page.evaluate(() => {
      const text = document.querySelector('p')!.firstChild!;
      const range = document.createRange();
      const at = text.textContent!.indexOf('recieved');
      range.setStart(text, at + 2);
      range.setEnd(text, at + 3);
      const rect = range.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    });
    await page.mouse.dblclick(box.x, box.y);
    expect((await report(page)).quote).toEqual({
      exact: 'recieved',
      prefix: 'the council has ',
      suffix: ' the draft',
    });
    // Windows browsers select the trailing space too.
    expect(await quoteOf('dblclick', 'recieved ')).toEqual({
      exact: 'recieved',
      prefix: 'the council has ',
      suffix: ' the draft',
    });
  });

  it('keeps NBSP in the selection and makes it a space in the context', async () => {
    expect((await quoteOf('nbsp', '2027\u00a0році')).exact).toBe('2027\u00a0році');
    expect((await quoteOf('nbsp', 'бюджет')).prefix).toBe('У 2027 році ');
  });

  it('removes soft hyphens and zero-width characters, keeping an emoji ZWJ sequence', async () => {
    expect((await quoteOf('shy', 'Donau\u00addampf\u00adschiff\u00adfahrt')).exact).toBe(
      'Donaudampfschifffahrt',
    );
    expect((await quoteOf('zw', 'ty\u200bpo')).exact).toBe('typo');
    expect((await quoteOf('zw', '👩\u200d💻')).exact).toBe('👩\u200d💻');
  });

  it('never cuts a surrogate pair at the context limit', async () => {
    const quote = await quoteOf('emoji', 'x');
    for (const side of [quote.prefix, quote.suffix]) {
      expect(side.length).toBeLessThanOrEqual(64);
      expect(side).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });

  it('takes no context across paragraph edges', async () => {
    expect((await quoteOf('edges', 'Start')).prefix).toBe('');
    expect((await quoteOf('edges', 'stop')).suffix).toBe('');
  });

  it('reports only the first of two selected paragraphs and says so', async () => {
    const page = await open('blocks');
    await select(page, 'ends here.Second');
    await page.keyboard.press('Control+Enter');
    await page.getByText('Only the first paragraph of the selection will be reported.').waitFor();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you!', { exact: false }).waitFor();
    expect(page.sent[0]?.quote).toEqual({ exact: 'ends here.', prefix: 'First one ', suffix: '' });
    await page.close();
  });

  it.each(['table', 'figure', 'list'])('takes context from the block only (%s)', async (name) => {
    expect(await quoteOf(name, 'Jane')).toEqual({ exact: 'Jane', prefix: 'Photo by ', suffix: ' Doe, Kyiv' });
  });

  it('leaves display:none, aria-hidden and visibility:hidden text out of the context', async () => {
    expect(await quoteOf('hidden', 'text')).toEqual({
      exact: 'text',
      prefix: 'Visible ',
      suffix: ' goes on',
    });
  });

  it('keeps footnote markers as rendered', async () => {
    expect((await quoteOf('sup', 'figure')).suffix).toBe('1 was wrong.');
  });

  it('captures right-to-left text in logical order', async () => {
    const page = await open('rtl');
    await select(page, 'Microsoft');
    const body = await report(page);
    expect(body.quote).toEqual({ exact: 'Microsoft', prefix: 'قال رئيس ', suffix: ' إن الخطة جاهزة' });
    expect(body.lang).toBe('ar');
  });

  it('tells repeated words apart by context and position', async () => {
    const second = await (async () => {
      const page = await open('repeated');
      await select(page, 'the', 1);
      return report(page);
    })();
    const third = await (async () => {
      const page = await open('repeated');
      await select(page, 'the', 2);
      return report(page);
    })();
    expect(second.quote).toEqual({ exact: 'the', prefix: 'the cat saw ', suffix: ' dog and the bird' });
    expect(third.quote.prefix).toBe('the cat saw the dog and ');
    expect(second.position!.start).toBeLessThan(third.position!.start);
  });

  it('sends the canonical URL, or the address without its fragment', async () => {
    const canonical = await open('canonical', '/case/canonical?utm_source=x#top');
    await select(canonical, 'recieved');
    expect((await report(canonical)).url).toBe('https://news.example/budget-2027');
    const plain = await open('dblclick', '/case/dblclick?id=7#section');
    await select(plain, 'recieved');
    expect((await report(plain)).url).toBe(`${pages.origin}/case/dblclick?id=7`);
  });

  it('captures a mouse selection inside an open shadow root', async () => {
    const page = await open('shadow');
    const box = await page.evaluate(() => {
      const inner = document.querySelector('article-body')!.shadowRoot!.getElementById('inner')!.firstChild!;
      const at = inner.textContent!.indexOf('typpo');
      const range = document.createRange();
      range.setStart(inner, at);
      range.setEnd(inner, at + 5);
      const rect = range.getBoundingClientRect();
      return { left: rect.left, right: rect.right, y: rect.top + rect.height / 2 };
    });
    await page.mouse.move(box.left + 1, box.y);
    await page.mouse.down();
    await page.mouse.move(box.right - 1, box.y, { steps: 6 });
    await page.mouse.up();
    expect((await report(page)).quote).toEqual({
      exact: 'typpo',
      prefix: 'Inside the shadow a ',
      suffix: ' hides.',
    });
  });

  it('refuses excluded areas and the widget’s own dialog', async () => {
    const page = await open('ignored');
    await select(page, 'pgae');
    await page.keyboard.press('Control+Enter');
    await select(page, 'Body');
    await page.keyboard.press('Control+Enter');
    const dialog = page.getByRole('dialog', { name: /typo/i });
    await dialog.waitFor();
    expect(await page.locator('[data-misprint-host]').count()).toBe(1);
    // Selecting the dialog's own heading and pressing the shortcut again opens nothing new: inside
    // the dialog the shortcut sends the report it shows.
    await page.getByRole('heading', { name: /typo/i }).click({ clickCount: 3 });
    await page.keyboard.press('Control+Enter');
    await page.getByText('Thank you!', { exact: false }).waitFor();
    expect(await page.locator('[data-misprint-host]').count()).toBe(1);
    expect(await dialog.locator('mark').textContent()).toBe('Body');
    expect(page.sent.map((body) => body.quote.exact)).toEqual(['Body']);
    await page.close();
  });

  it('speaks data-lang, mirrors for right-to-left and honours data-theme', async () => {
    const page = await open('arabic');
    await select(page, 'recieved');
    await page.keyboard.press('Control+Enter');
    const dialog = page.getByRole('dialog', { name: 'الإبلاغ عن خطأ إملائي' });
    await dialog.waitFor();
    const look = await page.locator('dialog').evaluate((el) => ({
      direction: getComputedStyle(el).direction,
      background: getComputedStyle(el).backgroundColor,
    }));
    expect(look).toEqual({ direction: 'rtl', background: 'rgb(30, 31, 34)' });
    const send = await page.getByRole('button', { name: 'إرسال' }).boundingBox();
    const cancel = await page.getByRole('button', { name: 'إلغاء' }).boundingBox();
    expect(send!.x).toBeLessThan(cancel!.x);
    await page.close();
  });

  it('hints at selecting text first when nothing is selected', async () => {
    const page = await open('inline');
    await page.keyboard.press('Control+Enter');
    await page
      .getByRole('status')
      .filter({ hasText: 'Select the text with the mistake, then press Ctrl+Enter' })
      .waitFor();
    expect(page.sent).toEqual([]);
    await page.close();
  });
});
