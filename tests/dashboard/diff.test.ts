import { describe, expect, it } from 'vitest';
import { diffText } from '../../dashboard/diff.js';

const render = (before: string, after: string) =>
  diffText(before, after)
    .map((part) =>
      part.type === 'same' ? part.text : part.type === 'del' ? `[-${part.text}-]` : `{+${part.text}+}`,
    )
    .join('');

describe('inline diff', () => {
  it('shows a misspelt word letter by letter', () => {
    expect(render('recieved', 'received')).toBe('rec[-i-]e{+i+}ved');
  });

  it('shows a replaced word in a sentence word by word', () => {
    expect(render('the cat sat on the mat', 'the dog sat on the mat')).toBe(
      'the [-cat-]{+dog+} sat on the mat',
    );
  });

  it('shows inserted and removed words', () => {
    expect(render('a very big house', 'a big red house')).toBe('a [-very -]big {+red +}house');
  });

  it('keeps punctuation apart from words', () => {
    expect(render('Hello world', 'Hello, world!')).toBe('Hello{+,+} world{+!+}');
  });

  it('reproduces both texts exactly', () => {
    const before = 'Teh quick brown fox jumps over teh lazy dog.';
    const after = 'The quick brown fox jumped over the lazy dog';
    const parts = diffText(before, after);
    expect(
      parts
        .filter((p) => p.type !== 'ins')
        .map((p) => p.text)
        .join(''),
    ).toBe(before);
    expect(
      parts
        .filter((p) => p.type !== 'del')
        .map((p) => p.text)
        .join(''),
    ).toBe(after);
  });

  it('handles empty sides and non-Latin scripts', () => {
    expect(render('', 'new')).toBe('{+new+}');
    expect(render('old', '')).toBe('[-old-]');
    expect(render('Привет мир', 'Привет, мир')).toBe('Привет{+,+} мир');
  });
});
