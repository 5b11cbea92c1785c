/** The reported selection highlighted in the sentence around it. Everything renders as text. */
import type { JSX } from 'preact';
import type { TextQuote } from '../../contract/report.js';

/** `…prefix <mark>exact</mark> suffix…`; the ellipses show where the captured context was cut. */
export function QuoteInContext({ quote }: { quote: TextQuote }): JSX.Element {
  return (
    <blockquote class="quote">
      {quote.prefix}
      <mark>{quote.exact}</mark>
      {quote.suffix}
    </blockquote>
  );
}
