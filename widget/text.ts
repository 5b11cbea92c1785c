/**
 * The page's text as a reader sees it, in logical (DOM) order: hidden text left out, whitespace
 * runs collapsed to one space, block boundaries as one newline, invisible characters dropped.
 * The capture reads the quote and its context from this text, and the position is an offset in it.
 */

/** A boundary point as in a DOM Range: a node and an offset into it. */
export interface DomPoint {
  node: Node;
  offset: number;
  /**
   * Which side of a collapsed whitespace run the point resolves to: a selection's start belongs
   * after it (the run is not selected text), its end before it.
   */
  side: 'start' | 'end';
}

/** The linearised text and where each requested point landed in it (-1: not under the root). */
export interface Linearised {
  text: string;
  points: number[];
}

/** Elements whose content is never rendered as text, or is a form control's value. */
const SKIPPED =
  /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE|TEXTAREA|SELECT|INPUT|HEAD|TITLE|IFRAME|OBJECT|VIDEO|AUDIO|CANVAS)$/i;

/** Matches one character of collapsible white space (includes NBSP and U+202F, like `\s`). */
const SPACE = /\s/;
const NBSP = '\u00a0';

/** Soft hyphen, zero-width space, word joiner, BOM: invisible, and they break text matching. */
const INVISIBLE = /[\u00ad\u200b\u2060\ufeff]/;

/**
 * Every character the linearisation decides about (white space, invisibles, joiners); the runs
 * between them go out whole, so a page's text costs a regular expression scan, not a step per
 * character.
 */
const SPECIAL = /[\s\u00ad\u200b\u2060\ufeff\u200c\u200d]/g;

/**
 * ZWJ/ZWNJ shape Indic, Arabic and Persian text and join emoji sequences, so they stay between two
 * characters beyond the Latin blocks; next to Latin text they are junk from copy-paste.
 */
function keepsJoiner(before: string | undefined, after: string | undefined): boolean {
  return before !== undefined && after !== undefined && before > '\u024f' && after > '\u024f';
}

/** Display values that flow inside a line, so they do not start a new block of text. */
function isInlineDisplay(display: string): boolean {
  return (
    display === '' || display.startsWith('inline') || display === 'contents' || display.startsWith('ruby')
  );
}

/** Whether an element is our own UI or hidden from readers (CSS, `aria-hidden`, never rendered). */
export function isHiddenElement(el: Element, style: CSSStyleDeclaration): boolean {
  return (
    SKIPPED.test(el.tagName) ||
    el.hasAttribute('data-misprint-host') ||
    el.getAttribute('aria-hidden') === 'true' ||
    style.display === 'none' ||
    /hidden|collapse/.test(style.visibility)
  );
}

/**
 * Builds the linearised text of `root` (descending into open shadow roots in flat-tree order). It
 * stops at the first block boundary after every point has landed: what follows cannot change the
 * points or the block around them, and on a long article that is most of the page's work.
 */
export function linearise(root: Node, points: readonly DomPoint[]): Linearised {
  // One string grown by +=: V8 builds it as a rope, far cheaper than a character array joined.
  let out = '';
  let last: string | undefined;
  let pendingSpace = false;
  let pendingBreak = false;
  // A single NBSP is kept as typed (a typesetter's choice); any longer run collapses to a space.
  let nbspOnly = false;
  let done = false;
  const resolved = points.map(() => -1);

  const here = (side: DomPoint['side']): number =>
    side === 'start' && out.length > 0 && (pendingSpace || pendingBreak) ? out.length + 1 : out.length;
  /** Whether an unresolved point is in `node` (checked once per node, not per character). */
  const pointsIn = (node: Node): boolean => points.some((p, i) => resolved[i] === -1 && p.node === node);
  const mark = (node: Node, offset: number): void => {
    for (let i = 0; i < points.length; i++) {
      const p = points[i];
      if (p && resolved[i] === -1 && p.node === node && p.offset === offset) resolved[i] = here(p.side);
    }
  };
  const blockBoundary = (): void => {
    pendingBreak = true;
    done = resolved.every((i) => i !== -1);
  };
  /** Appends visible text (one character or a run without special ones). */
  const emit = (run: string): void => {
    if (out.length > 0 && (pendingBreak || pendingSpace)) out += pendingBreak ? '\n' : nbspOnly ? NBSP : ' ';
    pendingSpace = pendingBreak = false;
    out += run;
    last = run.charAt(run.length - 1);
  };
  const space = (c: string): void => {
    nbspOnly = !pendingSpace && c === NBSP;
    pendingSpace = true;
  };

  const character = (c: string, next: string | undefined): void => {
    if (INVISIBLE.test(c)) return;
    if (c === '\u200c' || c === '\u200d') {
      if (!pendingSpace && keepsJoiner(last, next)) emit(c);
    } else if (SPACE.test(c)) space(c);
    else emit(c);
  };

  const text = (node: Text): void => {
    const data = node.data;
    if (pointsIn(node)) {
      for (let i = 0; i < data.length; i++) {
        mark(node, i);
        character(data.charAt(i), data[i + 1]);
      }
      mark(node, data.length);
      return;
    }
    let from = 0;
    SPECIAL.lastIndex = 0;
    for (let match = SPECIAL.exec(data); match; match = SPECIAL.exec(data)) {
      if (match.index > from) emit(data.slice(from, match.index));
      character(match[0], data[match.index + 1]);
      from = match.index + 1;
    }
    if (from < data.length) emit(data.slice(from));
  };

  const children = (parent: Node, nodes: ArrayLike<Node>): void => {
    const marked = pointsIn(parent);
    for (let i = 0; i < nodes.length && !done; i++) {
      if (marked) mark(parent, i);
      visit(nodes[i]!);
    }
    if (marked) mark(parent, nodes.length);
  };

  const skip = (el: Element): void => {
    for (const [i, p] of points.entries())
      if (resolved[i] === -1 && el.contains(p.node)) resolved[i] = here(p.side);
  };

  const visit = (node: Node): void => {
    if (node instanceof Text) text(node);
    else if (node instanceof DocumentFragment) children(node, node.childNodes);
    else if (node instanceof Element) element(node);
  };

  const element = (node: Element): void => {
    const style = getComputedStyle(node);
    if (isHiddenElement(node, style)) {
      skip(node);
      return;
    }
    if (node.tagName === 'BR') {
      space(' ');
      return;
    }
    const block = !isInlineDisplay(style.display);
    if (block) blockBoundary();
    // A shadow host renders its shadow tree; its light children appear only through slots.
    if (node.shadowRoot) children(node.shadowRoot, node.shadowRoot.childNodes);
    else {
      const slotted = node instanceof HTMLSlotElement ? node.assignedNodes({ flatten: true }) : [];
      children(node, slotted.length > 0 ? slotted : node.childNodes);
    }
    if (block) blockBoundary();
  };

  visit(root);
  return { text: out, points: resolved.map((i) => Math.min(i, out.length)) };
}
