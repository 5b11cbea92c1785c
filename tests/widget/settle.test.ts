/**
 * When the loader prefetches the dialog: once a reader's selection of page text has settled, never
 * on page load, never for selections in form fields, editors, ignored zones or our own UI.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isReportable, onSettledSelection, SETTLE_MS } from '../../widget/settle.js';
import { page, rangeOf } from './fixtures.js';

/** Selects `needle` in `root` as a reader's drag would. */
function select(root: Node, needle: string): Selection {
  const selection = getSelection()!;
  selection.removeAllRanges();
  selection.addRange(rangeOf(root, needle));
  return selection;
}

afterEach(() => {
  getSelection()?.removeAllRanges();
  if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
});

describe('isReportable', () => {
  it('takes a selection of page text', () => {
    const body = page('<p>the council has recieved the draft</p>');
    expect(isReportable(select(body, 'recieved'))).toBe(true);
  });

  it('refuses no selection and a collapsed one', () => {
    page('<p>text</p>');
    expect(isReportable(null)).toBe(false);
    getSelection()!.removeAllRanges();
    expect(isReportable(getSelection())).toBe(false);
  });

  it('refuses selections in ignored zones, editors and the widget’s own UI', () => {
    const body = page(`<nav data-misprint-ignore>Home pgae</nav>
      <div contenteditable>an edtior</div>
      <misprint-widget data-misprint-host><p>our dialgo</p></misprint-widget>`);
    expect(isReportable(select(body, 'pgae'))).toBe(false);
    expect(isReportable(select(body, 'edtior'))).toBe(false);
    expect(isReportable(select(body, 'dialgo'))).toBe(false);
  });

  it('refuses while a form field has the focus (the selection belongs to the field)', () => {
    const body = page('<p>the council has recieved the draft</p><textarea>a fieldd</textarea>');
    body.querySelector('textarea')!.focus();
    expect(isReportable(select(body, 'recieved'))).toBe(false);
  });
});

describe('onSettledSelection', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('calls back once a reportable selection has not changed for SETTLE_MS, not on page load', () => {
    const body = page('<p>the council has recieved the draft</p>');
    const settled = vi.fn();
    onSettledSelection(settled);
    vi.advanceTimersByTime(10 * SETTLE_MS);
    expect(settled).not.toHaveBeenCalled();

    select(body, 'recieved');
    // A drag: selectionchange keeps firing faster than the settle time.
    for (let i = 0; i < 5; i++) {
      document.dispatchEvent(new Event('selectionchange'));
      vi.advanceTimersByTime(SETTLE_MS / 2);
    }
    expect(settled).not.toHaveBeenCalled();
    vi.advanceTimersByTime(SETTLE_MS);
    expect(settled).toHaveBeenCalledTimes(1);
  });

  it('does not call back for a selection that is not reportable', () => {
    const body = page('<nav data-misprint-ignore>Home pgae</nav>');
    const settled = vi.fn();
    onSettledSelection(settled);
    select(body, 'pgae');
    document.dispatchEvent(new Event('selectionchange'));
    vi.advanceTimersByTime(2 * SETTLE_MS);
    expect(settled).not.toHaveBeenCalled();
  });
});
