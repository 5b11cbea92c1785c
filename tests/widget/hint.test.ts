/** The reader's own way to report, named in their language: `data-misprint-hint` and the empty-selection hint. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chunk } from '../../widget/hint.js';
import * as de from '../../widget/i18n/de.js';
import * as en from '../../widget/i18n/en.js';
import { howToReport } from '../../widget/shortcut.js';
import { page } from './fixtures.js';

const LINUX =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15';

/** Emulates a device: its user agent and whether its pointer is coarse. */
function device(userAgent: string, coarse = false): void {
  vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(userAgent);
  vi.stubGlobal('matchMedia', (query: string) => ({ matches: coarse && query === '(pointer: coarse)' }));
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('howToReport', () => {
  it('names Ctrl+Enter on Linux and Windows', () => {
    device(LINUX);
    expect(howToReport(en.hint)).toBe('Found a typo? Select it and press Ctrl+Enter.');
  });

  it('names ⌘+Enter on Apple platforms', () => {
    device(MAC);
    expect(howToReport(en.hint)).toBe('Found a typo? Select it and press ⌘+Enter.');
  });

  it('names the button on touch screens, whatever the platform says', () => {
    device(MAC, true);
    expect(howToReport(en.hint)).toBe('Found a typo? Select it and tap the button.');
  });

  it('names the keys as the language’s keyboards label them', () => {
    device(LINUX);
    expect(howToReport(de.hint)).toBe('Tippfehler entdeckt? Markieren Sie ihn und drücken Sie Strg+Enter.');
  });
});

describe('the hint chunk', () => {
  it('gives every [data-misprint-hint] element the reader’s shortcut as its text', () => {
    device(MAC);
    const body = page(
      '<footer><span data-misprint-hint>Ctrl+Enter</span><p data-misprint-hint></p></footer>',
    );
    chunk(en.hint)();
    expect([...body.querySelectorAll('[data-misprint-hint]')].map((el) => el.textContent)).toEqual([
      'Found a typo? Select it and press ⌘+Enter.',
      'Found a typo? Select it and press ⌘+Enter.',
    ]);
  });
});
