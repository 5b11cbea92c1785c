/** The reported selection highlighted in the sentence around it. Everything renders as text. */
import type { JSX } from 'preact';
import type { TextQuote } from '../../contract/report.js';
import { textDirection } from '../bidi.js';
import { ReaderText } from './ReaderText.js';

/**
 * `…prefix <mark>exact</mark> suffix…`; the ellipses show where the captured context was cut. Each
 * part is its own isolate, so a control character in the context cannot disguise the selection;
 * the quote takes the direction of its language, so a Hebrew sentence still reads right to left.
 */
export function QuoteInContext({ quote }: { quote: TextQuote }): JSX.Element {
  return (
    <blockquote class="quote" dir={textDirection(quote.prefix + quote.exact + quote.suffix)}>
      <ReaderText text={quote.prefix} />
      <mark>
        <ReaderText text={quote.exact} />
      </mark>
      <ReaderText text={quote.suffix} />
    </blockquote>
  );
}
