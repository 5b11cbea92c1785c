import { describe, expect, it } from 'vitest';
import { pageText } from '../../../server/recheck/page-text.js';
import { judgeQuote } from '../../../server/recheck/verdict.js';

const quote = { exact: 'recieved', prefix: 'the council has ', suffix: ' the draft budget on Monday' };

function page(body: string): string {
  return pageText(`<!doctype html><html><head><title>Budget</title></head><body>${body}</body></html>`);
}

describe('pageText', () => {
  it('keeps the visible text, with blocks on lines and whitespace collapsed', () => {
    expect(
      page(
        '<h1>Budget</h1>\n<p>The   council has <b>rec</b>ieved\n the draft.</p><p>Next&nbsp;one &amp; more</p>',
      ),
    ).toBe('Budget\nThe council has recieved the draft.\nNext one & more');
  });

  it('drops scripts, styles, hidden elements and [data-misprint-ignore] subtrees', () => {
    const text = page(
      '<p>Kept</p><script>var recieved = 1</script><style>p{}</style><nav data-misprint-ignore><p>menu recieved</p></nav>' +
        '<div hidden>hidden</div><span aria-hidden="true">icon</span><template><p>t</p></template><p>also kept</p>',
    );
    expect(text).toBe('Kept\nalso kept');
  });

  it('drops soft hyphens and zero-width spaces, as the capture does', () => {
    expect(page('<p>re\u00adcie\u200bved</p>')).toBe('recieved');
  });

  it('survives unclosed tags in an ignored region', () => {
    expect(page('<div data-misprint-ignore><p>gone<div>still gone</div></div><p>here</p>')).toBe('here');
  });
});

describe('judgeQuote', () => {
  it('finds the typo still in its context', () => {
    expect(
      judgeQuote(page('<p>Yesterday the council has recieved the draft budget on Monday.</p>'), quote),
    ).toBe('still_there');
  });

  it('finds it fixed when the context is there and the typo is not', () => {
    expect(
      judgeQuote(page('<p>Yesterday the council has received the draft budget on Monday.</p>'), quote),
    ).toBe('fixed');
  });

  it('finds it fixed when the word was deleted', () => {
    expect(judgeQuote(page('<p>Yesterday the council has the draft budget on Monday.</p>'), quote)).toBe(
      'fixed',
    );
  });

  it('says the page changed when the context is gone', () => {
    expect(judgeQuote(page('<p>The council voted the budget through.</p>'), quote)).toBe('page_changed');
  });

  it('says the page changed, not fixed, when only the typo remains elsewhere', () => {
    expect(judgeQuote(page('<p>Something else entirely: recieved.</p>'), quote)).toBe('page_changed');
  });

  it('does not match context across blocks', () => {
    expect(judgeQuote(page('<p>the council has</p><p>received the draft budget on Monday</p>'), quote)).toBe(
      'page_changed',
    );
  });

  it('keeps a group open when one occurrence still has the typo', () => {
    const text = page(
      '<p>the council has received the draft budget on Monday</p><p>the council has recieved the draft budget on Monday</p>',
    );
    expect(judgeQuote(text, quote)).toBe('still_there');
  });

  it('places a quote at the end of its block by a long prefix alone', () => {
    const atEnd = { exact: 'recieved', prefix: 'and the draft budget was ', suffix: '' };
    expect(judgeQuote(page('<p>And the draft budget was recieved</p>'), atEnd)).toBe('page_changed');
    expect(judgeQuote(page('<p>and the draft budget was recieved</p>'), atEnd)).toBe('still_there');
    expect(judgeQuote(page('<p>and the draft budget was received</p>'), atEnd)).toBe('fixed');
  });

  it('will not call a short context fixed', () => {
    const short = { exact: 'teh', prefix: 'a ', suffix: ' b' };
    expect(judgeQuote(page('<p>a the b</p>'), short)).toBe('page_changed');
  });

  it('reads the quote with the same whitespace rules as the page', () => {
    const spaced = {
      exact: 'recieved',
      prefix: 'the\u00a0council   has ',
      suffix: '\tthe draft budget on Monday',
    };
    expect(judgeQuote(page('<p>the council has recieved the draft budget on Monday</p>'), spaced)).toBe(
      'still_there',
    );
  });
});
