import { describe, expect, it } from 'vitest';
import { characterCount, hasControlCharacter, hasLoneSurrogate } from '../../../server/ingest/text.js';

describe('reader text checks', () => {
  it('finds unpaired surrogates but accepts pairs', () => {
    expect(hasLoneSurrogate('emoji \u{1F600} ok')).toBe(false);
    expect(hasLoneSurrogate('high \ud83d alone')).toBe(true);
    expect(hasLoneSurrogate('low \ude00 alone')).toBe(true);
    expect(hasLoneSurrogate('\ude00\ud83d')).toBe(true);
    expect(hasLoneSurrogate('ends high \ud83d')).toBe(true);
  });

  it('allows tab and newline only in multi-line text', () => {
    expect(hasControlCharacter('a\tb\nc', true)).toBe(false);
    expect(hasControlCharacter('a\tb', false)).toBe(true);
    expect(hasControlCharacter('a\nb', false)).toBe(true);
    for (const c of ['\u0000', '\u0007', '\r', '\u001b', '\u007f', '\u0085', '\u009f']) {
      expect(hasControlCharacter(`x${c}y`, true), JSON.stringify(c)).toBe(true);
    }
    expect(hasControlCharacter('caf\u00e9 \u2028 \u00a0', false)).toBe(false);
  });

  it('counts code points, not UTF-16 units', () => {
    expect(characterCount('\u{1F600}\u{1F600}')).toBe(2);
    expect(characterCount('e\u0301')).toBe(2);
    expect(characterCount('')).toBe(0);
  });
});
