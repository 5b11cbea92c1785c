import { describe, expect, it } from 'vitest';
import { isReportShortcut } from '../../widget/keys.js';
import { page } from './fixtures.js';

/** Dispatches a keydown on `target` and returns whether the widget would act on it. */
function press(
  target: EventTarget,
  init: KeyboardEventInit & { keyCode?: number },
  prevent = false,
): boolean {
  let seen = false;
  const listener = (event: Event) => {
    if (event instanceof KeyboardEvent) seen = isReportShortcut(event);
  };
  if (prevent) target.addEventListener('keydown', (event) => event.preventDefault(), { once: true });
  window.addEventListener('keydown', listener, { once: true });
  const event = new KeyboardEvent('keydown', {
    key: 'Enter',
    bubbles: true,
    cancelable: true,
    composed: true,
    ...init,
  });
  if (init.keyCode !== undefined) Object.defineProperty(event, 'keyCode', { value: init.keyCode });
  target.dispatchEvent(event);
  return seen;
}

describe('isReportShortcut', () => {
  it('accepts Ctrl+Enter and Meta+Enter alike', () => {
    const body = page('<p>text</p>');
    expect(press(body, { ctrlKey: true })).toBe(true);
    expect(press(body, { metaKey: true })).toBe(true);
  });

  it('ignores Enter alone, other keys and Alt combinations', () => {
    const body = page('<p>text</p>');
    expect(press(body, {})).toBe(false);
    expect(press(body, { ctrlKey: true, key: 'a' })).toBe(false);
    expect(press(body, { ctrlKey: true, altKey: true })).toBe(false);
  });

  it('ignores fields, editors and areas the site excludes', () => {
    const body = page(
      '<input id="i"><textarea id="t"></textarea><div contenteditable="true"><p id="e">x</p></div><nav data-misprint-ignore><a id="n" href="#">x</a></nav>',
    );
    for (const id of ['i', 't', 'e', 'n'])
      expect(press(body.querySelector(`#${id}`)!, { ctrlKey: true }), id).toBe(false);
  });

  it('ignores keys while an IME composes', () => {
    const body = page('<p>text</p>');
    expect(press(body, { ctrlKey: true, isComposing: true })).toBe(false);
    expect(press(body, { ctrlKey: true, keyCode: 229 })).toBe(false);
  });

  it('ignores a shortcut the page already handled', () => {
    const body = page('<p>text</p>');
    expect(press(body, { ctrlKey: true }, true)).toBe(false);
  });

  it('ignores keys typed inside the widget’s own shadow root', () => {
    const body = page('<div data-misprint-host></div>');
    const root = body.querySelector('div')!.attachShadow({ mode: 'open' });
    root.innerHTML = '<textarea></textarea><p tabindex="0">x</p>';
    expect(press(root.querySelector('p')!, { ctrlKey: true })).toBe(false);
  });
});
