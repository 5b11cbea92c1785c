import { describe, expect, it } from 'vitest';
import {
  hasLinkOrMarkup,
  isUnrelatedSuggestion,
  reportSignals,
} from '../../../server/triage/spam-signals.js';

describe('spam signals', () => {
  it.each([
    'see https://cheap.example/pills',
    'visit www.example.net',
    'best deals at pills-shop.com',
    '<a href="x">click</a>',
    'bold <b>text</b>',
    '[url=http://x]x[/url]',
    '[click](http://x)',
    '&lt;script&gt;',
  ])('finds a link or markup in %j', (comment) => {
    expect(hasLinkOrMarkup(comment)).toBe(true);
  });

  it.each(['spelling', 'should be "received", e.g. i before e', 'a < b and c > d', null])(
    'finds none in %j',
    (comment) => {
      expect(hasLinkOrMarkup(comment)).toBe(false);
    },
  );

  it.each([
    ['recieved', 'received', false],
    ['teh', 'the', false],
    ['Tuesday', 'Monday', false],
    ['2019', '2020', false],
    ['Jon', 'John', false],
    ['recieved', 'buy cheap watches now', true],
    ['cat', 'dog', true],
    ['recieved', '', false],
  ])('a typo %j corrected to %j is unrelated: %s', (exact, suggestion, unrelated) => {
    expect(isUnrelatedSuggestion('typo', exact, suggestion)).toBe(unrelated);
  });

  it('does not judge corrections of facts, whose text may differ entirely', () => {
    expect(isUnrelatedSuggestion('fact', 'Paris', 'London')).toBe(false);
  });

  it('lists a report’s own signals', () => {
    expect(
      reportSignals({
        kind: 'typo',
        exact: 'recieved',
        suggestion: 'great offers',
        comment: 'see www.spam.example',
      }),
    ).toEqual(['link', 'unrelated']);
    expect(reportSignals({ kind: 'typo', exact: 'recieved', suggestion: 'received', comment: null })).toEqual(
      [],
    );
  });
});
