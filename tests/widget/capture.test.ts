import { describe, expect, it } from 'vitest';
import { CONTEXT_CHARS } from '../../contract/report.js';
import { type Captured, type CaptureResult, captureRange } from '../../widget/capture.js';
import { cutPrefix, cutSuffix } from '../../widget/quote.js';
import { page, rangeOf } from './fixtures.js';

/** A lone surrogate anywhere: invalid input for the server. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function ok(result: CaptureResult): Captured {
  if (result.kind !== 'ok') throw new Error(`expected a capture, got ${JSON.stringify(result)}`);
  return result;
}

function capture(html: string, needle: string, nth = 0): Captured {
  const body = page(html);
  return ok(captureRange(rangeOf(body, needle, nth), 300));
}

describe('captureRange (docs/capture-cases.md)', () => {
  it('keeps only text across inline elements, with spaces where the page has them', () => {
    const { quote } = capture(
      '<p>The <a href="/c">council</a> has <em>recieved</em> the <strong>draft</strong> budget.</p>',
      'recieved',
    );
    expect(quote).toEqual({ exact: 'recieved', prefix: 'The council has ', suffix: ' the draft budget.' });
  });

  it('makes one string of a selection spanning bold text', () => {
    const { quote } = capture('<p>at the end of <b>bold</b> and start of plain</p>', 'end of bold and start');
    expect(quote.exact).toBe('end of bold and start');
    expect(quote.prefix).toBe('at the ');
    expect(quote.suffix).toBe(' of plain');
  });

  it('reads a <br> as a space', () => {
    const { quote } = capture('<p>line one<br>line two</p>', 'line one' + 'line two');
    expect(quote.exact).toBe('line one line two');
  });

  it('moves the whitespace of a double-click into the context', () => {
    const { quote } = capture('<p>the council has recieved the draft</p>', ' recieved ');
    expect(quote).toEqual({ exact: 'recieved', prefix: 'the council has ', suffix: ' the draft' });
  });

  it('keeps a non-breaking space in the selection and plain spaces in the context', () => {
    const typed = capture('<p>у 2027&nbsp;році бюджет&nbsp;ухвалено</p>', '2027\u00a0році');
    expect(typed.quote.exact).toBe('2027\u00a0році');
    expect(typed.quote.suffix).toBe(' бюджет ухвалено');
    const context = capture('<p>у 2027&nbsp;році бюджет</p>', 'році');
    expect(context.quote.prefix).toBe('у 2027 ');
  });

  it('collapses runs of white space, tabs and newlines to one space', () => {
    const { quote } = capture('<p>one\n\t  two   <i> three</i>  four</p>', 'three');
    expect(quote).toEqual({ exact: 'three', prefix: 'one two ', suffix: ' four' });
  });

  it('removes soft hyphens from the selection and the context', () => {
    const { quote } = capture(
      '<p>Die Donau&shy;dampf&shy;schiff Fahrt&shy;gesellschaft</p>',
      'Donau\u00addampf\u00adschiff',
    );
    expect(quote.exact).toBe('Donaudampfschiff');
    expect(quote.suffix).toBe(' Fahrtgesellschaft');
  });

  it('removes zero-width characters but keeps joiners that scripts and emoji need', () => {
    expect(capture('<p>a ty\u200bpo\ufeff here</p>', 'ty\u200bpo').quote.exact).toBe('typo');
    expect(capture('<p>the wo\u200drd here</p>', 'wo\u200drd').quote.exact).toBe('word');
    expect(capture('<p>coder 👩\u200d💻 here</p>', '👩\u200d💻').quote.exact).toBe('👩\u200d💻');
    expect(capture('<p>من می\u200cخواهم بروم</p>', 'می\u200cخواهم').quote.exact).toBe('می\u200cخواهم');
  });

  it('never cuts an emoji in half at the context limit', () => {
    const emoji = '😀'.repeat(40);
    const { quote } = capture(`<p>${emoji}x${emoji}</p>`, 'x');
    expect(quote.prefix.length).toBeLessThanOrEqual(CONTEXT_CHARS);
    expect(quote.suffix.length).toBeLessThanOrEqual(CONTEXT_CHARS);
    expect(quote.prefix).not.toMatch(LONE_SURROGATE);
    expect(quote.suffix).not.toMatch(LONE_SURROGATE);
    expect(quote.prefix.length).toBeGreaterThan(CONTEXT_CHARS - 2);
  });

  it('takes no context from the neighbouring blocks at a paragraph edge', () => {
    const html = '<p>Previous paragraph.</p><p>Start here and stop</p><p>Next paragraph.</p>';
    expect(capture(html, 'Start').quote.prefix).toBe('');
    expect(capture(html, 'stop').quote.suffix).toBe('');
  });

  it('cuts a selection over two paragraphs to the first, and says so', () => {
    const result = capture('<p>First one ends here.</p><p>Second starts here.</p>', 'ends here.Second');
    expect(result.quote.exact).toBe('ends here.');
    expect(result.quote.suffix).toBe('');
    expect(result.cut).toBe(true);
  });

  it('treats a triple-click that ends at the next block as one paragraph', () => {
    const body = page('<p>Whole paragraph.</p><p>Next.</p>');
    const range = document.createRange();
    const [first, second] = body.querySelectorAll('p');
    range.setStart(first!.firstChild!, 0);
    range.setEnd(second!, 0);
    const result = ok(captureRange(range, 300));
    expect(result.quote.exact).toBe('Whole paragraph.');
    expect(result.cut).toBe(false);
  });

  it.each([
    ['figcaption', '<figure><img alt="x"><figcaption>Photo by Jane Doe, Kyiv</figcaption></figure>'],
    ['blockquote', '<blockquote>Photo by Jane Doe, Kyiv</blockquote>'],
    ['li', '<ul><li>Other item</li><li>Photo by Jane Doe, Kyiv</li></ul>'],
    // happy-dom knows no table-cell display (UA or inline); Chromium is checked in tests/e2e.
    [
      'td',
      '<table><tr><td style="display:block">Cell</td><td style="display:block">Photo by Jane Doe, Kyiv</td></tr></table>',
    ],
  ])('takes context from the %s only', (_, block) => {
    const { quote } = capture(`<p>Before.</p>${block}<p>After.</p>`, 'Jane');
    expect(quote).toEqual({ exact: 'Jane', prefix: 'Photo by ', suffix: ' Doe, Kyiv' });
  });

  it('leaves hidden text out of the context', () => {
    const { quote } = capture(
      '<p>Visible <span style="display:none">secret </span>text <span aria-hidden="true">icon </span>goes on</p>',
      'text',
    );
    expect(quote).toEqual({ exact: 'text', prefix: 'Visible ', suffix: ' goes on' });
  });

  it('keeps footnote markers as the page renders them', () => {
    const { quote } = capture('<p>The figure<sup>1</sup> was wrong.</p>', 'figure');
    expect(quote.suffix).toBe('1 was wrong.');
  });

  it('captures right-to-left text in logical order, with embedded Latin words', () => {
    const { quote } = capture('<p dir="rtl" lang="ar">قال رئيس Microsoft إن الخطة جاهزة</p>', 'Microsoft');
    expect(quote).toEqual({ exact: 'Microsoft', prefix: 'قال رئيس ', suffix: ' إن الخطة جاهزة' });
  });

  it('reports the language of the selected text', () => {
    expect(capture('<p lang="uk-UA">слово тут</p>', 'слово').lang).toBe('uk-UA');
  });

  it('refuses the widget’s own UI and areas the site excludes', () => {
    const body = page(
      '<nav data-misprint-ignore><a>Home pgae</a></nav><div data-misprint-host><p>Send</p></div>',
    );
    expect(captureRange(rangeOf(body, 'pgae'), 300).kind).toBe('ignored');
    expect(captureRange(rangeOf(body, 'Send'), 300).kind).toBe('ignored');
  });

  it('tells repeated words apart by their context and position', () => {
    const html = '<p>the cat saw the dog and the bird</p>';
    const second = capture(html, 'the', 1);
    const third = capture(html, 'the', 2);
    expect(second.quote).toEqual({ exact: 'the', prefix: 'the cat saw ', suffix: ' dog and the bird' });
    expect(third.quote.prefix).toBe('the cat saw the dog and ');
    expect(second.position.start).toBeLessThan(third.position.start);
  });

  it('gives the position as offsets into the page text', () => {
    const body = page('<h1>Title</h1><p>Some  words  here</p>');
    const result = ok(captureRange(rangeOf(body, 'words'), 300));
    expect(result.position).toEqual({ start: 11, end: 16 });
  });

  it('cuts long context at word boundaries within the limit', () => {
    const before = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi';
    const { quote } = capture(`<p>${before} TYPO ${before}</p>`, 'TYPO');
    expect(quote.prefix.length).toBeLessThanOrEqual(CONTEXT_CHARS);
    expect(quote.suffix.length).toBeLessThanOrEqual(CONTEXT_CHARS);
    expect(before.endsWith(quote.prefix.trimEnd())).toBe(true);
    expect(before.split(' ')).toContain(quote.prefix.split(' ')[0]);
    expect(before.split(' ')).toContain(quote.suffix.trim().split(' ').at(-1));
  });

  it('captures inside an open shadow root', () => {
    const body = page('<p>Light text.</p><article-body></article-body>');
    const host = body.querySelector('article-body')!;
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = '<p>Inside the shadow a typpo hides.</p>';
    const { quote } = ok(captureRange(rangeOf(root, 'typpo'), 300));
    expect(quote).toEqual({ exact: 'typpo', prefix: 'Inside the shadow a ', suffix: ' hides.' });
  });

  it('says an empty or whitespace-only selection is empty', () => {
    const body = page('<p>word   word</p>');
    expect(captureRange(rangeOf(body, '  '), 300).kind).toBe('empty');
    const collapsed = document.createRange();
    collapsed.setStart(body.querySelector('p')!.firstChild!, 2);
    expect(captureRange(collapsed, 300).kind).toBe('empty');
  });

  it('refuses a selection over the limit with its length', () => {
    const body = page(`<p>${'x'.repeat(20)}</p>`);
    expect(captureRange(rangeOf(body, 'x'.repeat(20)), 10)).toEqual({ kind: 'long', length: 20, max: 10 });
  });
});

describe('cutPrefix / cutSuffix', () => {
  it('keep short context whole', () => {
    expect(cutPrefix('the council has ', 64)).toBe('the council has ');
    expect(cutSuffix(' the draft', 64)).toBe(' the draft');
  });

  it('drop the partial word at the cut', () => {
    expect(cutPrefix('aaaa bbbb cccc ', 12)).toBe('bbbb cccc ');
    expect(cutSuffix(' aaaa bbbb cccc', 12)).toBe(' aaaa bbbb');
  });

  it('cut hard inside one long word, but not through a surrogate pair', () => {
    expect(cutPrefix(`${'😀'.repeat(5)}`, 5)).toBe('😀😀');
    expect(cutSuffix(`${'😀'.repeat(5)}`, 5)).toBe('😀😀');
  });
});
