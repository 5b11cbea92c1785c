/**
 * Turns a reader's selection into what a report carries: a W3C TextQuoteSelector (the selected
 * text and up to CONTEXT_CHARS of context on each side, within its block) and a
 * TextPositionSelector over the page's linearised text. Fixtures: docs/capture-cases.md.
 */
import { CONTEXT_CHARS, type TextPosition, type TextQuote } from '../contract/report.js';
import { cutPrefix, cutSuffix } from './quote.js';
import { linearise } from './text.js';

/** A selection that can be reported. */
export interface Captured {
  kind: 'ok';
  quote: TextQuote;
  position: TextPosition;
  /** The language of the selected text (nearest `lang`), '' when the page declares none. */
  lang: string;
  /** The selection ran over a block boundary and only its first block is reported. */
  cut: boolean;
}

/** What the reader selected, or why it cannot be reported. */
export type CaptureResult =
  | Captured
  | { kind: 'empty' }
  | { kind: 'ignored' }
  | { kind: 'long'; length: number; max: number };

/** The parent across shadow boundaries, so checks reach the light-DOM ancestors of a shadow tree. */
function composedParent(node: Node): Node | null {
  return node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
}

/** The nearest element (itself included) matching `selector`, looking through shadow roots. */
export function closestComposed(node: Node | null, selector: string): Element | null {
  for (let n = node; n; n = composedParent(n)) if (n instanceof Element && n.matches(selector)) return n;
  return null;
}

/** Where readers may not report: marked by the site, or the widget's own UI. */
export const IGNORED_SELECTOR = '[data-misprint-ignore],[data-misprint-host]';

function isSpace(c: string | undefined): boolean {
  return c !== undefined && /\s/.test(c);
}

/**
 * Captures `range` (a live Range or a StaticRange from getComposedRanges) against the text of
 * `root`. `max` is the longest selection the site accepts.
 */
export function captureRange(range: AbstractRange, max: number, root: Node = document.body): CaptureResult {
  if (range.collapsed) return { kind: 'empty' };
  if (
    closestComposed(range.startContainer, IGNORED_SELECTOR) ||
    closestComposed(range.endContainer, IGNORED_SELECTOR)
  )
    return { kind: 'ignored' };
  const { text, points } = linearise(root, [
    { node: range.startContainer, offset: range.startOffset, side: 'start' },
    { node: range.endContainer, offset: range.endOffset, side: 'end' },
  ]);
  let start = points[0] ?? -1;
  let end = points[1] ?? -1;
  if (start < 0 || end < 0) return { kind: 'empty' };
  // A double-click on Windows selects the word and its trailing space: the space is context.
  while (start < end && isSpace(text[start])) start++;
  while (end > start && isSpace(text[end - 1])) end--;
  // Two blocks are never merged into one quote: report the first, and say so.
  const boundary = text.indexOf('\n', start);
  const cut = boundary !== -1 && boundary < end;
  if (cut) {
    end = boundary;
    while (end > start && isSpace(text[end - 1])) end--;
  }
  if (start >= end) return { kind: 'empty' };
  const exact = text.slice(start, end);
  if (exact.length > max) return { kind: 'long', length: exact.length, max };
  const blockStart = text.lastIndexOf('\n', start - 1) + 1;
  const blockEnd = text.indexOf('\n', end);
  return {
    kind: 'ok',
    quote: {
      exact,
      prefix: cutPrefix(text.slice(blockStart, start), CONTEXT_CHARS),
      suffix: cutSuffix(text.slice(end, blockEnd === -1 ? text.length : blockEnd), CONTEXT_CHARS),
    },
    position: { start, end },
    lang: closestComposed(range.startContainer, '[lang]')?.getAttribute('lang')?.slice(0, 35) ?? '',
    cut,
  };
}
